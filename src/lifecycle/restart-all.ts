/**
 * In-place pod restart (KEP-5532, RestartAllContainersOnContainerExits, beta and on by default in
 * v1.36; rule I4): when a container — init, sidecar or regular — exits with a code matching one of
 * its `RestartAllContainers` rules, the kubelet kills every running container without grace (no
 * preStop; the 2 s minimum stop window still applies), removes every container, and starts the
 * pod again from its first init container in the same sandbox (same UID, same IP, same volumes).
 * kubelet: `computePodActions` (ContainersToReset), `SyncPod` step 3, `ShouldAllContainersRestart`.
 */
import { isRestartAllContainersExit } from "../api/index.js";
import type { Pod } from "../api/index.js";
import { listContainerSpecs, listInitContainers, listRegularContainers, isLive } from "./container-specs.js";
import { INITIAL_PROBES } from "./initial-state.js";
import type { ContainerRecord, PodActions, PodRuntimeState, Termination } from "./pod-state.js";

/** The reason and message the kubelet gives a container removed by an in-place restart. */
export const RESTARTING_ALL_CONTAINERS_REASON = "RestartingAllContainers";
export const RESTARTING_ALL_CONTAINERS_MESSAGE =
  "The container is removed because RestartAllContainers in place";

/** Some container's last exit matched its RestartAllContainers rule and the pod is not terminating. */
export function isRestartAllDue(pod: Pod, state: PodRuntimeState): boolean {
  if (state.termination) return false;
  return listContainerSpecs(pod).some((entry) => {
    const current = state.containers[entry.name]?.state;
    return current?.kind === "exited" && isRestartAllContainersExit(entry.spec, current.termination.exitCode);
  });
}

/**
 * Kill what still runs — regular containers, then init containers, each in spec order (kubelet
 * `ContainersToReset`), one at a time like every single kill (B11) — and once nothing is live,
 * reset. A container still being started is killed once it runs.
 */
export function computeRestartAllActions(
  pod: Pod,
  state: PodRuntimeState,
): Pick<PodActions, "killContainers" | "resetContainers"> {
  const entries = [...listRegularContainers(pod), ...listInitContainers(pod)];
  const killContainers = entries
    .filter((entry) => {
      const record = state.containers[entry.name];
      return record?.state.kind === "running" && !record.killing;
    })
    .map((entry) => ({ name: entry.name, reason: "RestartAllContainers" as const, gracePeriodMs: 0 }));
  const isAnythingLive = Object.values(state.containers).some((record) => isLive(record) || record.killing);
  return { killContainers, resetContainers: killContainers.length === 0 && !isAnythingLive };
}

/**
 * The record of a container after the reset (kubelet `convertToAPIContainerStatuses` with
 * RestartAllContainers): one that ran counts a restart and shows the removal as its last state; one
 * that was only waiting (never created, held in back-off, failed to start) keeps what it showed.
 * Its CrashLoopBackOff entry stays, as the kubelet's backoff map does.
 */
export function resetRecord(record: ContainerRecord): ContainerRecord {
  const base: ContainerRecord = {
    name: record.name,
    role: record.role,
    state: { kind: "notCreated" },
    restartCount: record.restartCount,
    probes: { ...INITIAL_PROBES },
  };
  if (record.backoff) base.backoff = record.backoff;
  const wasWaiting = record.state.kind !== "exited" && record.state.kind !== "running";
  if (wasWaiting || record.backOff !== undefined) {
    const last =
      record.backOff !== undefined && record.state.kind === "exited"
        ? record.state.termination
        : record.lastTermination;
    if (last) base.lastTermination = last;
    return base;
  }
  const removed: Termination = {
    exitCode: 137,
    reason: RESTARTING_ALL_CONTAINERS_REASON,
    message: RESTARTING_ALL_CONTAINERS_MESSAGE,
    startedAtMs: 0,
    finishedAtMs: 0,
  };
  return { ...base, restartCount: record.restartCount + 1, lastTermination: removed };
}
