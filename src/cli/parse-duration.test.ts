import { describe, expect, it } from "vitest";
import { parseDurationMs } from "./parse-duration.js";

describe("durations are spelt as Go and kubectl spell them", () => {
  it.each([
    ["500ms", 500],
    ["10s", 10_000],
    ["1m30s", 90_000],
    ["2h", 7_200_000],
    ["1.5s", 1500],
    ["45", 45_000],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDurationMs(text, "--timeout")).toBe(ms);
  });

  it.each(["", "ten seconds", "10x", "5s3"])("%j is refused, naming the flag and an example", (text) => {
    expect(() => parseDurationMs(text, "--timeout")).toThrow(
      /invalid duration for --timeout: .*\(use e\.g\. 500ms, 10s, 1m30s, 2h\)/,
    );
  });
});
