import { describe, expect, it } from "vitest";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { ReconcileQueue } from "./reconcile-queue.js";

function setUp() {
  const clock = new FakeClock();
  const stop = new AbortController();
  return { clock, stop, queue: new ReconcileQueue(clock, stop.signal, { baseMs: 5, maxMs: 1000 }) };
}

describe("ReconcileQueue (client-go workqueue)", () => {
  it("a key added many times before it is taken is processed once", async () => {
    const { queue } = setUp();
    queue.add("a");
    queue.add("b");
    queue.add("a");
    expect(queue.depth).toBe(2);
    expect(await queue.next()).toBe("a");
    expect(await queue.next()).toBe("b");
  });

  it("a key added while in progress is queued again only when done, never processed twice at once", async () => {
    const { queue } = setUp();
    queue.add("a");
    expect(await queue.next()).toBe("a");
    queue.add("a");
    expect(queue.depth).toBe(0);
    queue.done("a");
    expect(queue.depth).toBe(1);
  });

  it("retries back off exponentially per key from 5 ms up to the cap, and forget resets them", () => {
    const { queue } = setUp();
    const delays = Array.from({ length: 10 }, () => queue.addRateLimited("a"));
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
    queue.forget("a");
    expect(queue.addRateLimited("a")).toBe(5);
  });

  it("addAfter adds the key when its time comes; an earlier due time wins", async () => {
    const { queue, clock } = setUp();
    queue.addAfter("a", 1000);
    queue.addAfter("a", 200);
    await clock.advance(199);
    expect(queue.depth).toBe(0);
    await clock.advance(1);
    expect(queue.depth).toBe(1);
    await clock.advance(1000);
    expect(queue.depth).toBe(1);
  });

  it("next() returns undefined once stopped", async () => {
    const { queue, stop } = setUp();
    const waiting = queue.next();
    stop.abort();
    expect(await waiting).toBeUndefined();
  });
});
