/**
 * The pod's memory limit as the kubelet gives its pod cgroup (cm/helpers_linux.go
 * `ResourceConfigForPod`): `PodLimits`' memory, set only when every container declares a memory
 * limit or the pod has a pod-level one (otherwise the pod cgroup has none). A memory-backed
 * emptyDir is sized by it (emptydir `calculateEmptyDirMemorySize`).
 */
import type { Container, Pod } from "../api/index.js";
import { parseQuantity, scaledQuantityValue } from "../api/quantity/index.js";
import { podLimitQuantities } from "./pod-resources.js";

/** Bytes (`Value()`, rounded up), or undefined when the pod cgroup would have no memory limit. */
export function podMemoryLimitBytes(pod: Pod): number | undefined {
  const containers: Container[] = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const isDeclared =
    containers.every((c) => isPositive(c.resources?.limits?.memory)) ||
    isPositive(pod.spec.resources?.limits?.memory);
  if (!isDeclared) return undefined;
  const memory = podLimitQuantities(pod).get("memory");
  return memory === undefined ? undefined : Number(scaledQuantityValue(memory, 0));
}

function isPositive(text: string | number | undefined): boolean {
  if (text === undefined) return false;
  const parsed = parseQuantity(text);
  return parsed.ok && parsed.quantity.nanos > 0n;
}
