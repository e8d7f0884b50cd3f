/**
 * Ordered pod termination, v1.29+ (C5, C6, C10; kubelet `killContainer` +
 * `kuberuntime_termination_order.go`). Every running container is handled concurrently with its
 * own budget g = the termination grace period:
 *   1. preStop (if any and g > 0), waited on for at most g; g -= whole seconds elapsed (truncated);
 *   2. sidecars only, if g > 0: wait for their turn — every regular container has exited and the
 *      sidecar declared right after it has finished its own stop — for at most g; g -= whole
 *      seconds waited;
 *   3. g = max(g, 2 s);  4. stop signal, SIGKILL after g.
 * Containers not running (never created, exited, held in backoff) are never started (C4, C10).
 * With the podvisor.dev/wait-for annotation (docs/ordering.md) a container that others depend on
 * waits for its turn first — every dependent gone — and only then runs its preStop and stops.
 */
import type { Pod } from "../api/index.js";
import { listContainerSpecs, isLive, type ContainerSpecEntry } from "./container-specs.js";
import type { ContainerRecord, PodActions, PodRuntimeState } from "./pod-state.js";
import { areDependentsGone, hasStopDependents, podWaitOrder, type WaitOrder } from "./wait-order.js";

/** kubelet `minimumGracePeriodInSeconds`: every container gets at least this stop window (C5.3). */
export const MINIMUM_STOP_WINDOW_MS = 2000;

export type TerminationActions = Pick<
  PodActions,
  "runPreStop" | "awaitTurn" | "stopContainers" | "isFinished"
> & { wakeAtMs?: number };

/** Whole seconds of `elapsedMs`, in ms: the kubelet keeps grace periods in integer seconds (J4). */
export function truncateToSecondsMs(elapsedMs: number): number {
  return Math.floor(elapsedMs / 1000) * 1000;
}

export function computeTerminationActions(
  pod: Pod,
  state: PodRuntimeState,
  nowMs: number,
): TerminationActions {
  const actions: TerminationActions = {
    runPreStop: [],
    awaitTurn: [],
    stopContainers: [],
    isFinished: false,
  };
  const termination = state.termination;
  if (!termination) return actions;
  const entries = listContainerSpecs(pod);
  const order = podWaitOrder(pod);
  const steps: StepContext = { entries, state, actions, nowMs, wakes: [], order };
  const wakes = steps.wakes;
  for (const entry of entries) {
    const record = state.containers[entry.name];
    // A container still being created is handled once it runs; one under a single-container kill
    // (B11) is already being stopped by that kill.
    if (!record || record.state.kind !== "running" || record.killing) {
      // A sidecar that exited while awaiting its turn still holds the chain until its deadline.
      const stop = record?.stop;
      if (stop?.step === "awaitingTurn" && nowMs < stop.sinceMs + stop.budgetMs)
        wakes.push(stop.sinceMs + stop.budgetMs);
      continue;
    }
    const stop = record.stop;
    if (!stop) {
      const budgetMs = termination.gracePeriodMs;
      if (hasStopDependents(order, entry.name)) {
        beginDependencyOrderedStop(entry, budgetMs, steps);
      } else if (entry.spec.lifecycle?.preStop && budgetMs > 0) {
        actions.runPreStop.push({ name: entry.name, budgetMs });
        wakes.push(nowMs + budgetMs);
      } else {
        afterPreStop(entry, budgetMs, entries, state, actions, nowMs, wakes, order);
      }
    } else if (stop.step === "preStop") {
      const deadlineMs = stop.startedAtMs + stop.budgetMs;
      if (stop.finishedAtMs === undefined && nowMs < deadlineMs) {
        wakes.push(deadlineMs);
        continue;
      }
      // C6: a hook that never returns uses the whole budget; the kubelet stops waiting at g.
      const endedAtMs = Math.min(stop.finishedAtMs ?? deadlineMs, deadlineMs);
      const leftMs = stop.budgetMs - truncateToSecondsMs(endedAtMs - stop.startedAtMs);
      // A dependency-ordered container had its turn before its preStop: it stops now.
      if (hasStopDependents(order, entry.name))
        actions.stopContainers.push({
          name: entry.name,
          gracePeriodMs: Math.max(leftMs, MINIMUM_STOP_WINDOW_MS),
        });
      else afterPreStop(entry, leftMs, entries, state, actions, nowMs, wakes, order);
    } else if (stop.step === "awaitingTurn") {
      const deadlineMs = stop.sinceMs + stop.budgetMs;
      if (isTurnOf(entry, entries, state, nowMs, order)) {
        const waitedMs = truncateToSecondsMs(Math.min(nowMs, deadlineMs) - stop.sinceMs);
        if (hasStopDependents(order, entry.name)) {
          runPreStopOrStop(entry, stop.budgetMs - waitedMs, steps);
          continue;
        }
        actions.stopContainers.push({
          name: entry.name,
          gracePeriodMs: stopWindowMs(record, stop.budgetMs - waitedMs),
        });
      } else if (nowMs >= deadlineMs) {
        // C6: the wait used up the budget: stop with the 2 s minimum window.
        actions.stopContainers.push({ name: entry.name, gracePeriodMs: stopWindowMs(record, 0) });
      } else {
        wakes.push(deadlineMs);
      }
    }
  }
  actions.isFinished = Object.values(state.containers).every((record: ContainerRecord) => !isLive(record));
  if (wakes.length > 0 && !actions.isFinished) actions.wakeAtMs = Math.min(...wakes);
  return actions;
}

