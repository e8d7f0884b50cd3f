/**
 * Restates apimachinery `pkg/util/duration/duration_test.go` `TestHumanDuration` and
 * `TestHumanDurationBoundaries` (Go durations here in milliseconds; `-2s + 1ns` becomes `-1999 ms`).
 */
import { describe, expect, it } from "vitest";
import { humanDuration } from "./human-duration.js";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe("TestHumanDuration", () => {
  it.each<[number, string]>([
    [s, "1s"],
    [70 * s, "70s"],
    [190 * s, "3m10s"],
    [70 * m, "70m"],
    [47 * h, "47h"],
    [49 * h, "2d1h"],
    [(8 * 24 + 2) * h, "8d"],
    [367 * d, "367d"],
    [(365 * 2 * 24 + 25) * h, "2y1d"],
    [(365 * 8 * 24 + 2) * h, "8y"],
  ])("%d ms prints %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe("TestHumanDurationBoundaries", () => {
  it.each<[number, string]>([
    [-2 * s, "<invalid>"],
    [-2 * s + 1, "0s"],
    [0, "0s"],
    [s - 1, "0s"],
    [2 * m - 1, "119s"],
    [2 * m, "2m"],
    [2 * m + s, "2m1s"],
    [10 * m - 1, "9m59s"],
    [10 * m, "10m"],
    [10 * m + s, "10m"],
    [3 * h - 1, "179m"],
    [3 * h, "3h"],
    [3 * h + m, "3h1m"],
    [8 * h - 1, "7h59m"],
    [8 * h, "8h"],
    [8 * h + 59 * m, "8h"],
    [2 * d - 1, "47h"],
    [2 * d, "2d"],
    [2 * d + h, "2d1h"],
    [8 * d - 1, "7d23h"],
    [8 * d, "8d"],
    [8 * d + 23 * h, "8d"],
    [2 * y - 1, "729d"],
    [2 * y, "2y"],
    [2 * y + 23 * h, "2y"],
    [2 * y + 23 * h + 59 * m, "2y"],
    [2 * y + d - 1, "2y"],
    [2 * y + d, "2y1d"],
    [3 * y, "3y"],
    [4 * y, "4y"],
    [5 * y, "5y"],
    [6 * y, "6y"],
    [7 * y, "7y"],
    [8 * y - 1, "7y364d"],
    [8 * y, "8y"],
    [8 * y + 364 * d, "8y"],
    [9 * y, "9y"],
  ])("%d ms prints %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe("humanDuration beyond the upstream table", () => {
  it.each<[string, number, string]>([
    ["60 to 119 seconds stay in seconds", 90 * s, "90s"],
    ["a whole number of minutes under ten drops the seconds", 5 * m, "5m"],
    ["100 minutes print as minutes", 100 * m, "100m"],
    ["a negative sub-second skew reads as now", -500, "0s"],
  ])("%s", (_name, ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});
