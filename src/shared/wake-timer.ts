/**
 * One re-armable timer on the injected Clock: "wake me at this time, unless I ask for another
 * time first". Pod workers and Job runners arm it with the engine's `wakeAtMs` after every sync,
 * so a deadline (backoff expiry, a termination turn, a Job's deadline) triggers a sync even when
 * no other event comes; the probe manager arms one per probe with the prober's next run time.
 */
import type { Clock } from "./clock.js";

export class WakeTimer {
  private armed: { atMs: number; cancel: () => void } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onWake: () => void,
  ) {}

  /** Arms the timer for `atMs` (replacing any other time), or disarms it with `undefined`. */
  set(atMs: number | undefined): void {
    if (this.armed?.atMs === atMs) return;
    this.cancel();
    if (atMs === undefined) return;
    const armed = {
      atMs,
      cancel: this.clock.setTimer(Math.max(0, atMs - this.clock.now()), () => {
        if (this.armed === armed) this.armed = undefined;
        this.onWake();
      }),
    };
    this.armed = armed;
  }

  /** True while a wake-up is pending. */
  get isArmed(): boolean {
    return this.armed !== undefined;
  }

  cancel(): void {
    this.armed?.cancel();
    this.armed = undefined;
  }
}
