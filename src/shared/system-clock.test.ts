import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "./system-clock.js";

const dayMs = 24 * 60 * 60 * 1000;

describe("systemClock.sleep", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // Node (and vitest's fake timers, which copy it) run a timer longer than 2^31-1 ms (~24.8 days)
  // after 1 ms: `--timeout 720h` ended runs at once. The clock re-arms in chunks instead.
  it("sleeps 30 days for 30 days, not 1 ms", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let woke = false;
    const sleeping = systemClock.sleep(30 * dayMs).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(25 * dayMs);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(5 * dayMs);
    await sleeping;
    expect(woke).toBe(true);
  });

  it("a long sleep still ends at once when aborted, in any chunk", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const abort = new AbortController();
    const sleeping = systemClock.sleep(60 * dayMs, abort.signal);
    await vi.advanceTimersByTimeAsync(30 * dayMs);
    abort.abort();
    await expect(sleeping).rejects.toThrow(/abort/i);
  });
});

describe("systemClock.setTimer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires once after its delay, also past Node's longest timer (30 days, not 1 ms)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let fired = 0;
    systemClock.setTimer(30 * dayMs, () => fired++);
    await vi.advanceTimersByTimeAsync(25 * dayMs);
    expect(fired).toBe(0);
    await vi.advanceTimersByTimeAsync(5 * dayMs);
    expect(fired).toBe(1);
    await vi.advanceTimersByTimeAsync(30 * dayMs);
    expect(fired).toBe(1);
  });

  it("never fires once cancelled, in any chunk", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    let fired = 0;
    const cancel = systemClock.setTimer(60 * dayMs, () => fired++);
    await vi.advanceTimersByTimeAsync(30 * dayMs);
    cancel();
    await vi.advanceTimersByTimeAsync(60 * dayMs);
    expect(fired).toBe(0);
  });
});
