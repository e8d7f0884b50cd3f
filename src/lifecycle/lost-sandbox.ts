/**
 * A15 for a pod whose sandbox was lost with every container in it — `podvisor node` restarted:
 * on the process backend no container outlives podvisor. The pod's last status in the API stands
 * for the runtime's records of the lost sandbox (as containerd keeps exited containers across a
 * reboot), and the kubelet's rules for a changed sandbox apply (kuberuntime_manager.go
 * `computePodActions`, `podSandboxChanged` with attempt > 0):
 *
 * - restartPolicy Never and some container ran: nothing is re-created; the pod ends with what it
 *   had, a container that was running shown terminated as the kubelet shows a container it can no
 *   longer find (exit code 137, `ContainerStatusUnknown`; kubelet_pods.go
 *   `convertToAPIContainerStatuses`);
 * - otherwise a new sandbox and the whole init sequence from the first init container (A15); each
 *   container that ran starts as its next instance: restartCount + 1 (the kubelet counts on from
 *   the container's log files, `calcRestartCountByLogDir`), its last state the lost instance's
 *   end. Under OnFailure a regular container that had succeeded is not run again.
 */
import type { ContainerStateTerminated, ContainerStatus, Pod, PodStatus } from "../api/index.js";
import { signalFromNumber } from "../api/index.js";
import type { ContainerRecord, PodRuntimeState, Termination } from "./pod-state.js";

/** The kubelet's words for a container that was running and can no longer be found. */
export const LOST_CONTAINER_REASON = "ContainerStatusUnknown";
export const LOST_CONTAINER_MESSAGE =
  "The container could not be located when the pod was deleted.  The container used to be Running";

export type LostSandboxPlan =
  /** Nothing ran yet: the pod starts as a new one. */
  | { kind: "fresh" }
  /** A new sandbox; the state seeds the pod worker. */
  | { kind: "restart"; state: PodRuntimeState }
  /** restartPolicy Never: nothing is re-created; the state is the pod's end (termination set). */
  | { kind: "end"; state: PodRuntimeState };

/** What becomes of `pod` (last status `previous`) after its sandbox was lost; `fresh` is its new state. */
export function planAfterLostSandbox(
  pod: Pod,
  previous: PodStatus | undefined,
  fresh: PodRuntimeState,
  nowMs: number,
): LostSandboxPlan {
  const statuses = new Map(
    [...(previous?.initContainerStatuses ?? []), ...(previous?.containerStatuses ?? [])].map((s) => [
      s.name,
      s,
    ]),
  );
  const hasAnyRun = [...statuses.values()].some(hasRun);
  if (!hasAnyRun) return { kind: "fresh" };
  const containers: PodRuntimeState["containers"] = {};
  if ((pod.spec.restartPolicy ?? "Always") === "Never") {
    for (const [name, record] of Object.entries(fresh.containers))
      containers[name] = endedRecord(record, statuses.get(name));
    return {
      kind: "end",
      state: {
        ...fresh,
        sandboxReadyAtMs: nowMs,
        containers,
        termination: { reason: "Completed", startedAtMs: nowMs, gracePeriodMs: 0 },
      },
    };
  }
  for (const [name, record] of Object.entries(fresh.containers)) {
    const status = statuses.get(name);
    const keepsSuccess =
      pod.spec.restartPolicy === "OnFailure" &&
      record.role === "regular" &&
      status?.state?.terminated?.exitCode === 0;
    containers[name] = keepsSuccess ? endedRecord(record, status) : nextInstanceRecord(record, status);
  }
  return { kind: "restart", state: { ...fresh, containers } };
}

/** An instance of the container was created: it runs, ran, or waits to run again. */
function hasRun(status: ContainerStatus): boolean {
  return (
    status.state?.running !== undefined ||
    status.state?.terminated !== undefined ||
    status.lastState?.terminated !== undefined
  );
}

/** The lost instance's end: its own if it had ended, else the kubelet's "could not be located". */
function lostInstanceEnd(status: ContainerStatus): Termination | undefined {
  if (status.state?.terminated) return fromApi(status.state.terminated);
  if (status.state?.running) return lostTermination();
  return status.lastState?.terminated ? fromApi(status.lastState.terminated) : undefined;
}

function nextInstanceRecord(record: ContainerRecord, status: ContainerStatus | undefined): ContainerRecord {
  if (status === undefined || !hasRun(status)) return record;
  const end = lostInstanceEnd(status);
  return {
    ...record,
    restartCount: status.restartCount + 1,
    ...(end !== undefined ? { lastTermination: end } : {}),
  };
}

function endedRecord(record: ContainerRecord, status: ContainerStatus | undefined): ContainerRecord {
  if (status === undefined || !hasRun(status)) return record;
  const end = status.state?.terminated ? fromApi(status.state.terminated) : lostTermination();
  const last = status.lastState?.terminated;
  return {
    ...record,
    restartCount: status.restartCount,
    state: { kind: "exited", termination: end },
    ...(last !== undefined ? { lastTermination: fromApi(last) } : {}),
  };
}

function lostTermination(): Termination {
  return {
    exitCode: 137,
    reason: LOST_CONTAINER_REASON,
    message: LOST_CONTAINER_MESSAGE,
    startedAtMs: 0,
    finishedAtMs: 0,
  };
}

function fromApi(terminated: ContainerStateTerminated): Termination {
  const signal = terminated.signal === undefined ? undefined : signalFromNumber(terminated.signal);
  const containerId = terminated.containerID?.replace(/^[a-z]+:\/\//, "");
  return {
    exitCode: terminated.exitCode,
    // A reason this node recorded before (or the kubelet's default for the exit code).
    reason: (terminated.reason ??
      (terminated.exitCode === 0 ? "Completed" : "Error")) as Termination["reason"],
    ...(terminated.message !== undefined ? { message: terminated.message } : {}),
    ...(signal !== undefined ? { signal } : {}),
    startedAtMs: terminated.startedAt === undefined ? 0 : Date.parse(terminated.startedAt),
    finishedAtMs: terminated.finishedAt === undefined ? 0 : Date.parse(terminated.finishedAt),
    ...(containerId !== undefined ? { containerId } : {}),
  };
}
