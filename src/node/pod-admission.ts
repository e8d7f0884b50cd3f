/**
 * Can podvisor run this pod faithfully on this node? The kubelet's admit handlers for podvisor
 * node: the volume types podvisor supports, the ConfigMaps and Secrets it needs, and what the
 * runtime refuses (`checkPod`, the same check `podvisor run` does before it starts anything), and
 * podvisor's own `podvisor.dev/wait-for` annotation (docs/ordering.md), which the API server does
 * not check.
 * Each problem is "<field.path>: <why>"; none means admitted.
 */
import { formatFieldError, resolveWaitFor, type Pod } from "../api/index.js";
import { checkSupportedVolumes, nodeProjectionSources } from "../admission/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import { buildLaunchSpec, lookupInLists, resolveContainerEnv, resolveVolumes } from "../podspec/index.js";
import type { PodObjects } from "./pod-objects.js";

export async function admissionProblems(
  pod: Pod,
  objects: PodObjects,
  runtime: ContainerRuntime,
  node: { hostIP: string; nodeName: string },
): Promise<string[]> {
  const problems = [
    ...checkSupportedVolumes(pod.spec, "spec", runtime.capabilities.volumeTypes, nodeProjectionSources).map(
      (e) => `${e.path}: ${e.detail ?? e.type}`,
    ),
    ...objects.missing.map((m) => `${m} not found`),
    ...resolveWaitFor(pod.metadata, pod.spec).errors.map(formatFieldError),
  ];
  if (problems.length > 0) return problems;
  const lookup = lookupInLists(objects);
  const launches = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((container) => {
    // Before its sandbox exists a pod has no address of its own; on the host's network it is the node's.
    const podIP = runtime.capabilities.network === "host" ? node.hostIP : "";
    const env = resolveContainerEnv(pod, container, { objects: lookup, podIP, ...node });
    return buildLaunchSpec(pod, container, "env" in env ? env.env : []);
  });
  const spec = {
    uid: pod.metadata.uid ?? "",
    name: pod.metadata.name ?? "",
    namespace: pod.metadata.namespace ?? "default",
    volumes: resolveVolumes(pod, lookup),
  };
  return runtime.checkPod(spec, launches);
}
