/**
 * Upstream `mostRecentScheduleTime` (pkg/controller/cronjob/utils.go): the latest schedule time
 * not after `nowMs`, counted from the last schedule (or the CronJob's creation), no earlier than
 * `startingDeadlineSeconds` ago when asked; how many were missed; an error when two schedules are
 * less than a second apart (an impossible date such as Feb 31).
 */
import type { CronSchedule } from "../../api/index.js";
import { nextScheduleTime } from "./next-schedule-time.js";

export type MissedSchedules = "none" | "few" | "many";

export interface RecentSchedule {
  earliestMs: number;
  mostRecentMs?: number;
  missed: MissedSchedules;
  error?: string;
}

export function mostRecentScheduleTime(
  input: { creationMs: number; lastScheduleMs?: number; startingDeadlineSeconds?: number },
  schedule: CronSchedule,
  nowMs: number,
  timeZone: string,
  includeStartingDeadline: boolean,
): RecentSchedule {
  let earliestMs = input.lastScheduleMs ?? input.creationMs;
  if (includeStartingDeadline && input.startingDeadlineSeconds !== undefined)
    earliestMs = Math.max(earliestMs, nowMs - input.startingDeadlineSeconds * 1000);
  const t1 = nextScheduleTime(schedule, earliestMs, timeZone);
  const t2 = t1 === undefined ? undefined : nextScheduleTime(schedule, t1, timeZone);
  if (t1 === undefined || nowMs < t1) return { earliestMs, missed: "none" };
  if (t2 === undefined || nowMs < t2) return { earliestMs, mostRecentMs: t1, missed: "none" };
  const betweenSeconds = Math.round((t2 - t1) / 1000);
  if (betweenSeconds < 1)
    return {
      earliestMs,
      missed: "none",
      error: "time difference between two schedules is less than 1 second",
    };
  const missedCount = Math.floor((nowMs - t1) / 1000 / betweenSeconds) + 1;
  // As upstream: start a little before the estimate and let the schedule find the exact times.
  let t = nextScheduleTime(schedule, t1 + (missedCount - 2) * betweenSeconds * 1000, timeZone);
  let mostRecentMs: number | undefined;
  while (t !== undefined && t <= nowMs) {
    mostRecentMs = t;
    t = nextScheduleTime(schedule, t, timeZone);
  }
  const missed: MissedSchedules = missedCount > 100 ? "many" : missedCount > 0 ? "few" : "none";
  return mostRecentMs === undefined ? { earliestMs, missed } : { earliestMs, mostRecentMs, missed };
}
