/**
 * "Record an observation for each action": the facts an executor folds into the state when it
 * takes a plan's steps at `nowMs`, so the engine does not plan them again. The pod worker (agent/)
 * and the scenario driver (lifecycle/testing/) both use it, then carry the steps out. Starts and
 * the sandbox are not here: their observations come when the runtime reports back.
 */
import type { Observation, PodActions } from "./pod-state.js";

export function observationsForActions(actions: PodActions, nowMs: number): Observation[] {
  const observations: Observation[] = [];
  if (actions.beginTermination)
    observations.push({ type: "terminationStarted", atMs: nowMs, ...actions.beginTermination });
  for (const hold of actions.backOff) observations.push({ type: "backOff", ...hold });
  for (const hold of actions.imagePullBackOff)
    observations.push({ type: "imagePullBackOff", ...hold, atMs: nowMs });
  for (const kill of actions.killContainers)
    observations.push({
      type: "killStarted",
      name: kill.name,
      reason: kill.reason,
      atMs: nowMs,
      gracePeriodMs: kill.gracePeriodMs,
    });
  for (const step of actions.runPreStop)
    observations.push({ type: "preStopStarted", name: step.name, atMs: nowMs, budgetMs: step.budgetMs });
  for (const step of actions.awaitTurn)
    observations.push({ type: "awaitingTurn", name: step.name, atMs: nowMs, budgetMs: step.budgetMs });
  for (const stop of actions.stopContainers)
    observations.push({
      type: "stopSignalled",
      name: stop.name,
      atMs: nowMs,
      gracePeriodMs: stop.gracePeriodMs,
    });
  // An in-place pod restart (KEP-5532) removes every container once all have stopped.
  if (actions.resetContainers) observations.push({ type: "containersReset", atMs: nowMs });
  return observations;
}
