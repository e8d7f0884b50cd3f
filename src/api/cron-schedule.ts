/**
 * A CronJob's `schedule`, parsed as Kubernetes parses it: robfig/cron v3 `ParseStandard` (five
 * fields — minute, hour, day of month, month, day of week — with `*`, `?`, ranges, steps, lists
 * and JAN–DEC/SUN–SAT names; or a descriptor: @yearly, @annually, @monthly, @weekly, @daily,
 * @midnight, @hourly, and `@every <Go duration>`). The errors are robfig's own text, which the
 * API server returns as the field error. github.com/robfig/cron/v3 parser.go.
 */

/** One field: which values it allows, and whether it was written as `*`/`?` (robfig's starBit). */
export interface CronField {
  readonly values: ReadonlySet<number>;
  readonly isStar: boolean;
}

export type CronSchedule =
  | {
      kind: "spec";
      minute: CronField;
      hour: CronField;
      dayOfMonth: CronField;
      month: CronField;
      dayOfWeek: CronField;
    }
  /** `@every`: robfig's ConstantDelaySchedule, the delay rounded down to whole seconds (at least 1 s). */
  | { kind: "every"; delayMs: number };

export type ParseCronResult = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DAYS_OF_WEEK: Bounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

const DESCRIPTORS: Readonly<Record<string, readonly string[]>> = {
  "@yearly": ["0", "0", "1", "1", "*"],
  "@annually": ["0", "0", "1", "1", "*"],
  "@monthly": ["0", "0", "1", "*", "*"],
  "@weekly": ["0", "0", "*", "*", "0"],
  "@daily": ["0", "0", "*", "*", "*"],
  "@midnight": ["0", "0", "*", "*", "*"],
  "@hourly": ["0", "*", "*", "*", "*"],
};

export function parseCronSchedule(spec: string): ParseCronResult {
  if (spec.length === 0) return { ok: false, error: "empty spec string" };
  // A TZ=/CRON_TZ= prefix is refused by validation (use spec.timeZone); robfig would read it.
  let text = spec;
  if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) text = text.slice(text.indexOf(" ") + 1).trim();
  if (text.startsWith("@")) return parseDescriptor(text);
  const fields = text.split(/\s+/).filter((field) => field !== "");
  if (fields.length !== 5)
    return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]` };
  const parsed: CronField[] = [];
  const bounds = [MINUTES, HOURS, DAYS_OF_MONTH, MONTHS, DAYS_OF_WEEK];
  for (const [index, field] of fields.entries()) {
    const result = parseField(field, bounds[index]!);
    if (typeof result === "string") return { ok: false, error: result };
    parsed.push(result);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parsed as [
    CronField,
    CronField,
    CronField,
    CronField,
    CronField,
  ];
  return { ok: true, schedule: { kind: "spec", minute, hour, dayOfMonth, month, dayOfWeek } };
}

function parseDescriptor(descriptor: string): ParseCronResult {
  const fields = Object.hasOwn(DESCRIPTORS, descriptor) ? DESCRIPTORS[descriptor] : undefined;
  if (fields !== undefined) return parseCronSchedule(fields.join(" "));
  const every = "@every ";
  if (descriptor.startsWith(every)) {
    const durationMs = parseGoDurationMs(descriptor.slice(every.length));
    if (durationMs === undefined)
      return {
        ok: false,
        error: `failed to parse duration ${descriptor}: time: invalid duration "${descriptor.slice(every.length)}"`,
      };
    // cron.Every: less than a second becomes a second; the rest is truncated to whole seconds.
    return {
      ok: true,
      schedule: { kind: "every", delayMs: Math.max(1000, Math.trunc(durationMs / 1000) * 1000) },
    };
  }
  return { ok: false, error: `unrecognized descriptor: ${descriptor}` };
}

/** robfig `getField`: comma-separated ranges, each `*`/`?`, `n`, `n-m`, with an optional `/step`. */
function parseField(field: string, bounds: Bounds): CronField | string {
  const values = new Set<number>();
  let isStar = false;
  for (const expr of field.split(",").filter((part) => part !== "")) {
    const rangeAndStep = expr.split("/");
    const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
    let start: number;
    let end: number;
    let star = false;
    if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
      [start, end, star] = [bounds.min, bounds.max, true];
    } else {
      const low = parseIntOrName(lowAndHigh[0] ?? "", bounds);
      if (typeof low === "string") return low;
      start = low;
      if (lowAndHigh.length === 1) end = start;
      else if (lowAndHigh.length === 2) {
        const high = parseIntOrName(lowAndHigh[1] ?? "", bounds);
        if (typeof high === "string") return high;
        end = high;
      } else return `too many hyphens: ${expr}`;
    }
    let step = 1;
    if (rangeAndStep.length === 2) {
      const parsed = parseNonNegativeInt(rangeAndStep[1] ?? "");
      if (typeof parsed === "string") return parsed;
      step = parsed;
      if (lowAndHigh.length === 1) end = bounds.max;
      if (step > 1) star = false;
    } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
    if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
    if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
    if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
    if (step === 0) return `step of range should be a positive number: ${expr}`;
    for (let value = start; value <= end; value += step) values.add(value);
    isStar ||= star;
  }
  return { values, isStar };
}

function parseIntOrName(expr: string, bounds: Bounds): number | string {
  const named = bounds.names?.[expr.toLowerCase()];
  return named ?? parseNonNegativeInt(expr);
}

function parseNonNegativeInt(expr: string): number | string {
  if (!/^[+-]?\d+$/.test(expr))
    return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const value = Number(expr);
  if (value < 0) return `negative number (${value}) not allowed: ${expr}`;
  return value;
}

const GO_DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go `time.ParseDuration` ("1h30m", "90s", "1.5h"), in milliseconds; undefined when invalid. */
export function parseGoDurationMs(text: string): number | undefined {
  // As Go: a sign, then "0" alone is zero; anything else needs a unit on every number.
  if (/^[+-]?0$/.test(text)) return 0;
  // µs and μs (micro and mu) as escapes: the bundled CLI is kept ASCII (scripts/bundle-cli.mjs).
  const match = /^([+-]?)((?:\d*\.?\d+(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/.exec(text);
  if (!match) return undefined;
  let totalMs = 0;
  for (const [, number, unit] of (match[2] ?? "").matchAll(/(\d*\.?\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g))
    totalMs += Number(number) * (GO_DURATION_UNITS_MS[unit ?? ""] ?? 0);
  return match[1] === "-" ? -totalMs : totalMs;
}
