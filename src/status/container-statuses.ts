/**
 * One container's API status from the engine's record of it (kubelet
 * `convertToAPIContainerStatuses` + the prober's `started`/`ready`): docs/rules/lifecycle.md §D5–D9, B8, §0.
 */
import { LOST_CONTAINER_REASON, RESTARTING_ALL_CONTAINERS_REASON } from "../lifecycle/index.js";
import { signalNumber } from "../api/index.js";
import type {
  Container,
  ContainerState,
  ContainerStateTerminated,
  ContainerStatus,
  Pod,
} from "../api/index.js";
import type { ContainerRecord, Termination } from "../lifecycle/index.js";
import { podRestartPolicy, shouldRestartAfterExit } from "../lifecycle/index.js";
import { formatTime } from "../api/index.js";

/** The status `kubectl get pod -o yaml` shows for `container`, given what the engine observed of it. */
export function toContainerStatus(container: Container, record: ContainerRecord, pod: Pod): ContainerStatus {
  const { state, lastState } = toStates(container, record, pod);
  const status: ContainerStatus = {
    name: container.name,
    state,
    lastState,
    ready: isReady(container, record),
    restartCount: record.restartCount,
    image: instanceImage(container, record),
    imageID: instanceImageID(record),
  };
  // kubelet: the id of the current instance, or of the one that ended last (also while in back-off).
  const id =
    record.state.kind === "running" && !isStartInFlight(record)
      ? record.state.id
      : record.state.kind === "exited"
        ? record.state.termination.containerId
        : undefined;
  if (id !== undefined) status.containerID = `podvisor://${id}`;
  status.started = hasStarted(container, record);
  return status;
}

/**
 * kubelet convertToAPIContainerStatuses: the runtime's image of the latest instance once one
 * exists, so while a container whose image changed is being killed (A16) the status still names
 * the old one; the spec's image before any instance.
 */
function instanceImage(container: Container, record: ContainerRecord): string {
  const hasInstance = record.state.kind !== "notCreated" && record.state.kind !== "startFailed";
  return (hasInstance ? record.image : undefined) ?? container.image ?? "";
}

/** The runtime's reference of the latest instance's image; "" before any instance or without images. */
function instanceImageID(record: ContainerRecord): string {
  const hasInstance = record.state.kind !== "notCreated" && record.state.kind !== "startFailed";
  return (hasInstance ? record.imageRef : undefined) ?? "";
}

/**
 * The kubelet's sync that starts this container has not returned: it is creating it, running its
 * postStart, or killing the instance after its postStart failed (F2, F3: never reported Running).
 */
export function isStartInFlight(record: ContainerRecord): boolean {
  return (
    record.state.kind === "starting" || (record.state.kind === "running" && record.startError !== undefined)
  );
}

function toStates(
  container: Container,
  record: ContainerRecord,
  pod: Pod,
): { state: ContainerState; lastState: ContainerState } {
  const previous: ContainerState =
    record.lastTermination === undefined ? {} : { terminated: toTerminated(record.lastTermination) };
  const current = record.state;
  switch (current.kind) {
    case "notCreated":
      return { state: { waiting: { reason: neverCreatedReason(pod) } }, lastState: previous };
    case "starting":
      return startInFlightStates(record, pod, previous);
    case "running":
      if (isStartInFlight(record)) return startInFlightStates(record, pod, previous);
      return { state: { running: { startedAt: formatTime(current.startedAtMs) } }, lastState: previous };
    case "startFailed":
      // B4: a create that failed after an exit is then held from that exit; the reason cache's
      // latest sync result is the back-off.
      if (record.backOff !== undefined)
        return {
          state: { waiting: { reason: "CrashLoopBackOff", message: record.backOff.message } },
          lastState: previous,
        };
      return {
        state: { waiting: { reason: current.reason, message: current.message } },
        lastState: previous,
      };
    case "exited":
      if (record.backOff !== undefined) {
        // B4: the restart is held; the run that just ended becomes the last state.
        return {
          state: { waiting: { reason: "CrashLoopBackOff", message: record.backOff.message } },
          lastState: { terminated: toTerminated(current.termination) },
        };
      }
      if (
        record.startError !== undefined &&
        shouldRestartAfterExit(
          { role: record.role, spec: container },
          current.termination,
          podRestartPolicy(pod.spec.restartPolicy),
        )
      ) {
        // F3, D8 (kubelet reason cache): the instance whose postStart failed ended and will be
        // restarted: Waiting PostStartHookError with the hook's message; the run it ended is the last state.
        return {
          state: { waiting: { ...record.startError } },
          lastState: { terminated: toTerminated(current.termination) },
        };
      }
      return { state: { terminated: toTerminated(current.termination) }, lastState: previous };
  }
}

