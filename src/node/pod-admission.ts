/**
 * Can podvisor run this pod faithfully on this node? The kubelet's admit handlers for podvisor
 * node: the volume types podvisor supports, the ConfigMaps and Secrets it needs, and what the
 * runtime refuses (`checkPod`, the same check `podvisor run` does before it starts anything).
 * Each problem is "<field.path>: <why>"; none means admitted.
 */
import { checkPodvisorSupport, type Pod } from "../api/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import { LOCAL_IP } from "../status/index.js";
import { buildLaunchSpec, resolveContainerEnv, resolveVolumes } from "../podspec/index.js";
import type { PodObjects } from "./pod-objects.js";

export async function admissionProblems(
  pod: Pod,
  objects: PodObjects,
  runtime: ContainerRuntime,
  node: { hostIP: string; nodeName: string },
): Promise<string[]> {
  const problems = [
    ...checkPodvisorSupport(pod.spec, "spec").map((e) => `${e.path}: ${e.detail ?? e.type}`),
    ...objects.missing.map((m) => `${m} not found`),
  ];
  if (problems.length > 0) return problems;
  const launches = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((container) => {
    // The process backend shares the host network: the pod address is the loopback one, as the status says.
    const env = resolveContainerEnv(pod, container, { ...objects, podIP: LOCAL_IP, ...node });
    return buildLaunchSpec(pod, container, "env" in env ? env.env : []);
  });
  const spec = {
    uid: pod.metadata.uid ?? "",
    name: pod.metadata.name ?? "",
    namespace: pod.metadata.namespace ?? "default",
    volumes: resolveVolumes(pod, objects),
  };
  return runtime.checkPod(spec, launches);
}
