/**
 * Helpers for table tests that step the engine by hand: fold several observations, read a plan's names.
 */
import type { Observation, PodActions, PodRuntimeState } from "../pod-state.js";
import { observe } from "../observe.js";

export function observeAll(state: PodRuntimeState, observations: readonly Observation[]): PodRuntimeState {
  return observations.reduce(observe, state);
}

export function startedNames(actions: PodActions): string[] {
  return actions.startContainers.map((start) => start.name);
}

/** A normal exit observation for tests. */
export function exitOf(
  name: string,
  exitCode: number,
  startedAtMs: number,
  finishedAtMs: number,
): Observation {
  return {
    type: "containerExited",
    name,
    exit: { exitCode, reason: exitCode === 0 ? "Completed" : "Error", startedAtMs, finishedAtMs },
  };
}

/** Start and run a container at `atMs` (no postStart), carrying the plan's backoff entry. */
export function runAt(actions: PodActions, name: string, atMs: number): Observation[] {
  const start = actions.startContainers.find((s) => s.name === name);
  return [
    { type: "containerStarting", name, atMs, backoff: start?.backoff },
    { type: "containerRunning", name, id: `${name}-${atMs}`, startedAtMs: atMs },
  ];
}
