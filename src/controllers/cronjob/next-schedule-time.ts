/**
 * When a cron schedule fires next, as robfig/cron v3 `SpecSchedule.Next` computes it (the first
 * whole minute strictly after `fromMs` whose month, day, hour and minute match, day-of-month and
 * day-of-week ORed unless either is `*`), in an IANA time zone read through Intl, and
 * `ConstantDelaySchedule.Next` for `@every`. Gives up after five years, as robfig does.
 */
import type { CronSchedule } from "../../api/index.js";

const MINUTE_MS = 60_000;
const FIVE_YEARS_MS = 5 * 366 * 24 * 3_600_000;

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function civilOf(ms: number, timeZone: string): Civil {
  if (timeZone === "UTC") {
    const date = new Date(ms);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      weekday: date.getUTCDay(),
    };
  }
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(ms).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

/** Whether the civil time matches every field of a spec schedule. */
function matches(schedule: Extract<CronSchedule, { kind: "spec" }>, civil: Civil): boolean {
  const dom = schedule.dayOfMonth.values.has(civil.day);
  const dow = schedule.dayOfWeek.values.has(civil.weekday);
  const dayMatches = schedule.dayOfMonth.isStar || schedule.dayOfWeek.isStar ? dom && dow : dom || dow;
  return (
    schedule.month.values.has(civil.month) &&
    dayMatches &&
    schedule.hour.values.has(civil.hour) &&
    schedule.minute.values.has(civil.minute)
  );
}

/** The next time the schedule fires strictly after `fromMs`, or undefined within five years. */
export function nextScheduleTime(
  schedule: CronSchedule,
  fromMs: number,
  timeZone = "UTC",
): number | undefined {
  if (schedule.kind === "every") return fromMs - (fromMs % 1000) + schedule.delayMs;
  const limitMs = fromMs + FIVE_YEARS_MS;
  let t = (Math.floor(fromMs / MINUTE_MS) + 1) * MINUTE_MS;
  while (t <= limitMs) {
    const civil = civilOf(t, timeZone);
    if (matches(schedule, civil)) return t;
    // Skip whole hours whose hour (or day, or month) cannot match; minutes otherwise.
    const hourMatches = schedule.month.values.has(civil.month) && schedule.hour.values.has(civil.hour);
    t += hourMatches ? MINUTE_MS : (60 - civil.minute) * MINUTE_MS;
  }
  return undefined;
}
