/**
 * The delay before a Job creates a replacement for failed pods (upstream backoff_utils.go:
 * `newBackoffRecord`, `getRemainingTimeForFailuresCount`). The record is recomputed from the pods
 * on every sync instead of being kept in a store, because podvisor keeps every finished pod.
 */
import type { JobPodView } from "./job-pod-view.js";

/** Upstream `DefaultJobPodFailureBackOff`. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
/**
 * Upstream `MaxJobPodFailureBackOff`: 10 min in current upstream. (Older controllers capped the
 * requeue backoff at `MaxJobBackOff` = 360 s; the brief's "6 min" is that older value.)
 */
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

/** Delay after `failures` consecutive failures (≥ 1) since the last success. */
export type PodFailureBackoff = (failures: number) => number;

/** 10 s, doubled per further failure, capped at 10 min: 10 s, 20 s, 40 s, … 640 s → 600 s. */
export const defaultPodFailureBackoff: PodFailureBackoff = (failures) => {
  let delayMs = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failures; i++) {
    delayMs *= 2;
    if (delayMs >= MAX_POD_FAILURE_BACKOFF_MS) return MAX_POD_FAILURE_BACKOFF_MS;
  }
  return delayMs;
};

export interface BackoffRecord {
  /** Failed pods that finished after the last succeeded pod (all failures when none succeeded). */
  failuresAfterLastSuccess: number;
  /** The latest known finish time among those failures. */
  lastFailureMs: number | undefined;
}

/**
 * Upstream counts a failure only when it finished strictly after the latest success. A failed pod
 * without `finishedAtMs` (still terminating) counts as a failure after the last success but gives
 * no time, so it cannot hold back a replacement on its own.
 */
export function computeBackoffRecord(
  succeededPods: readonly JobPodView[],
  failedPods: readonly JobPodView[],
): BackoffRecord {
  let lastSuccessMs: number | undefined;
  for (const pod of succeededPods) {
    if (pod.finishedAtMs !== undefined && (lastSuccessMs === undefined || pod.finishedAtMs > lastSuccessMs))
      lastSuccessMs = pod.finishedAtMs;
  }
  let failuresAfterLastSuccess = 0;
  let lastFailureMs: number | undefined;
  for (const pod of failedPods) {
    const finishedAtMs = pod.finishedAtMs;
    if (finishedAtMs !== undefined && lastSuccessMs !== undefined && finishedAtMs <= lastSuccessMs) continue;
    failuresAfterLastSuccess++;
    if (finishedAtMs !== undefined && (lastFailureMs === undefined || finishedAtMs > lastFailureMs))
      lastFailureMs = finishedAtMs;
  }
  return { failuresAfterLastSuccess, lastFailureMs };
}

/** When replacements may be created; undefined when they may be created now. */
export function backoffExpiresAtMs(
  record: BackoffRecord,
  nowMs: number,
  backoff: PodFailureBackoff,
): number | undefined {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureMs === undefined) return undefined;
  const expiresAtMs = record.lastFailureMs + backoff(record.failuresAfterLastSuccess);
  return expiresAtMs > nowMs ? expiresAtMs : undefined;
}