/**
 * The kubelet creates, starts and runs postStart (and, if it failed, kills the instance) within one
 * sync, and a sync publishes the status it found when it began, so a cluster never shows this
 * step: a first start still reads as D5 (e.g. `Init:0/2` while the sidecar's postStart runs, not
 * `Init:ContainerCreating`); a restart after a failed postStart, and a retry after a failed
 * create or start, still show that failure (D8).
 */
function startInFlightStates(
  record: ContainerRecord,
  pod: Pod,
  previous: ContainerState,
): { state: ContainerState; lastState: ContainerState } {
  // D8: a retry after a failed start still shows that failure (the kubelet's reason cache).
  if (record.state.kind === "starting" && record.state.retrying !== undefined)
    return { state: { waiting: { ...record.state.retrying } }, lastState: previous };
  if (record.lastTermination === undefined)
    return { state: { waiting: { reason: neverCreatedReason(pod) } }, lastState: previous };
  if (record.state.kind === "starting" && record.startError !== undefined)
    return { state: { waiting: { ...record.startError } }, lastState: previous };
  return { state: { waiting: { reason: "ContainerCreating" } }, lastState: previous };
}

/** D7: exit code, runtime reason, times, message; `signal` as its Linux number when known. */
export function toTerminated(termination: Termination): ContainerStateTerminated {
  const terminated: ContainerStateTerminated = { exitCode: termination.exitCode };
  const signal = termination.signal === undefined ? undefined : signalNumber(termination.signal);
  if (signal !== undefined) terminated.signal = signal;
  terminated.reason = termination.reason;
  if (termination.message !== undefined && termination.message !== "")
    terminated.message = termination.message;
  // A container removed by an in-place pod restart or lost with its sandbox has no times (the
  // kubelet's zero metav1.Time).
  if (
    termination.reason !== RESTARTING_ALL_CONTAINERS_REASON &&
    termination.reason !== LOST_CONTAINER_REASON
  ) {
    terminated.startedAt = formatTime(termination.startedAtMs);
    terminated.finishedAt = formatTime(termination.finishedAtMs);
  }
  if (termination.containerId !== undefined) terminated.containerID = `podvisor://${termination.containerId}`;
  return terminated;
}

/** §0: running, and its startup probe (if any) has succeeded for this instance. */
function hasStarted(container: Container, record: ContainerRecord): boolean {
  if (record.state.kind !== "running" || isStartInFlight(record)) return false;
  return container.startupProbe === undefined || record.probes.startup === "Success";
}

/** B8: regular init container → exited 0; others → started and readiness (if probed) Success. */
function isReady(container: Container, record: ContainerRecord): boolean {
  if (record.role === "init") {
    return (
      record.state.kind === "exited" &&
      record.backOff === undefined &&
      record.state.termination.exitCode === 0
    );
  }
  if (!hasStarted(container, record)) return false;
  return container.readinessProbe === undefined || record.probes.readiness === "Success";
}

/** D5: containers not reached yet wait for the init sequence when there is one. */
function neverCreatedReason(pod: Pod): "PodInitializing" | "ContainerCreating" {
  return (pod.spec.initContainers ?? []).length > 0 ? "PodInitializing" : "ContainerCreating";
}
