/**
 * Cron evaluation, restating upstream's TestMostRecentScheduleTime
 * (pkg/controller/cronjob/utils_test.go; top of the hour is 2016-05-19T10:00:00Z, a Thursday)
 * and robfig/cron's parser cases, with fixed times only (no wall clock).
 */
import { describe, expect, it } from "vitest";
import { parseCronSchedule, type CronSchedule } from "../../api/index.js";
import { mostRecentScheduleTime } from "./most-recent-schedule-time.js";
import { nextScheduleTime } from "./next-schedule-time.js";

const top = Date.parse("2016-05-19T10:00:00Z");
const min = 60_000;
const hour = 60 * min;
const schedule = (spec: string): CronSchedule => {
  const parsed = parseCronSchedule(spec);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.schedule;
};

describe("mostRecentScheduleTime (TestMostRecentScheduleTime)", () => {
  it.each<
    [string, string, { creationMs: number; lastScheduleMs?: number }, number, number | undefined, string]
  >([
    ["now before next schedule", "0 * * * *", { creationMs: top }, top + 30_000, undefined, "none"],
    [
      "now just after next schedule",
      "0 * * * *",
      { creationMs: top },
      top + 61 * min,
      top + 60 * min,
      "none",
    ],
    [
      "missed 5 schedules",
      "0 * * * *",
      { creationMs: top + 10_000 },
      top + 301 * min,
      top + 300 * min,
      "few",
    ],
    [
      "complex schedule",
      "30 6-16/4 * * 1-5",
      { creationMs: top, lastScheduleMs: top + 30 * min },
      top + 24 * hour + 31 * min,
      top + 24 * hour + 30 * min,
      "few",
    ],
    [
      "another complex schedule",
      "30 10,11,12 * * 1-5",
      { creationMs: top, lastScheduleMs: top + 30 * min },
      top + 30 * hour + 30 * min,
      undefined,
      "few",
    ],
  ])("%s", (_name, spec, input, nowMs, expectedRecentMs, missed) => {
    const result = mostRecentScheduleTime(input, schedule(spec), nowMs, "UTC", false);
    expect(result.mostRecentMs).toBe(expectedRecentMs);
    expect(result.missed).toBe(missed);
    expect(result.earliestMs).toBe(input.lastScheduleMs ?? input.creationMs);
  });

  it("an impossible date (59 23 31 2 *) never fires", () => {
    expect(nextScheduleTime(schedule("59 23 31 2 *"), top)).toBeUndefined();
  });

  it("startingDeadlineSeconds moves the earliest time up when asked", () => {
    const result = mostRecentScheduleTime(
      { creationMs: top, startingDeadlineSeconds: 10 },
      schedule("0 * * * *"),
      top + 61 * min,
      "UTC",
      true,
    );
    expect(result.earliestMs).toBe(top + 61 * min - 10_000);
    expect(result.mostRecentMs).toBeUndefined();
  });
});

describe("nextScheduleTime (robfig/cron SpecSchedule.Next)", () => {
  it.each<[string, string, string]>([
    ["every minute, strictly after", "*/1 * * * *", "2016-05-19T10:01:00Z"],
    ["@hourly", "@hourly", "2016-05-19T11:00:00Z"],
    ["@daily", "@daily", "2016-05-20T00:00:00Z"],
    ["@weekly is Sunday midnight", "@weekly", "2016-05-22T00:00:00Z"],
    ["@monthly", "@monthly", "2016-06-01T00:00:00Z"],
    ["@yearly", "@yearly", "2017-01-01T00:00:00Z"],
    ["named days: MON-FRI at 09:30, Thursday 10:00 → Friday", "30 9 * * MON-FRI", "2016-05-20T09:30:00Z"],
    ["day-of-month OR day-of-week when both are restricted", "0 0 1 * SUN", "2016-05-22T00:00:00Z"],
    ["@every 90s counts from the last time", "@every 90s", "2016-05-19T10:01:30Z"],
  ])("%s", (_name, spec, expected) => {
    expect(new Date(nextScheduleTime(schedule(spec), top) ?? 0).toISOString().replace(".000Z", "Z")).toBe(
      expected,
    );
  });

  it("timeZone: 0 9 * * * in Asia/Tokyo fires at 00:00 UTC", () => {
    expect(new Date(nextScheduleTime(schedule("0 9 * * *"), top, "Asia/Tokyo") ?? 0).toISOString()).toBe(
      "2016-05-20T00:00:00.000Z",
    );
  });
});

describe("parseCronSchedule (robfig/cron ParseStandard, as the API server validates)", () => {
  it.each<[string, string]>([
    ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["* * * * 7", "end of range (7) above maximum (6): 7"],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
  ])("refuses %j: %s", (spec, error) => {
    expect(parseCronSchedule(spec)).toEqual({ ok: false, error });
  });
});
