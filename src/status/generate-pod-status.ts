/**
 * The pod's API status from the engine's observed state: kubelet `generateAPIPodStatus` plus the
 * status manager's rules that matter on one machine (terminal phases are sticky, a finished pod is
 * never left Pending/Running, condition transition times survive unchanged statuses).
 */
import type { Container, ContainerStatus, Pod, PodPhase, PodStatus } from "../api/index.js";
import { isSidecar } from "../api/index.js";
import { allContainersCouldRestart, formatTime } from "../api/index.js";
import { isRestartAllDue } from "../lifecycle/index.js";
import type { ContainerRecord, PodRuntimeState } from "../lifecycle/index.js";
import { isStartInFlight, toContainerStatus } from "./container-statuses.js";
import { generatePodConditions } from "./pod-conditions.js";
import { getPodPhase } from "./pod-phase.js";
import { getQosClass } from "./qos-class.js";
import { statusLookup } from "./status-lookup.js";

/** The kubelet's active-deadline eviction words (pkg/kubelet/active_deadline.go). */
export const DEADLINE_EXCEEDED_REASON = "DeadlineExceeded";
export const DEADLINE_EXCEEDED_MESSAGE = "Pod was active on the node longer than the specified deadline";

const isTerminalPhase = (phase: PodPhase | undefined): boolean => phase === "Succeeded" || phase === "Failed";

/**
 * `pod.status` as the kubelet would report it for `state` at `nowMs`. `previous` is the status this
 * function last returned (sticky phases, condition transition times, startTime). `pod.status` is
 * deliberately ignored: a manifest exported from a cluster carries a stale status.
 */
export function generatePodStatus(
  pod: Pod,
  state: PodRuntimeState,
  nowMs: number,
  previous?: PodStatus,
): PodStatus {
  const isTerminating = state.termination !== undefined;
  // Nothing of the pod runs any more and nothing will start again: kubelet `podIsTerminal`.
  const isFinished =
    isTerminating &&
    Object.values(state.containers).every((r) => r.state.kind !== "running" && r.state.kind !== "starting");

  const previousStatus = statusLookup([
    ...(previous?.initContainerStatuses ?? []),
    ...(previous?.containerStatuses ?? []),
  ]);
  const statusOf = (container: Container, role: ContainerRecord["role"]): ContainerStatus => {
    const record = state.containers[container.name] ?? notCreated(container.name, role);
    if (isStartInFlight(record) && record.lastTermination !== undefined) {
      // A restart is created, started and its postStart run (and the instance killed if that
      // failed, F3) within one kubelet sync, which publishes the status it found at its start: a
      // cluster goes from the crash (`Error`, `CrashLoopBackOff`, `PostStartHookError`) straight
      // to `Running`. Keep what was last reported.
      const published = previousStatus(container.name);
      if (published !== undefined) return published;
    }
    // A terminating pod restarts nothing (C4), so a held or failed restart shows as the exit it followed.
    return toContainerStatus(container, isTerminating ? withoutPendingRestart(record) : record, pod);
  };
  const initContainerStatuses = (pod.spec.initContainers ?? []).map((c) =>
    statusOf(c, isSidecar(c) ? "sidecar" : "init"),
  );
  // The kubelet lists init statuses in spec order and regular ones sorted by name.
  const containerStatuses = pod.spec.containers
    .map((c) => statusOf(c, "regular"))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  let phase = getPodPhase(
    { ...pod, status: { initContainerStatuses, containerStatuses } },
    { terminal: isFinished },
  );
  let reason: string | undefined;
  let message: string | undefined;
  if (state.termination?.reason === "DeadlineExceeded") {
    // The active-deadline handler evicts: Failed at once, while containers are still stopping.
    phase = "Failed";
    reason = DEADLINE_EXCEEDED_REASON;
    message = DEADLINE_EXCEEDED_MESSAGE;
  } else if (isFinished && !isTerminalPhase(phase)) {
    // Status manager `TerminatePod`: a pod that will never run again is marked Failed.
    phase = "Failed";
  }
  if (previous?.phase !== undefined && isTerminalPhase(previous.phase)) {
    // D3: a terminal phase is never left, nor swapped for the other one.
    phase = previous.phase;
    reason = previous.reason;
    message = previous.message;
  }

  const hasSandbox = state.sandboxReadyAtMs !== undefined;
  const status: PodStatus = { phase };
  status.conditions = generatePodConditions({
    pod,
    initContainerStatuses,
    containerStatuses,
    phase,
    hasSandbox: hasSandbox && !isFinished,
    nowMs,
    scheduledAtMs: state.admittedAtMs,
    ...(previous?.conditions === undefined ? {} : { previous: previous.conditions }),
    ...(allContainersCouldRestart(pod.spec) ? { allContainersRestarting: isRestartAllDue(pod, state) } : {}),
  });
  if (message !== undefined) status.message = message;
  if (reason !== undefined) status.reason = reason;
  if (state.hostIP !== undefined) {
    status.hostIP = state.hostIP;
    status.hostIPs = [{ ip: state.hostIP }];
  }
  if (hasSandbox && state.podIP !== undefined && state.podIP !== "") {
    status.podIP = state.podIP;
    status.podIPs = [{ ip: state.podIP }];
  }
  status.startTime = previous?.startTime ?? formatTime(state.admittedAtMs);
  if (initContainerStatuses.length > 0) status.initContainerStatuses = initContainerStatuses;
  status.containerStatuses = containerStatuses;
  status.qosClass = getQosClass(pod);
  return status;
}

function notCreated(name: string, role: ContainerRecord["role"]): ContainerRecord {
  return {
    name,
    role,
    state: { kind: "notCreated" },
    restartCount: 0,
    probes: { startup: "Unknown", liveness: "Success", readiness: "Failure" },
  };
}

/** C4: in a terminating pod a held restart, or a failed start's exit, shows as the exit it followed. */
function withoutPendingRestart(record: ContainerRecord): ContainerRecord {
  let next = record;
  if (next.backOff !== undefined) {
    const { backOff: _held, ...rest } = next;
    next = rest;
  }
  if (next.startError !== undefined && next.state.kind === "exited") {
    const { startError: _failed, ...rest } = next;
    next = rest;
  }
  return next;
}
