/**
 * Kubernetes `controller.ActivePods` order (pkg/controller/controller_utils.go, v1.32, the version
 * Kruise 1.9 pins): the pods least worth keeping come first, so a rollout touches them first.
 * Each rule decides only when the ones before it tie:
 * unscheduled < scheduled; Pending < Unknown < Running; not Ready < Ready; Ready more recently
 * (or at an unknown time) first; higher restart count first; newer (or unknown) creation first.
 */
import type { Pod } from "../../api/index.js";
import { parseTime } from "../../api/index.js";
import { hasReadyCondition, readyCondition } from "./pod-readiness.js";

const phaseOrdinal: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/** Negative when `a` comes before `b`; 0 when the rules tie (callers sort stably). */
export function compareActivePods(a: Pod, b: Pod): number {
  const nodeA = a.spec.nodeName ?? "";
  const nodeB = b.spec.nodeName ?? "";
  if (nodeA !== nodeB && (nodeA === "" || nodeB === "")) return nodeA === "" ? -1 : 1;

  const phaseA = phaseOrdinal[a.status?.phase ?? ""] ?? 0;
  const phaseB = phaseOrdinal[b.status?.phase ?? ""] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;

  const isReadyA = hasReadyCondition(a);
  const isReadyB = hasReadyCondition(b);
  if (isReadyA !== isReadyB) return isReadyA ? 1 : -1;

  if (isReadyA && isReadyB) {
    const order = compareAfterOrZero(
      parseTime(readyCondition(a)?.lastTransitionTime),
      parseTime(readyCondition(b)?.lastTransitionTime),
    );
    if (order !== 0) return order;
  }

  const restartsA = maxContainerRestarts(a);
  const restartsB = maxContainerRestarts(b);
  if (restartsA !== restartsB) return restartsB - restartsA;

  return compareAfterOrZero(parseTime(a.metadata.creationTimestamp), parseTime(b.metadata.creationTimestamp));
}

/** upstream `afterOrZero`: an unknown (zero) time first, then the later time first. */
function compareAfterOrZero(aMs: number | undefined, bMs: number | undefined): number {
  if (aMs === bMs) return 0;
  if (aMs === undefined) return -1;
  if (bMs === undefined) return 1;
  return bMs - aMs;
}

function maxContainerRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount));
}
