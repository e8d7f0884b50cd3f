import type { Clock } from "../clock.js";

interface Sleeper {
  wakeAtMs: number;
  seq: number;
  resolve: () => void;
}

/**
 * A Clock whose time moves only when a test says so. `advance(ms)` wakes sleepers in time order,
 * letting the microtasks each wake-up schedules run before the next one fires, so chains of
 * "sleep, act, sleep" behave as they would in real time.
 */
export class FakeClock implements Clock {
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortError());
      };
      // A woken sleeper lets go of the signal, as systemClock does: loops that sleep on one
      // long-lived signal would otherwise pile up listeners (and memory) with every wake.
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const sleeper: Sleeper = { wakeAtMs: this.current + Math.max(0, ms), seq: this.seq++, resolve: wake };
      this.sleepers.push(sleeper);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  setTimer(ms: number, onTimer: () => void): () => void {
    const sleeper: Sleeper = { wakeAtMs: this.current + Math.max(0, ms), seq: this.seq++, resolve: onTimer };
    this.sleepers.push(sleeper);
    return () => {
      this.sleepers = this.sleepers.filter((s) => s !== sleeper);
    };
  }

  /** Number of pending sleeps; useful to assert that work is waiting on time. */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Moves time forward by `ms`, waking every sleeper due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.nextDue(target);
      if (!next) break;
      this.current = Math.max(this.current, next.wakeAtMs);
      this.sleepers = this.sleepers.filter((s) => s !== next);
      next.resolve();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Lets pending promise callbacks run without moving time. */
  async settle(): Promise<void> {
    await flushMicrotasks();
  }

  private nextDue(target: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.sleepers) {
      if (s.wakeAtMs > target) continue;
      if (!best || s.wakeAtMs < best.wakeAtMs || (s.wakeAtMs === best.wakeAtMs && s.seq < best.seq)) best = s;
    }
    return best;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

function abortError(): Error {
  const error = new Error("The operation was aborted");
  error.name = "AbortError";
  return error;
}
