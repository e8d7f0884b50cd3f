/**
 * A Job spec with the API server's defaults applied (batch/v1 `SetDefaults_Job`), in the units the
 * decision code uses. Decoding in api/ may already have defaulted; applying again is harmless.
 */
import type { JobSpec, RestartPolicy } from "../../api/index.js";

/** Upstream default `backoffLimit` (without `backoffLimitPerIndex`). */
export const DEFAULT_BACKOFF_LIMIT = 6;

export interface EffectiveJobSpec {
  /** Undefined: a work-queue Job, complete once any pod succeeds and none is active. */
  completions: number | undefined;
  parallelism: number;
  backoffLimit: number;
  activeDeadlineMs: number | undefined;
  /** Indexed needs `completions`; without it the Job is treated as NonIndexed (validation rejects it earlier). */
  isIndexed: boolean;
  isSuspended: boolean;
  restartPolicy: RestartPolicy;
  /** `podReplacementPolicy: Failed`: a terminating pod is neither failed nor replaced until it ends. */
  isOnlyReplacingFailedPods: boolean;
}

export function effectiveJobSpec(spec: JobSpec): EffectiveJobSpec {
  // Both unset → one pod, one completion; only parallelism set → a work-queue Job.
  const completions = spec.completions ?? (spec.parallelism === undefined ? 1 : undefined);
  return {
    completions,
    parallelism: spec.parallelism ?? 1,
    backoffLimit: spec.backoffLimit ?? DEFAULT_BACKOFF_LIMIT,
    activeDeadlineMs:
      spec.activeDeadlineSeconds === undefined ? undefined : spec.activeDeadlineSeconds * 1000,
    isIndexed: spec.completionMode === "Indexed" && completions !== undefined,
    isSuspended: spec.suspend === true,
    restartPolicy: spec.template.spec.restartPolicy ?? "Always",
    isOnlyReplacingFailedPods: spec.podReplacementPolicy === "Failed",
  };
}
