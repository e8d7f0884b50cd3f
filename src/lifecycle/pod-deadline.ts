/**
 * `spec.activeDeadlineSeconds`: once the pod has been active that long (measured from admission,
 * the kubelet's `status.startTime`), it is terminated with reason DeadlineExceeded.
 */
import type { Pod } from "../api/index.js";
import type { PodRuntimeState } from "./pod-state.js";

/** Epoch ms at which the pod's active deadline passes, or undefined when it has none. */
export function computeDeadlineMs(pod: Pod, state: PodRuntimeState): number | undefined {
  const seconds = pod.spec.activeDeadlineSeconds;
  return seconds === undefined ? undefined : state.admittedAtMs + seconds * 1000;
}
