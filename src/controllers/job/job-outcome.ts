/**
 * When a Job is done and how that is written down: upstream syncJob's failure checks
 * (`exceedsBackoffLimit || pastBackoffLimitOnFailure`, then `pastActiveDeadline`) and
 * `enactJobFinished`. Current upstream (JobManagedBy / JobPodReplacementPolicy on by default)
 * first writes the interim SuccessCriteriaMet or FailureTarget condition and adds Complete or
 * Failed only once no pod is terminating.
 */
import { formatTime, type JobCondition } from "../../api/index.js";
import type { EffectiveJobSpec } from "./effective-job-spec.js";
import {
  type FinishedCondition,
  JOB_MESSAGE,
  JOB_REASON,
  ensureJobCondition,
  findJobCondition,
  isJobFailureReason,
} from "./job-conditions.js";
import { isPastBackoffLimitOnFailure } from "./job-pod-counts.js";
import type { JobPodView } from "./job-pod-view.js";

/**
 * An interim condition left by an earlier sync decides the outcome (upstream checks them first).
 * podvisor only writes FailureTarget with the two reasons it decides; another reason was not
 * written by this controller (pod failure policy is not modelled) and is ignored.
 */
export function findFinishedCondition(conditions: readonly JobCondition[]): FinishedCondition | undefined {
  const success = findJobCondition(conditions, "SuccessCriteriaMet");
  if (success?.status === "True") {
    const reason = success.reason ?? JOB_REASON.CompletionsReached;
    return { type: "SuccessCriteriaMet", reason, message: success.message ?? "" };
  }
  const failure = findJobCondition(conditions, "FailureTarget");
  if (failure?.status === "True" && isJobFailureReason(failure.reason)) {
    return { type: "FailureTarget", reason: failure.reason, message: failure.message ?? "" };
  }
  return undefined;
}

/**
 * The backoff limit is checked before the deadline. Before the deadline, `wakeAtMs` is when it
 * will pass; a suspended Job has no deadline running.
 */
export function decideJobFailure(
  spec: EffectiveJobSpec,
  failed: number,
  pods: readonly JobPodView[],
  startMs: number | undefined,
  nowMs: number,
): { failure?: FinishedCondition; wakeAtMs?: number } {
  if (failed > spec.backoffLimit || isPastBackoffLimitOnFailure(spec, pods)) {
    return { failure: failureOf(JOB_REASON.BackoffLimitExceeded, JOB_MESSAGE.BackoffLimitExceeded) };
  }
  if (spec.activeDeadlineMs === undefined || spec.isSuspended || startMs === undefined) return {};
  const deadlineMs = startMs + spec.activeDeadlineMs;
  if (nowMs >= deadlineMs)
    return { failure: failureOf(JOB_REASON.DeadlineExceeded, JOB_MESSAGE.DeadlineExceeded) };
  return { wakeAtMs: deadlineMs };
}

export const COMPLETIONS_REACHED: FinishedCondition = {
  type: "SuccessCriteriaMet",
  reason: JOB_REASON.CompletionsReached,
  message: JOB_MESSAGE.CompletionsReached,
};

export interface EnactedOutcome {
  conditions: JobCondition[];
  isFinished: boolean;
  /** Set when the Job became Complete now. */
  completionTimeIfComplete?: string;
  /** `Completed` / `Job completed`, or the failure reason and message as a Warning. */
  event?: { type: "Normal" | "Warning"; reason: "Completed" | FinishedFailureReason; message: string };
}

type FinishedFailureReason = Extract<FinishedCondition, { type: "FailureTarget" }>["reason"];

export function enactJobOutcome(
  conditions: readonly JobCondition[],
  finished: FinishedCondition,
  terminating: number,
  nowMs: number,
): EnactedOutcome {
  const setTrue = (
    list: readonly JobCondition[],
    type: "SuccessCriteriaMet" | "FailureTarget" | "Complete" | "Failed",
  ) => ensureJobCondition(list, type, "True", finished.reason, finished.message, nowMs).conditions;
  const interim = setTrue(conditions, finished.type);
  if (terminating > 0) return { conditions: interim, isFinished: false };
  if (finished.type === "SuccessCriteriaMet") {
    return {
      conditions: setTrue(interim, "Complete"),
      isFinished: true,
      completionTimeIfComplete: formatTime(nowMs),
      event: { type: "Normal", reason: "Completed", message: "Job completed" },
    };
  }
  return {
    conditions: setTrue(interim, "Failed"),
    isFinished: true,
    event: { type: "Warning", reason: finished.reason, message: finished.message },
  };
}

function failureOf(reason: FinishedFailureReason, message: string): FinishedCondition {
  return { type: "FailureTarget", reason, message };
}
