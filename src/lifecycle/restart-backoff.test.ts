import { describe, expect, it } from "vitest";
import {
  formatBackOffMessage,
  formatGoDuration,
  isInBackOffSince,
  nextBackoffEntry,
  resolveBackoffPolicy,
} from "./restart-backoff.js";
import { makePod, container } from "./testing/make-pod.js";

describe("formatGoDuration", () => {
  it.each([
    [10_000, "10s"],
    [20_000, "20s"],
    [80_000, "1m20s"],
    [160_000, "2m40s"],
    [300_000, "5m0s"],
    [3_600_000, "1h0m0s"],
    [1_500, "1.5s"],
    [500, "500ms"],
    [0, "0s"],
  ])("formats %i ms like Go's time.Duration as %s", (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});

describe("restart backoff (B4)", () => {
  const policy = resolveBackoffPolicy(undefined);

  it("B4: the delay starts at 10 s and doubles to the 300 s cap: 10, 20, 40, 80, 160, 300, 300", () => {
    const delays: number[] = [];
    let entry = nextBackoffEntry(undefined, 0, 0, policy);
    delays.push(entry.delayMs);
    for (let i = 0; i < 6; i++) {
      entry = nextBackoffEntry(entry, entry.lastUpdateMs + 1000, entry.lastUpdateMs + 1000, policy);
      delays.push(entry.delayMs);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it("B4: the entry resets when the exit comes more than 600 s after the last (re)start", () => {
    const entry = { delayMs: 160_000, lastUpdateMs: 0 };
    expect(nextBackoffEntry(entry, 600_000, 600_000, policy).delayMs).toBe(300_000);
    expect(nextBackoffEntry(entry, 600_001, 600_001, policy).delayMs).toBe(10_000);
    expect(isInBackOffSince(entry, 600_001, 600_002)).toBe(false);
  });

  it("B4: the window is measured from the exit and is open while now - finishedAt < delay", () => {
    const entry = { delayMs: 10_000, lastUpdateMs: 0 };
    expect(isInBackOffSince(entry, 5_000, 14_999)).toBe(true);
    expect(isInBackOffSince(entry, 5_000, 15_000)).toBe(false);
    expect(isInBackOffSince(undefined, 5_000, 5_000)).toBe(false);
  });

  it("B4: maxContainerRestartPeriod replaces the cap, and lowers the initial delay when below 10 s", () => {
    expect(resolveBackoffPolicy(60_000)).toEqual({ initialMs: 10_000, maxMs: 60_000 });
    expect(resolveBackoffPolicy(1_000)).toEqual({ initialMs: 1_000, maxMs: 1_000 });
  });

  it("B4: the CrashLoopBackOff message reads like the kubelet's", () => {
    const pod = makePod({ containers: [container("app")] });
    expect(formatBackOffMessage(300_000, "app", pod)).toBe(
      "back-off 5m0s restarting failed container=app pod=web_default(uid-1)",
    );
  });
});
