/**
 * The pod's QoS class (`status.qosClass`), by the rule of kubelet `qos.GetPodQOS` over container
 * resources: only cpu and memory count; zero quantities are ignored; a missing request defaults to
 * its limit (API defaulting). Pod-level `spec.resources` (KEP-2837) is not considered.
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
 */
import type { Pod, ResourceList } from "../api/index.js";
import { parseQuantity } from "../api/quantity/index.js";

export type QosClass = "Guaranteed" | "Burstable" | "BestEffort";

const QOS_RESOURCES = ["cpu", "memory"] as const;

/** Guaranteed: every container limits cpu and memory with requests equal to limits; BestEffort: nothing set. */
export function getQosClass(pod: Pod): QosClass {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let isGuaranteed = true;
  for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    const containerLimits = positiveQuantities(container.resources?.limits);
    // API defaulting: a limit without a request sets the request.
    const containerRequests = new Map([
      ...containerLimits,
      ...positiveQuantities(container.resources?.requests),
    ]);
    for (const [name, value] of containerRequests) requests.set(name, (requests.get(name) ?? 0n) + value);
    for (const [name, value] of containerLimits) limits.set(name, (limits.get(name) ?? 0n) + value);
    if (!QOS_RESOURCES.every((name) => containerLimits.has(name))) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (isGuaranteed) {
    for (const [name, request] of requests) {
      if (limits.get(name) !== request) isGuaranteed = false;
    }
  }
  return isGuaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

/** cpu and memory values above zero, exact (nano-units); unparsable ones were refused by validation. */
function positiveQuantities(list: ResourceList | undefined): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const name of QOS_RESOURCES) {
    const raw = list?.[name];
    if (raw === undefined) continue;
    const parsed = parseQuantity(raw);
    if (parsed.ok && parsed.quantity.nanos > 0n) result.set(name, parsed.quantity.nanos);
  }
  return result;
}
