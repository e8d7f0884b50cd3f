/**
 * Single-container kills (kubelet `killContainer` for a liveness or startup probe failure, or a
 * failed postStart; B3, B7, E6, E7, F3) decided as stop progress, like pod termination (C5): the
 * kill's budget g is the grace period it was started with;
 *   1. preStop, if any and g > 0, waited on for at most g; g -= whole seconds elapsed (truncated);
 *   2. g = max(g, 2 s), the stop signal, SIGKILL after g.
 * Kills are serial (B11): the next one begins only once the container of the current one is gone.
 */
import type { Pod } from "../api/index.js";
import { listInitContainers, listRegularContainers } from "./container-specs.js";
import type { ContainerRecord, PodActions, PodRuntimeState } from "./pod-state.js";
import { MINIMUM_STOP_WINDOW_MS, truncateToSecondsMs } from "./termination-order.js";

export type KillSteps = Pick<PodActions, "runPreStop" | "stopContainers"> & { wakeAtMs?: number };

/** The next step of the single kill under way, if any; kills queued behind it wait (B11). */
export function computeKillSteps(pod: Pod, state: PodRuntimeState, nowMs: number): KillSteps {
  const steps: KillSteps = { runPreStop: [], stopContainers: [] };
  // Ties (kills started in one sync) go regular containers first, then init containers, in spec
  // order: the kubelet's ContainersToKill order for an in-place restart (KEP-5532).
  const kills = [...listRegularContainers(pod), ...listInitContainers(pod)]
    .map((entry) => ({ entry, record: state.containers[entry.name] }))
    .filter((k): k is { entry: (typeof k)["entry"]; record: ContainerRecord } => isKillUnderWay(k.record))
    .sort((a, b) => (a.record.killing?.sinceMs ?? 0) - (b.record.killing?.sinceMs ?? 0));
  const current = kills.find((k) => k.record.stop?.step !== "killQueued") ?? kills[0];
  if (!current) return steps;
  const { entry, record } = current;
  const stop = record.stop;
  if (stop?.step === "killQueued") {
    if (entry.spec.lifecycle?.preStop && stop.budgetMs > 0) {
      steps.runPreStop.push({ name: entry.name, budgetMs: stop.budgetMs });
      steps.wakeAtMs = nowMs + stop.budgetMs;
    } else {
      steps.stopContainers.push({
        name: entry.name,
        gracePeriodMs: Math.max(stop.budgetMs, MINIMUM_STOP_WINDOW_MS),
      });
    }
  } else if (stop?.step === "preStop") {
    const deadlineMs = stop.startedAtMs + stop.budgetMs;
    if (stop.finishedAtMs === undefined && nowMs < deadlineMs) {
      steps.wakeAtMs = deadlineMs;
    } else {
      // The kubelet subtracts the whole seconds spent in the hook, and stops waiting at g.
      const endedAtMs = Math.min(stop.finishedAtMs ?? deadlineMs, deadlineMs);
      const leftMs = stop.budgetMs - truncateToSecondsMs(endedAtMs - stop.startedAtMs);
      steps.stopContainers.push({
        name: entry.name,
        gracePeriodMs: Math.max(leftMs, MINIMUM_STOP_WINDOW_MS),
      });
    }
  }
  return steps;
}

/** A running instance under a kill the engine drives (its budget recorded with `killStarted`). */
function isKillUnderWay(record: ContainerRecord | undefined): boolean {
  return record?.state.kind === "running" && record.killing !== undefined && record.stop !== undefined;
}
