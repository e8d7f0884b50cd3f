/**
 * Job condition words and helpers, spelt as the upstream Job controller spells them
 * (kubernetes/kubernetes pkg/controller/job/job_controller.go, k8s.io/api batch/v1 types.go).
 */
import { formatTime, type ConditionStatus, type Job, type JobCondition } from "../../api/index.js";

export type JobConditionType = "Complete" | "Failed" | "Suspended" | "FailureTarget" | "SuccessCriteriaMet";

/** Reasons and messages the controller writes; upstream constants `batch.JobReason*`. */
export const JOB_REASON = {
  BackoffLimitExceeded: "BackoffLimitExceeded",
  DeadlineExceeded: "DeadlineExceeded",
  CompletionsReached: "CompletionsReached",
} as const;

export const JOB_MESSAGE = {
  BackoffLimitExceeded: "Job has reached the specified backoff limit",
  DeadlineExceeded: "Job was active longer than specified deadline",
  CompletionsReached: "Reached expected number of succeeded pods",
} as const;

/** The failure reasons this controller decides. */
export type JobFailureReason = typeof JOB_REASON.BackoffLimitExceeded | typeof JOB_REASON.DeadlineExceeded;

export function isJobFailureReason(reason: string | undefined): reason is JobFailureReason {
  return reason === JOB_REASON.BackoffLimitExceeded || reason === JOB_REASON.DeadlineExceeded;
}

/** A terminal outcome being enacted: the interim condition first, then the final one. */
export type FinishedCondition =
  | { type: "SuccessCriteriaMet"; reason: string; message: string }
  | { type: "FailureTarget"; reason: JobFailureReason; message: string };

export function findJobCondition(
  conditions: readonly JobCondition[] | undefined,
  type: JobConditionType,
): JobCondition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/** Upstream `hasJobCondition` (printers.go) and `IsJobFinished` read the first match and want status True. */
export function isJobConditionTrue(
  conditions: readonly JobCondition[] | undefined,
  type: JobConditionType,
): boolean {
  return findJobCondition(conditions, type)?.status === "True";
}

/** A Job is finished once it carries `Complete=True` or `Failed=True` (upstream `util.IsJobFinished`). */
export function isJobFinished(job: Pick<Job, "status">): boolean {
  const conditions = job.status?.conditions;
  return isJobConditionTrue(conditions, "Complete") || isJobConditionTrue(conditions, "Failed");
}

export function newJobCondition(
  type: JobConditionType,
  status: ConditionStatus,
  reason: string,
  message: string,
  nowMs: number,
): JobCondition {
  const now = formatTime(nowMs);
  return { type, status, lastProbeTime: now, lastTransitionTime: now, reason, message };
}

/**
 * Upstream `ensureJobConditionStatus`: update the condition of that type when status, reason or
 * message differ; append it when absent, unless the new status is False (nothing → False is
 * meaningless). Returns a new list and whether it changed.
 */
export function ensureJobCondition(
  conditions: readonly JobCondition[],
  type: JobConditionType,
  status: ConditionStatus,
  reason: string,
  message: string,
  nowMs: number,
): { conditions: JobCondition[]; isChanged: boolean } {
  const index = conditions.findIndex((condition) => condition.type === type);
  const existing = conditions[index];
  if (existing !== undefined) {
    if (existing.status === status && existing.reason === reason && existing.message === message) {
      return { conditions: [...conditions], isChanged: false };
    }
    const updated = [...conditions];
    updated[index] = newJobCondition(type, status, reason, message, nowMs);
    return { conditions: updated, isChanged: true };
  }
  if (status === "False") return { conditions: [...conditions], isChanged: false };
  return {
    conditions: [...conditions, newJobCondition(type, status, reason, message, nowMs)],
    isChanged: true,
  };
}