/** C5 steps 2–4 for a container whose preStop is over (or that has none), with `budgetMs` left. */
function afterPreStop(
  entry: ContainerSpecEntry,
  budgetMs: number,
  entries: readonly ContainerSpecEntry[],
  state: PodRuntimeState,
  actions: TerminationActions,
  nowMs: number,
  wakes: number[],
  order: WaitOrder | undefined,
): void {
  if (entry.role !== "sidecar" || budgetMs <= 0 || isTurnOf(entry, entries, state, nowMs, order)) {
    actions.stopContainers.push({
      name: entry.name,
      gracePeriodMs: stopWindowMs(state.containers[entry.name], budgetMs),
    });
  } else {
    actions.awaitTurn.push({ name: entry.name, budgetMs });
    // The agent records the wait at `nowMs`; wake it when the wait runs out (C6).
    wakes.push(nowMs + budgetMs);
  }
}

/**
 * C5.3: the stop signal's window is what is left of the budget, at least 2 s. A sidecar restarted
 * during termination (KEP-4438) is SIGKILLed instead: the KEP's alpha limitation "restarted
 * sidecars receive SIGKILL (not an ordered SIGTERM)".
 */
function stopWindowMs(record: ContainerRecord | undefined, budgetLeftMs: number): number {
  if (record?.restartedDuringTermination) return 0;
  return Math.max(budgetLeftMs, MINIMUM_STOP_WINDOW_MS);
}

/**
 * C5.2, as the kubelet orders it (`newTerminationOrdering`, kuberuntime_termination_order.go): a
 * sidecar's turn comes when every regular container is gone and the sidecar declared right after
 * it is done with its own stop. That later sidecar holds the chain until its own turn came, even
 * if it exited on its own meanwhile (the kubelet marks it terminated only at the end of its
 * killContainer). A sidecar that was not running when termination reached it holds nothing, so
 * the chain breaks there: with s1, s2 (already gone), s3, the sidecar s1 waits for no one but the
 * regular containers and stops together with s3.
 */
export function isTurnOf(
  sidecar: ContainerSpecEntry,
  entries: readonly ContainerSpecEntry[],
  state: PodRuntimeState,
  nowMs: number,
  order: WaitOrder | undefined,
): boolean {
  // docs/ordering.md: what depends on a container is gone before its stop begins.
  if (!areDependentsGone(order, sidecar.name, state)) return false;
  if (sidecar.role !== "sidecar") return true;
  const regularsGone = entries.every(
    (other) => other.role !== "regular" || !isLive(state.containers[other.name]),
  );
  if (!regularsGone) return false;
  // A post-app sidecar (docs/ordering.md) is outside the declaration-order chain: only what
  // depends on it, and the app containers, hold it.
  const postApp = order?.postAppSidecars;
  if (postApp?.has(sidecar.name)) return true;
  const next = entries.find(
    (other) => other.role === "sidecar" && other.index > sidecar.index && !postApp?.has(other.name),
  );
  return next === undefined || isStopDone(next, entries, state, nowMs, order);
}

/** Whether `sidecar` no longer holds the sidecar before it (kubelet `containerTerminated`). */
function isStopDone(
  sidecar: ContainerSpecEntry,
  entries: readonly ContainerSpecEntry[],
  state: PodRuntimeState,
  nowMs: number,
  order: WaitOrder | undefined,
): boolean {
  const record = state.containers[sidecar.name];
  if (isLive(record)) return false;
  const stop = record?.stop;
  // Never reached by termination: it was not running, so nothing waits for it.
  if (!stop || stop.step === "stopping") return true;
  // Exited on its own before its turn: it still holds the chain until its turn or its deadline.
  if (stop.step === "awaitingTurn" && nowMs >= stop.sinceMs + stop.budgetMs) return true;
  return isTurnOf(sidecar, entries, state, nowMs, order);
}

interface StepContext {
  entries: readonly ContainerSpecEntry[];
  state: PodRuntimeState;
  actions: TerminationActions;
  nowMs: number;
  wakes: number[];
  order: WaitOrder | undefined;
}

/** docs/ordering.md: a container others depend on waits for its turn before its preStop. */
function beginDependencyOrderedStop(entry: ContainerSpecEntry, budgetMs: number, steps: StepContext): void {
  const { entries, state, nowMs, order } = steps;
  if (budgetMs > 0 && !isTurnOf(entry, entries, state, nowMs, order)) {
    steps.actions.awaitTurn.push({ name: entry.name, budgetMs });
    steps.wakes.push(nowMs + budgetMs);
    return;
  }
  runPreStopOrStop(entry, budgetMs, steps);
}

/** C5 steps 1, 3, 4 once the turn came: the preStop (if any, with budget left), else the stop signal. */
function runPreStopOrStop(entry: ContainerSpecEntry, budgetMs: number, steps: StepContext): void {
  if (entry.spec.lifecycle?.preStop && budgetMs > 0) {
    steps.actions.runPreStop.push({ name: entry.name, budgetMs });
    steps.wakes.push(steps.nowMs + budgetMs);
    return;
  }
  steps.actions.stopContainers.push({
    name: entry.name,
    gracePeriodMs: Math.max(budgetMs, MINIMUM_STOP_WINDOW_MS),
  });
}
