/**
 * Time is an input. Pure code takes `now` (epoch milliseconds); the imperative shell takes a Clock.
 * Tests drive FakeClock (shared/testing/fake-clock.ts), never real sleeps.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError if `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `onTimer` after `ms` unless the returned function cancels it first: a sleep without a
   * promise, an AbortController and a listener, for timers re-armed on every sync and probe run
   * (WakeTimer). At a thousand pods' probes those lived a period each, long enough to be promoted,
   * and were most of the garbage the old generation grew with (issue 17).
   */
  setTimer(ms: number, onTimer: () => void): () => void;
}

/**
 * The one AbortError a cancelled sleep rejects with, and the reason to abort one with. Node builds a
 * DOMException (a stack capture, ~10 µs) for each `AbortController.abort()` without a reason and
 * each rejection would build another; a timer is cancelled on most syncs and on every probe run, on
 * the path of the reactions (issue 17). Nothing reads the stack of this error.
 */
export const SLEEP_ABORTED: Error = new DOMException("The operation was aborted", "AbortError");
