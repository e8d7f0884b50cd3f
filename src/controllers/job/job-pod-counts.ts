/**
 * Sorts a Job's pods into the counters of `JobStatus` the way syncJob does
 * (`controller.FilterActivePods`, `CountTerminatingPods`, `isPodFailed`, `countReadyPods`).
 * podvisor keeps every pod a Job created until the Job is deleted, so counting the pods is exact
 * and needs neither the tracking finalizer nor `uncountedTerminatedPods`.
 */
import type { EffectiveJobSpec } from "./effective-job-spec.js";
import type { JobPodView } from "./job-pod-view.js";

export interface JobPodCounts {
  /** Not finished and not being deleted. */
  activePods: JobPodView[];
  /** Being deleted and not yet Succeeded/Failed. */
  terminating: number;
  /** Active pods whose Ready condition is True. */
  ready: number;
  /** Pods that count towards `succeeded` (Indexed: only pods with a valid index). */
  succeededPods: JobPodView[];
  /** NonIndexed: succeeded pods; Indexed: distinct succeeded indexes. */
  succeeded: number;
  succeededIndexes: ReadonlySet<number>;
  /** Pods that count towards `failed` and the backoff limit. */
  failedPods: JobPodView[];
}

export function isPodFinished(pod: JobPodView): boolean {
  return pod.phase === "Succeeded" || pod.phase === "Failed";
}

/**
 * Upstream `isPodFailed`: Failed, or being deleted before it succeeded — unless the Job only
 * replaces failed pods (`podReplacementPolicy: Failed`), which waits for the Failed phase.
 */
export function isPodFailed(
  pod: JobPodView,
  spec: Pick<EffectiveJobSpec, "isOnlyReplacingFailedPods">,
): boolean {
  if (pod.phase === "Failed") return true;
  if (spec.isOnlyReplacingFailedPods) return false;
  return pod.isTerminating && pod.phase !== "Succeeded";
}

export function hasValidIndex(
  pod: JobPodView,
  spec: Pick<EffectiveJobSpec, "isIndexed" | "completions">,
): boolean {
  if (!spec.isIndexed) return true;
  const index = pod.completionIndex;
  return index !== undefined && Number.isInteger(index) && index >= 0 && index < (spec.completions ?? 0);
}

export function countJobPods(spec: EffectiveJobSpec, pods: readonly JobPodView[]): JobPodCounts {
  const activePods = pods.filter((pod) => !isPodFinished(pod) && !pod.isTerminating);
  const succeededPods = pods.filter((pod) => pod.phase === "Succeeded" && hasValidIndex(pod, spec));
  const succeededIndexes = new Set<number>();
  if (spec.isIndexed)
    for (const pod of succeededPods)
      if (pod.completionIndex !== undefined) succeededIndexes.add(pod.completionIndex);
  return {
    activePods,
    terminating: pods.filter((pod) => pod.isTerminating && !isPodFinished(pod)).length,
    ready: activePods.filter((pod) => pod.isReady === true).length,
    succeededPods,
    succeeded: spec.isIndexed ? succeededIndexes.size : succeededPods.length,
    succeededIndexes,
    failedPods: pods.filter((pod) => isPodFailed(pod, spec) && hasValidIndex(pod, spec)),
  };
}

/**
 * Upstream `pastBackoffLimitOnFailure`: with `restartPolicy: OnFailure` the kubelet restarts
 * containers in place, so the limit applies to the restarts of pods still Pending or Running.
 * Note the comparison: `> 0` for a limit of 0, otherwise `>= backoffLimit` (not `>`).
 */
export function isPastBackoffLimitOnFailure(
  spec: Pick<EffectiveJobSpec, "restartPolicy" | "backoffLimit">,
  pods: readonly JobPodView[],
): boolean {
  if (spec.restartPolicy !== "OnFailure") return false;
  let restarts = 0;
  for (const pod of pods)
    if (pod.phase === "Running" || pod.phase === "Pending") restarts += pod.restartCounts;
  return spec.backoffLimit === 0 ? restarts > 0 : restarts >= spec.backoffLimit;
}
