/**
 * What the workload controllers (ReplicaSet, StatefulSet, DaemonSet) need to know about a pod
 * they own. The shell derives it from the pod as last published; planners never see a whole Pod.
 */
import type { PodPhase } from "../../api/index.js";

export interface OwnedPodView {
  name: string;
  phase: PodPhase;
  /** Deletion requested (`deletionTimestamp != nil`), whether or not its containers have exited. */
  isTerminating: boolean;
  /** Its containers are all gone (the pod worker finished): a deleted pod that has ended. */
  isGone: boolean;
  /** The Ready condition is True. */
  isReady: boolean;
  /** When Ready last became True (its lastTransitionTime). */
  readySinceMs?: number;
  /** The most restarts of any one container (upstream compares the maximum). */
  maxRestarts: number;
  creationMs: number;
  labels: Readonly<Record<string, string>>;
}

/** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: OwnedPodView): boolean {
  return pod.phase !== "Succeeded" && pod.phase !== "Failed" && !pod.isTerminating;
}

/**
 * podutil.IsPodAvailable: Ready for at least `minReadySeconds`. With minReadySeconds the time it
 * becomes available is returned as `availableAtMs` so the shell can look again then.
 */
export function podAvailability(
  pod: OwnedPodView,
  minReadySeconds: number,
  nowMs: number,
): { isAvailable: boolean; availableAtMs?: number } {
  if (!pod.isReady) return { isAvailable: false };
  if (minReadySeconds === 0) return { isAvailable: true };
  const availableAtMs = (pod.readySinceMs ?? nowMs) + minReadySeconds * 1000;
  return availableAtMs <= nowMs ? { isAvailable: true } : { isAvailable: false, availableAtMs };
}

const PHASE_ORDINAL: Record<PodPhase, number> = {
  Pending: 0,
  Unknown: 1,
  Running: 2,
  Succeeded: 3,
  Failed: 3,
};

/**
 * controller.ActivePodsWithRanks.Less on one node, without deletion cost or logarithmic ranks:
 * the pods to delete first — earlier phase, not ready, ready more recently, more restarts, newer.
 */
export function compareForDeletion(a: OwnedPodView, b: OwnedPodView): number {
  return (
    PHASE_ORDINAL[a.phase] - PHASE_ORDINAL[b.phase] ||
    Number(a.isReady) - Number(b.isReady) ||
    (a.isReady && b.isReady ? (b.readySinceMs ?? 0) - (a.readySinceMs ?? 0) : 0) ||
    b.maxRestarts - a.maxRestarts ||
    b.creationMs - a.creationMs
  );
}
