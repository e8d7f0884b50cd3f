import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.js";

describe("FakeClock", () => {
  it("wakes sleepers in time order as time advances", async () => {
    const clock = new FakeClock(0);
    const woke: string[] = [];
    void clock.sleep(2_000).then(() => woke.push("2s"));
    void clock.sleep(1_000).then(() => woke.push("1s"));
    await clock.advance(1_500);
    expect(woke).toEqual(["1s"]);
    await clock.advance(500);
    expect(woke).toEqual(["1s", "2s"]);
  });

  it("a woken sleep lets go of its abort signal, so a loop sleeping on one signal holds no listeners", async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) {
      const sleeping = clock.sleep(10, controller.signal);
      await clock.advance(10);
      await sleeping;
    }
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("an aborted sleep rejects with an AbortError and is no longer pending", async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: "AbortError" });
    expect(clock.pendingSleeps).toBe(0);
  });

  it("fires timers with sleepers in one time order, and never a cancelled one", async () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimer(3_000, () => fired.push("timer 3s"));
    void clock.sleep(2_000).then(() => fired.push("sleep 2s"));
    const cancel = clock.setTimer(1_000, () => fired.push("cancelled 1s"));
    clock.setTimer(1_000, () => fired.push("timer 1s"));
    cancel();
    await clock.advance(3_000);
    expect(fired).toEqual(["timer 1s", "sleep 2s", "timer 3s"]);
    expect(clock.pendingSleeps).toBe(0);
  });
});
