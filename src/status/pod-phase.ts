/**
 * The kubelet's `getPhase` (pkg/kubelet/kubelet_pods.go, v1.36): the pod phase from the spec and
 * the container statuses, with the split pending counters the upstream `TestPodPhaseWith*` tests
 * require, and ContainerRestartRules / RestartAllContainers on as in v1.36: whether a stopped
 * container will run again comes from its own restartPolicy and rules, else the pod's; a
 * container removed by an in-place pod restart (`RestartingAllContainers`) always will. The rule,
 * as a table, is docs/rules/phase.md; docs/rules/lifecycle.md §D1–D2 cites the same source.
 */
import { containerShouldRestart } from "../api/index.js";
import { isSidecar } from "../api/index.js";
import { RESTARTING_ALL_CONTAINERS_REASON } from "../lifecycle/index.js";
import type {
  Container,
  ContainerStateTerminated,
  ContainerStatus,
  Pod,
  PodPhase,
  PodSpec,
} from "../api/index.js";
import { statusLookup } from "./status-lookup.js";

export interface PodPhaseOptions {
  /** The agent will not run the pod again (deleted, deadline passed): see docs/rules/phase.md "Decision", step 4. */
  terminal?: boolean;
  /**
   * Whether a regular container has started in the current sandbox. Defaults to
   * `hasAnyRegularContainerStarted(spec, statuses)`, the only proxy the API objects carry;
   * set it when the caller knows better (upstream passes sandbox-level runtime data).
   */
  hasInitialized?: boolean;
}

/** Phase of `pod` from `pod.spec` and the statuses in `pod.status` (docs/rules/phase.md "Counting" and "Decision"). */
export function getPodPhase(pod: Pod, options: PodPhaseOptions = {}): PodPhase {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const hasInitialized = options.hasInitialized ?? hasAnyRegularContainerStarted(pod.spec, statuses);
  const restartPolicy = pod.spec.restartPolicy ?? "Always";
  const willRestart = (container: Container, terminated: ContainerStateTerminated) =>
    containerShouldRestart(container, restartPolicy, terminated.exitCode) ||
    terminated.reason === RESTARTING_ALL_CONTAINERS_REASON;
  const find = statusLookup(statuses);

  let pendingRegularInit = 0;
  let failedInitNotRestartable = 0;
  let pendingSidecar = 0;
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let stoppedNotRestartable = 0;
  let succeeded = 0;

  for (const container of pod.spec.initContainers ?? []) {
    const status = find(container.name);
    const state = status?.state;
    const lastTerminated = status?.lastState?.terminated;
    if (isSidecar(container)) {
      if (status === undefined) unknown++;
      else if (state?.running !== undefined) {
        running++;
        if (status.started !== true) pendingSidecar++;
      } else if (state?.terminated !== undefined) {
        // A terminated sidecar never decides the phase.
      } else if (state?.waiting !== undefined) {
        if (lastTerminated === undefined) {
          pendingSidecar++;
          waiting++;
        }
      } else {
        pendingSidecar++;
        unknown++;
      }
      continue;
    }
    if (status === undefined || state?.running !== undefined) pendingRegularInit++;
    else if (state?.terminated !== undefined) {
      if (state.terminated.exitCode !== 0 && !willRestart(container, state.terminated))
        failedInitNotRestartable++;
    } else if (state?.waiting !== undefined && lastTerminated !== undefined) {
      if (lastTerminated.exitCode !== 0 && !willRestart(container, lastTerminated))
        failedInitNotRestartable++;
    } else pendingRegularInit++;
  }

  for (const container of pod.spec.containers) {
    const status = find(container.name);
    const state = status?.state;
    if (status === undefined) unknown++;
    else if (state?.running !== undefined) running++;
    else if (state?.terminated !== undefined) {
      stopped++;
      if (!willRestart(container, state.terminated)) stoppedNotRestartable++;
      if (state.terminated.exitCode === 0) succeeded++;
    } else if (state?.waiting !== undefined) {
      // A restart held in backoff counts as stopped.
      const lastTerminated = status.lastState?.terminated;
      if (lastTerminated !== undefined) {
        stopped++;
        if (!willRestart(container, lastTerminated)) stoppedNotRestartable++;
      } else waiting++;
    } else unknown++;
  }

  if (failedInitNotRestartable > 0) return "Failed";
  if (pendingRegularInit > 0 || (pendingSidecar > 0 && !hasInitialized) || waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (options.terminal === true) return stopped === succeeded ? "Succeeded" : "Failed";
    // Some container will run again (restarting, or in backoff).
    if (stopped !== stoppedNotRestartable) return "Running";
    return stopped === succeeded ? "Succeeded" : "Failed";
  }
  return "Pending";
}

/**
 * kubelet `HasAnyRegularContainerStarted`: some status named after a `spec.containers` entry is
 * running or terminated. Keeps `Initialized` True and the phase out of Pending while a sidecar
 * restarts after initialization (docs/rules/lifecycle.md §B10).
 */
export function hasAnyRegularContainerStarted(spec: PodSpec, statuses: readonly ContainerStatus[]): boolean {
  const regular = new Set(spec.containers.map((c) => c.name));
  return statuses.some(
    (s) => regular.has(s.name) && (s.state?.running !== undefined || s.state?.terminated !== undefined),
  );
}
