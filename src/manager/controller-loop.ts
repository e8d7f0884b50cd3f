/**
 * What every controller shell in manager/ does around its planner: coalesce sync requests into
 * one microtask, wake at the planner's `wakeAtMs`, and — once stopped — keep syncing until the
 * shell says it is done. The sync itself is the shell's (one call of its pure planner).
 */
import { type Clock, WakeTimer } from "../shared/index.js";

export class ControllerLoop {
  private queued = false;
  private isDone = false;
  private readonly wake: WakeTimer;

  constructor(
    clock: Clock,
    /** One sync; returns when to sync again, or "done" to stop looping. */
    private readonly sync: () => number | undefined | "done",
  ) {
    this.wake = new WakeTimer(clock, () => this.request());
  }

  request(): void {
    if (this.queued || this.isDone) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (this.isDone) return;
      const next = this.sync();
      if (next === "done") {
        this.isDone = true;
        this.wake.cancel();
      } else this.wake.set(next);
    });
  }
}
