import { describe, expect, it } from "vitest";
import { parseGoDurationMs } from "./cron-schedule.js";

// Cases restated from Go's time.ParseDuration tests (src/time/time_test.go, parseDurationTests).
describe("parseGoDurationMs parses a Go duration as time.ParseDuration does", () => {
  it.each([
    ["0", 0],
    ["+0", 0],
    ["-0", 0],
    ["5s", 5000],
    ["30s", 30_000],
    ["1478s", 1_478_000],
    ["-5s", -5000],
    ["+5s", 5000],
    ["5.6s", 5600],
    [".5s", 500],
    ["1.5h", 5_400_000],
    ["3h30m", 12_600_000],
    ["-2m3.4s", -123_400],
    ["10ms", 10],
    ["1500us", 1.5],
    ["1500\u00b5s", 1.5], // U+00B5 MICRO SIGN
    ["1500\u03bcs", 1.5], // U+03BC GREEK SMALL LETTER MU
    ["2000000ns", 2],
  ])("%s is %d ms", (text, ms) => {
    expect(parseGoDurationMs(text)).toBeCloseTo(ms, 9);
  });

  it.each(["", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "1.5x"])("%j is not a duration", (text) => {
    expect(parseGoDurationMs(text)).toBeUndefined();
  });
});
