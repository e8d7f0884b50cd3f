/**
 * A coalescing work queue with per-key rate-limited retries, as client-go's workqueue
 * (util/workqueue: queue.go, delaying_queue.go, default_rate_limiters.go): a key added many times
 * before it is taken is processed once; a key is never processed twice at once (added while in
 * progress, it is queued again when done); a failed key is retried after 5 ms doubling per
 * consecutive failure up to 1000 s (`DefaultItemBasedRateLimiter`), reset by `forget` after a
 * success — so a controller whose writes keep failing backs off instead of spinning.
 */
import type { Clock } from "../../shared/index.js";

export interface RetryBackoff {
  baseMs: number;
  maxMs: number;
}

export const controllerRetryBackoff: RetryBackoff = { baseMs: 5, maxMs: 1_000_000 };

export class ReconcileQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  /** key → when it is due; a later addAfter never postpones an earlier one. */
  private readonly delayed = new Map<string, number>();
  private wake: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly signal: AbortSignal,
    private readonly backoff: RetryBackoff = controllerRetryBackoff,
  ) {
    signal.addEventListener("abort", () => this.wake?.(), { once: true });
  }

  /** Keys waiting (not those in progress or delayed), for the queue-depth metric. */
  get depth(): number {
    return this.queue.length;
  }

  add(key: string): void {
    if (this.signal.aborted) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.wake?.();
  }

  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.add(key);
    const dueMs = this.clock.now() + delayMs;
    const earlier = this.delayed.get(key);
    if (earlier !== undefined && earlier <= dueMs) return;
    this.delayed.set(key, dueMs);
    void this.clock.sleep(delayMs, this.signal).then(
      () => {
        if (this.delayed.get(key) !== dueMs) return;
        this.delayed.delete(key);
        this.add(key);
      },
      () => undefined,
    );
  }

  /** Retry `key` after its back-off; returns the delay chosen. */
  addRateLimited(key: string): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    const delayMs = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** failures);
    this.addAfter(key, delayMs);
    return delayMs;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** The next key to process, or undefined once the signal aborted. Call `done` after. */
  async next(): Promise<string | undefined> {
    while (!this.signal.aborted) {
      const key = this.queue.shift();
      if (key !== undefined) {
        this.queued.delete(key);
        this.processing.add(key);
        return key;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    return undefined;
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }
}
