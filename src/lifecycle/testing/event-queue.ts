/**
 * Scripted events for the scenario driver, run in time order (ties in insertion order).
 */
export interface TimedEvent {
  atMs: number;
  seq: number;
  run: () => boolean | void;
}

export class EventQueue {
  private readonly events: TimedEvent[] = [];
  private seq = 0;

  push(atMs: number, run: () => boolean | void): void {
    this.events.push({ atMs, seq: this.seq++, run });
  }

  /** Removes and returns the earliest event due at or before `endMs`. */
  shiftUntil(endMs: number): TimedEvent | undefined {
    this.events.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    const head = this.events[0];
    if (!head || head.atMs > endMs) return undefined;
    return this.events.shift();
  }
}
