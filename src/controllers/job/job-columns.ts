/**
 * `kubectl get jobs` columns, as upstream `printJob` (pkg/printers/internalversion/printers.go)
 * fills them: NAME, STATUS, COMPLETIONS, DURATION, AGE.
 */
import { parseTime, type Job } from "../../api/index.js";
import { humanDuration } from "../../status/index.js";
import { isJobConditionTrue } from "./job-conditions.js";

export type JobPrintStatus =
  "Complete" | "Failed" | "Terminating" | "Suspended" | "FailureTarget" | "Running";

export interface JobRow {
  NAME: string;
  STATUS: JobPrintStatus;
  COMPLETIONS: string;
  DURATION: string;
  AGE: string;
}

/**
 * STATUS checks Complete, Failed, deletion, Suspended, FailureTarget in that order, else Running
 * (SuccessCriteriaMet has no column value of its own: such a Job still shows Running).
 * COMPLETIONS is `succeeded/completions`, or `succeeded/1` (`… of <parallelism>` when > 1) for a
 * work-queue Job. DURATION is empty before startTime, then runs until completionTime (Complete
 * only: a Failed Job's duration keeps growing, as upstream).
 */
export function printJobRow(job: Job, options: { now: number }): JobRow {
  const conditions = job.status?.conditions;
  const succeeded = job.status?.succeeded ?? 0;
  let completions: string;
  if (job.spec.completions !== undefined) completions = `${succeeded}/${job.spec.completions}`;
  else if ((job.spec.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${job.spec.parallelism}`;
  else completions = `${succeeded}/1`;

  const startMs = parseTime(job.status?.startTime);
  const completionMs = parseTime(job.status?.completionTime);
  let duration = "";
  if (startMs !== undefined) duration = humanDuration((completionMs ?? options.now) - startMs);

  let status: JobPrintStatus = "Running";
  if (isJobConditionTrue(conditions, "Complete")) status = "Complete";
  else if (isJobConditionTrue(conditions, "Failed")) status = "Failed";
  else if (job.metadata.deletionTimestamp !== undefined) status = "Terminating";
  else if (isJobConditionTrue(conditions, "Suspended")) status = "Suspended";
  else if (isJobConditionTrue(conditions, "FailureTarget")) status = "FailureTarget";

  const createdMs = parseTime(job.metadata.creationTimestamp);
  const age = createdMs === undefined ? "<unknown>" : humanDuration(options.now - createdMs);
  return {
    NAME: job.metadata.name ?? "",
    STATUS: status,
    COMPLETIONS: completions,
    DURATION: duration,
    AGE: age,
  };
}
