/**
 * Time is an input. Pure code takes `now` (epoch milliseconds); the imperative shell takes a Clock.
 * Tests drive FakeClock (shared/testing/fake-clock.ts), never real sleeps.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError if `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
