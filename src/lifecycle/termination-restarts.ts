/**
 * KEP-4438, alpha behind the gate `SidecarsRestartableDuringPodTermination` (off by default): a
 * sidecar that exits while the pod terminates, before its turn to stop, is started again, so the
 * containers that still need it — the regular containers, the sidecars declared after it — can
 * drain through it. The KEP (keps/sig-node/4438-container-restart-termination, "Alpha
 * limitations" and "Graduation Criteria / Alpha", kubernetes/enhancements@64765b4):
 *   - only a sidecar that termination reached while it ran is watched (the kubelet spawns its
 *     restart watcher for the running containers it kills): here, one with a preStop or
 *     awaitingTurn stop progress (C5 steps 1–2) whose instance has since exited;
 *   - "the watcher goroutine exits without restarting once the sidecar's ordered SIGTERM turn
 *     arrives" (`allPrereqsMet`): once its turn came, or its wait ran out (C6), it stays down;
 *   - "pods with terminationGracePeriodSeconds <= 1 are excluded";
 *   - no postStart/preStop hooks and no probes for the restarted instance, and "restarted
 *     sidecars receive SIGKILL (not an ordered SIGTERM)" at their turn (termination-order.ts).
 * The merged KEP text says nothing of a back-off between such restarts; the revision proposed with
 * the implementation (kubernetes/kubernetes#140133: "Normal restart backoff applies") keeps the
 * container's CrashLoopBackOff (B4), and so does podvisor: the first exit restarts at once, a
 * sidecar that keeps dying waits 10 s, 20 s, … as it would outside termination.
 * v1.36.3's kubelet has none of this (no such gate in pkg/features); docs/lifecycle.md.
 */
import type { Pod } from "../api/index.js";
import { listContainerSpecs } from "./container-specs.js";
import type { ContainerRecord, PodActions, PodRuntimeState } from "./pod-state.js";
import { planContainerStart, type BackoffPolicy } from "./restart-backoff.js";
import { isTurnOf } from "./termination-order.js";
import { podWaitOrder } from "./wait-order.js";

/** KEP-4438: a grace period of at most this leaves nothing worth restarting a sidecar for. */
export const MAX_EXCLUDED_GRACE_MS = 1000;

export type TerminationRestarts = Pick<PodActions, "startContainers" | "backOff"> & { wakeAtMs?: number };

export function computeTerminationRestarts(
  pod: Pod,
  state: PodRuntimeState,
  nowMs: number,
  policy: BackoffPolicy,
): TerminationRestarts {
  const restarts: TerminationRestarts = { startContainers: [], backOff: [] };
  const termination = state.termination;
  if (!termination || termination.gracePeriodMs <= MAX_EXCLUDED_GRACE_MS) return restarts;
  const entries = listContainerSpecs(pod);
  const order = podWaitOrder(pod);
  const wakes: number[] = [];
  for (const entry of entries) {
    const record = state.containers[entry.name];
    if (entry.role !== "sidecar" || !record || !isWaitingForTurn(record, nowMs)) continue;
    if (isTurnOf(entry, entries, state, nowMs, order)) continue;
    const plan = planContainerStart(pod, record, nowMs, policy);
    if (plan.kind === "start") {
      restarts.startContainers.push({ name: entry.name, backoff: plan.backoff, duringTermination: true });
      continue;
    }
    // B4: held in CrashLoopBackOff; restarted when the window ends, if its turn has not come.
    wakes.push(plan.untilMs);
    if (record.backOff?.message !== plan.message || record.backOff.untilMs !== plan.untilMs)
      restarts.backOff.push({ name: entry.name, message: plan.message, untilMs: plan.untilMs });
  }
  if (wakes.length > 0) restarts.wakeAtMs = Math.min(...wakes);
  return restarts;
}

/**
 * The sidecar is down (its instance exited, or a restart failed to start) while its stop is still
 * at C5 step 1 or 2, before the budget of that step ran out.
 */
function isWaitingForTurn(record: ContainerRecord, nowMs: number): boolean {
  if (record.state.kind !== "exited" && record.state.kind !== "startFailed") return false;
  const stop = record.stop;
  if (stop?.step === "awaitingTurn") return nowMs < stop.sinceMs + stop.budgetMs;
  if (stop?.step === "preStop") return nowMs < stop.startedAtMs + stop.budgetMs;
  return false;
}
