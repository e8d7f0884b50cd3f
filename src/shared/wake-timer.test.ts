import { describe, expect, it } from "vitest";
import { FakeClock } from "./testing/fake-clock.js";
import { WakeTimer } from "./wake-timer.js";

describe("the wake timer", () => {
  it("wakes once at the time it was set to", async () => {
    const clock = new FakeClock();
    const wakes: number[] = [];
    const timer = new WakeTimer(clock, () => wakes.push(clock.now()));
    const t0 = clock.now();
    timer.set(t0 + 1000);
    await clock.advance(5000);
    expect(wakes).toEqual([t0 + 1000]);
  });

  it("a new time replaces the old one; the same time does not re-arm", async () => {
    const clock = new FakeClock();
    const wakes: number[] = [];
    const timer = new WakeTimer(clock, () => wakes.push(clock.now()));
    const t0 = clock.now();
    timer.set(t0 + 1000);
    timer.set(t0 + 3000);
    timer.set(t0 + 3000);
    await clock.advance(5000);
    expect(wakes).toEqual([t0 + 3000]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("after it fired, the same time can be set again", async () => {
    const clock = new FakeClock();
    let wakes = 0;
    const timer = new WakeTimer(clock, () => wakes++);
    const at = clock.now() + 1000;
    timer.set(at);
    await clock.advance(1000);
    timer.set(at + 1000);
    await clock.advance(1000);
    expect(wakes).toBe(2);
  });

  it("undefined and cancel() disarm it", async () => {
    const clock = new FakeClock();
    let wakes = 0;
    const timer = new WakeTimer(clock, () => wakes++);
    timer.set(clock.now() + 1000);
    timer.set(undefined);
    timer.set(clock.now() + 2000);
    timer.cancel();
    await clock.advance(5000);
    expect(wakes).toBe(0);
  });
});
