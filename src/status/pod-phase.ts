/**
 * The kubelet's `getPhase`: the pod phase from the spec and the container statuses, with the
 * split pending counters the upstream `TestPodPhaseWith*` tests require. The rule, as a table,
 * is shared/semantics/phase.md; lifecycle.md D1–D2 cites the same source.
 */
import { isSidecar } from "../api/types.js";
import type { ContainerStatus, Pod, PodPhase, PodSpec } from "../api/types.js";
import { statusLookup } from "./status-lookup.js";

export interface PodPhaseOptions {
  /** The agent will not run the pod again (deleted, deadline passed): see phase.md step 4.1. */
  terminal?: boolean;
  /**
   * Whether a regular container has started in the current sandbox. Defaults to
   * `hasAnyRegularContainerStarted(spec, statuses)`, the only proxy the API objects carry;
   * set it when the caller knows better (upstream passes sandbox-level runtime data).
   */
  hasInitialized?: boolean;
}

/** Phase of `pod` from `pod.spec` and the statuses in `pod.status` (phase.md "Algorithm"). */
export function getPodPhase(pod: Pod, options: PodPhaseOptions = {}): PodPhase {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const hasInitialized = options.hasInitialized ?? hasAnyRegularContainerStarted(pod.spec, statuses);
  const restartPolicy = pod.spec.restartPolicy ?? "Always";
  const find = statusLookup(statuses);

  let pendingRegularInit = 0;
  let failedInit = 0;
  let pendingSidecar = 0;
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
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
      if (state.terminated.exitCode !== 0) failedInit++;
    } else if (state?.waiting !== undefined && lastTerminated !== undefined) {
      if (lastTerminated.exitCode !== 0) failedInit++;
    } else pendingRegularInit++;
  }

  for (const container of pod.spec.containers) {
    const status = find(container.name);
    const state = status?.state;
    if (status === undefined) unknown++;
    else if (state?.running !== undefined) running++;
    else if (state?.terminated !== undefined) {
      stopped++;
      if (state.terminated.exitCode === 0) succeeded++;
    } else if (state?.waiting !== undefined) {
      // A restart held in backoff counts as stopped.
      if (status.lastState?.terminated !== undefined) stopped++;
      else waiting++;
    } else unknown++;
  }

  if (failedInit > 0 && restartPolicy === "Never") return "Failed";
  if (pendingRegularInit > 0 || (pendingSidecar > 0 && !hasInitialized) || waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (options.terminal === true) return stopped === succeeded ? "Succeeded" : "Failed";
    if (restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (restartPolicy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

/**
 * kubelet `HasAnyRegularContainerStarted`: some status named after a `spec.containers` entry is
 * running or terminated. Keeps `Initialized` True and the phase out of Pending while a sidecar
 * restarts after initialization (lifecycle.md B10).
 */
export function hasAnyRegularContainerStarted(spec: PodSpec, statuses: readonly ContainerStatus[]): boolean {
  const regular = new Set(spec.containers.map((c) => c.name));
  return statuses.some(
    (s) => regular.has(s.name) && (s.state?.running !== undefined || s.state?.terminated !== undefined),
  );
}
