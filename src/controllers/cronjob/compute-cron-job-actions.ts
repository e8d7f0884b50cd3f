/**
 * One sync of a CronJob, decided: upstream `syncCronJob` + `cleanupFinishedJobs`
 * (pkg/controller/cronjob/cronjob_controllerv2.go) as a pure function of the CronJob, its Jobs
 * and the time. Finished Jobs leave `status.active` (SawCompletedJob); unless suspended, the most
 * recent missed schedule time creates the Job `<cronjob>-<scheduled time in minutes>` — not when
 * it is later than startingDeadlineSeconds (MissSchedule), nor while one runs under Forbid
 * (JobAlreadyActive); Replace deletes the running ones first. Finished Jobs beyond
 * successfulJobsHistoryLimit / failedJobsHistoryLimit are deleted oldest first.
 * https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
import {
  formatTime,
  parseCronSchedule,
  parseTime,
  type CronJob,
  type CronJobStatus,
} from "../../api/index.js";
import type { WorkloadEvent } from "../workload-pods/index.js";
import { mostRecentScheduleTime } from "./most-recent-schedule-time.js";
import { nextScheduleTime } from "./next-schedule-time.js";

/** What the CronJob controller needs to know about one of its Jobs. */
export interface CronJobJobView {
  name: string;
  uid: string;
  /** Complete or Failed, and which. */
  finished?: "Complete" | "Failed";
  /** status.startTime (or creation), for the history order. */
  startMs: number;
  completionMs?: number;
}

export interface CronJobActions {
  /** Create the Job for this scheduled time (name it with `cronJobJobName`). */
  createJobAtMs?: number;
  deleteJobs: { name: string }[];
  status: CronJobStatus;
  events: WorkloadEvent[];
  wakeAtMs?: number;
}

/** `getJobName`: the scheduled time in minutes since the epoch, after the CronJob's name. */
export function cronJobJobName(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledMs / 60_000)}`;
}

/** `defaultTimeZone` is the controller's local zone (`time.Local`), used when spec.timeZone is unset. */
export function computeCronJobActions(
  cj: CronJob,
  jobs: readonly CronJobJobView[],
  nowMs: number,
  defaultTimeZone = "UTC",
): CronJobActions {
  const name = cj.metadata.name ?? "";
  const events: WorkloadEvent[] = [];
  const deleteJobs: { name: string }[] = [];
  const status: CronJobStatus = { ...cj.status };
  const event = (type: WorkloadEvent["type"], reason: string, message: string) =>
    events.push({ type, reason, message });

  let active = (status.active ?? []).filter((ref) => jobs.some((job) => job.uid === ref.uid));
  for (const job of jobs) {
    if (job.finished === undefined || !active.some((ref) => ref.uid === job.uid)) continue;
    active = active.filter((ref) => ref.uid !== job.uid);
    event("Normal", "SawCompletedJob", `Saw completed job: ${job.name}, condition: ${job.finished}`);
    if (job.finished === "Complete" && job.completionMs !== undefined) {
      const last = parseTime(status.lastSuccessfulTime);
      if (last === undefined || job.completionMs > last)
        status.lastSuccessfulTime = formatTime(job.completionMs);
    }
  }
  const actions: CronJobActions = { deleteJobs, status, events };
  const finish = (wakeAtMs?: number): CronJobActions => {
    cleanupFinishedJobs(cj, jobs, deleteJobs, event);
    if (active.length > 0) status.active = active;
    else delete status.active;
    if (wakeAtMs !== undefined) actions.wakeAtMs = wakeAtMs;
    return actions;
  };

  if (cj.spec.suspend === true) return finish();
  const parsed = parseCronSchedule(cj.spec.schedule);
  if (!parsed.ok) {
    event(
      "Warning",
      "UnparseableSchedule",
      `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${parsed.error}`,
    );
    return finish();
  }
  const timeZone = cj.spec.timeZone ?? defaultTimeZone;
  const schedule = parsed.schedule;
  const input = {
    creationMs: parseTime(cj.metadata.creationTimestamp) ?? nowMs,
    ...(status.lastScheduleTime !== undefined
      ? { lastScheduleMs: parseTime(status.lastScheduleTime) ?? nowMs }
      : {}),
    ...(cj.spec.startingDeadlineSeconds !== undefined
      ? { startingDeadlineSeconds: cj.spec.startingDeadlineSeconds }
      : {}),
  };
  const recent = mostRecentScheduleTime(input, schedule, nowMs, timeZone, true);
  if (recent.missed === "many")
    event(
      "Warning",
      "TooManyMissedTimes",
      "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
    );
  const next = nextScheduleTime(schedule, nowMs, timeZone);
  const scheduledMs = recent.mostRecentMs;
  if (scheduledMs === undefined) return finish(next);
  const deadline = cj.spec.startingDeadlineSeconds;
  if (deadline !== undefined && scheduledMs + deadline * 1000 < nowMs) {
    event("Warning", "MissSchedule", `Missed scheduled time to start a job: ${formatTime(scheduledMs)}`);
    return finish(next);
  }
  const jobName = cronJobJobName(name, scheduledMs);
  if (jobs.some((job) => job.name === jobName)) return finish(next);
  if (cj.spec.concurrencyPolicy === "Forbid" && active.length > 0) {
    event(
      "Normal",
      "JobAlreadyActive",
      "Not starting job because prior execution is running and concurrency policy is Forbid",
    );
    return finish(next);
  }
  if (cj.spec.concurrencyPolicy === "Replace") {
    for (const ref of active) {
      deleteJobs.push({ name: ref.name ?? "" });
      event("Normal", "SuccessfulDelete", `Deleted job ${ref.name ?? ""}`);
    }
    active = [];
  }
  actions.createJobAtMs = scheduledMs;
  event("Normal", "SuccessfulCreate", `Created job ${jobName}`);
  status.lastScheduleTime = formatTime(scheduledMs);
  return finish(next);
}

/** Finished Jobs beyond the history limits go, oldest start first. */
function cleanupFinishedJobs(
  cj: CronJob,
  jobs: readonly CronJobJobView[],
  deleteJobs: { name: string }[],
  event: (type: WorkloadEvent["type"], reason: string, message: string) => void,
): void {
  for (const [kind, limit] of [
    ["Complete", cj.spec.successfulJobsHistoryLimit],
    ["Failed", cj.spec.failedJobsHistoryLimit],
  ] as const) {
    if (limit === undefined) continue;
    const finished = jobs.filter((job) => job.finished === kind).sort((a, b) => a.startMs - b.startMs);
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
      deleteJobs.push({ name: job.name });
      event("Normal", "SuccessfulDelete", `Deleted job ${job.name}`);
    }
  }
}
