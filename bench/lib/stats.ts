/**
 * Statistics and clocks for the benchmarks. Every figure is { median, p99, n } in milliseconds;
 * p99 is the nearest-rank 99th percentile, so with fewer than 100 samples it is the maximum.
 */
import { readFileSync } from "node:fs";

export interface Figure {
  median: number | null;
  p99: number | null;
  n: number;
  /** Why there is no figure (median and p99 are then null). */
  reason?: string;
}

export function summarize(samples: readonly number[]): Figure {
  const values = samples.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = values.length;
  if (n === 0) return { median: null, p99: null, n: 0 };
  const at = (i: number) => values[i] ?? NaN;
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  const p99 = at(Math.min(n - 1, Math.ceil(0.99 * n) - 1));
  return { median: round(median), p99: round(p99), n };
}

export function absent(reason: string): Figure {
  return { median: null, p99: null, n: 0, reason };
}

export function round(value: number | null | undefined, digits = 3): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Wall-clock time in milliseconds with microsecond resolution, in the same domain as the
 * containers' `$EPOCHREALTIME` (CLOCK_REALTIME). `performance.now()` is monotonic and fine-grained
 * but may drift from the real-time clock; `calibrate()` re-anchors it on a Date.now() millisecond
 * edge (a spin of at most 1 ms), so it is called before each trial. It re-anchors at most every
 * RECALIBRATE_MS: the spin allocated a number per clock read, a quarter of all the young garbage
 * of the reaction trials, and the scavenges it brought on landed in the trials that followed
 * (bench/README.md, issue 17). Over 250 ms the two clocks drift apart by microseconds (NTP slews
 * by at most 500 ppm).
 */
let offsetMs = performance.timeOrigin;
const RECALIBRATE_MS = 250;
let calibratedAt = Number.NEGATIVE_INFINITY;
export function calibrate(): void {
  if (performance.now() - calibratedAt < RECALIBRATE_MS) return;
  const start = Date.now();
  let now = start;
  let perf = performance.now();
  for (let i = 0; i < 1e7 && now === start; i++) {
    perf = performance.now();
    now = Date.now();
  }
  offsetMs = now - perf;
  calibratedAt = perf;
}

export function realNowMs(): number {
  return offsetMs + performance.now();
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system) of a process and of its reaped children, in ms, from /proc/<pid>/stat. */
export function procCpuMs(pid = process.pid): { self: number; children: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // After "(comm) ": field 3 (state) is index 0, so utime (14) is index 11 … cstime (17) index 14.
  const fields = stat
    .slice(stat.lastIndexOf(")") + 2)
    .split(" ")
    .map(Number);
  const field = (i: number) => fields[i] ?? 0;
  return { self: (field(11) + field(12)) * TICK_MS, children: (field(13) + field(14)) * TICK_MS };
}

export function procRssKiB(pid = process.pid): number | null {
  try {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] !== undefined ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Whole-machine CPU busy time in ms since boot (all cores together), from /proc/stat. */
export function machineBusyMs(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const f = (i: number) => v[i] ?? 0;
  // user nice system idle iowait irq softirq steal
  return (f(0) + f(1) + f(2) + f(5) + f(6) + f(7)) * TICK_MS;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
