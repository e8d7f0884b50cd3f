/**
 * Initialization progress (kubelet `computeInitContainerActions`): which init containers to
 * (re)start now and whether the pod is initialized. Rules A2–A4, A9, A11–A14, B1, B10.
 */
import type { Pod } from "../api/index.js";
import {
  hasStarted,
  listInitContainers,
  listRegularContainers,
  type ContainerSpecEntry,
} from "./container-specs.js";
import type { PodRuntimeState } from "./pod-state.js";
import { needsStart, podRestartPolicy, shouldRestartAfterExit } from "./restart-decision.js";
import { podWaitOrder } from "./wait-order.js";

export interface InitProgress {
  /** Every init container is initialized, or the pod was initialized before (A14, B10). */
  isInitialized: boolean;
  /** Init containers to (re)start now, in spec order; backoff is applied by the caller. */
  toStart: string[];
  /** A11: a regular init container failed under restartPolicy Never; the pod fails. */
  hasFailed: boolean;
}

/**
 * A14/B10: once any regular container has been created the pod is initialized for good: completed
 * init containers never run again and only sidecars are kept running (restarted after exits, B1).
 */
export function isPodInitialized(pod: Pod, state: PodRuntimeState): boolean {
  return listRegularContainers(pod).some((entry) => {
    const kind = state.containers[entry.name]?.state.kind;
    return kind !== undefined && kind !== "notCreated";
  });
}

export function computeInitProgress(pod: Pod, state: PodRuntimeState): InitProgress {
  const allInits = listInitContainers(pod);
  const policy = podRestartPolicy(pod.spec.restartPolicy);
  if (isPodInitialized(pod, state)) {
    const toStart = allInits
      .filter((entry) => entry.role === "sidecar" && sidecarNeedsStart(entry, state))
      .map((entry) => entry.name);
    return { isInitialized: true, toStart, hasFailed: false };
  }
  // docs/ordering.md: a post-app sidecar is not part of the init sequence; it starts after it.
  const postApp = podWaitOrder(pod)?.postAppSidecars;
  const inits = postApp ? allInits.filter((entry) => !postApp.has(entry.name)) : allInits;
  if (inits.length === 0) return { isInitialized: true, toStart: [], hasFailed: false };

  // A14b: progress is read from the last init container that has an instance (the frontier); every
  // init container before it is taken as initialized. With A2/A3 only the frontier can be in progress.
  const frontier = findLastIndex(inits, (entry) => state.containers[entry.name]?.state.kind !== "notCreated");
  const first = inits[0];
  if (frontier < 0 || !first)
    return { isInitialized: false, toStart: first ? [first.name] : [], hasFailed: false };

  // A12, B1: sidecars before the frontier keep running alongside it and are restarted when they exit.
  const toStart = inits
    .slice(0, frontier)
    .filter((entry) => entry.role === "sidecar" && sidecarNeedsStart(entry, state))
    .map((entry) => entry.name);

  const current = inits[frontier] as ContainerSpecEntry;
  const record = state.containers[current.name];
  const next = inits[frontier + 1];
  const initializedNow = (): InitProgress =>
    // A4: only a sync that observes `current` initialized starts the next one; after the last,
    // the caller starts every regular container in this same sync (A5).
    next
      ? { isInitialized: false, toStart: [...toStart, next.name], hasFailed: false }
      : { isInitialized: true, toStart, hasFailed: false };

  if (!record) return { isInitialized: false, toStart, hasFailed: false };
  switch (record.state.kind) {
    case "starting":
      return { isInitialized: false, toStart, hasFailed: false };
    case "running":
      // A2/A7: a sidecar counts once started (startup probe Success, postStart returned); a regular
      // init container must exit. Liveness of a sidecar does not gate the next container.
      if (current.role === "sidecar" && hasStarted(current.spec, record)) return initializedNow();
      return { isInitialized: false, toStart, hasFailed: false };
    case "exited":
      if (current.role === "init" && record.state.termination.exitCode === 0) return initializedNow();
      // A11, I3: a failed regular init container that will not restart (pod Never, or its own
      // policy and rules) fails the pod: nothing else starts.
      if (current.role === "init" && !shouldRestartAfterExit(current, record.state.termination, policy))
        return { isInitialized: false, toStart: [], hasFailed: true };
      // A9, A11: a sidecar that exited (any code) or a failed init container is restarted; later ones wait.
      return { isInitialized: false, toStart: [...toStart, current.name], hasFailed: false };
    default:
      // A17: a failed start attempt is retried (with backoff).
      return { isInitialized: false, toStart: [...toStart, current.name], hasFailed: false };
  }
}

function sidecarNeedsStart(entry: ContainerSpecEntry, state: PodRuntimeState): boolean {
  const record = state.containers[entry.name];
  return record !== undefined && needsStart(entry, record, "Always");
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) {
    if (predicate(items[i] as T)) return i;
  }
  return -1;
}
