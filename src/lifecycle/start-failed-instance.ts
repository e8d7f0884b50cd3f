/**
 * A17: a container whose start call failed after it was created, as containerd's CRI keeps it
 * and the kubelet then reports it. containerd (internal/cri/server/container_start.go, the
 * deferred failure branch) sets the container EXITED with `errorStartExitCode` 128 (Docker's
 * code), reason `errorStartReason` "StartError", the error as its message, a finish time of now
 * and no start time (the kubelet shows the zero Unix time). The kubelet
 * (kuberuntime_container.go `startContainer`) returns ErrRunContainer with the CRI error's message,
 * which its reason cache shows as `Waiting RunContainerError` while the container is to be
 * restarted (kubelet_pods.go `convertToAPIContainerStatuses`), with the exited instance as
 * `lastState`. Being an instance, it moves `restartCount` at the next start, is what `doBackOff`
 * backs off from, and under `restartPolicy: Never` it is not restarted (exit code 128).
 */
import type { ContainerRecord, Termination } from "./pod-state.js";

export const START_ERROR_EXIT_CODE = 128;
export const START_ERROR_REASON = "StartError" as const;

export function startFailedInstance(
  record: ContainerRecord,
  failure: { message: string; atMs: number; containerId?: string },
): ContainerRecord {
  const { startError: _replaced, killing: _killing, ...rest } = record;
  const termination: Termination = {
    exitCode: START_ERROR_EXIT_CODE,
    reason: START_ERROR_REASON,
    message: failure.message,
    startedAtMs: 0,
    finishedAtMs: failure.atMs,
    ...(failure.containerId !== undefined ? { containerId: failure.containerId } : {}),
  };
  return {
    ...rest,
    state: { kind: "exited", termination },
    startError: { reason: "RunContainerError", message: failure.message },
  };
}
