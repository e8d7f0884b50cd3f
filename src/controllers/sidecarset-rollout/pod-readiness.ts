/**
 * Pod facts the rollout reads, as upstream defines them: `IsPodActive` (kubernetes
 * pkg/controller), `podutil.IsPodReady`, and Kruise's `util.IsRunningAndReady` (Running, Ready,
 * not being deleted).
 */
import type { Pod, PodCondition } from "../../api/index.js";

export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && pod.metadata.deletionTimestamp === undefined;
}

export function readyCondition(pod: Pod): PodCondition | undefined {
  return (pod.status?.conditions ?? []).find((c) => c.type === "Ready");
}

export function hasReadyCondition(pod: Pod): boolean {
  return readyCondition(pod)?.status === "True";
}

export function isRunningAndReady(pod: Pod): boolean {
  return (
    pod.status?.phase === "Running" && hasReadyCondition(pod) && pod.metadata.deletionTimestamp === undefined
  );
}
