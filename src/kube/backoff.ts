/**
 * client-go's reflector back-off (tools/cache/reflector.go `defaultBackoff*`, wait.Backoff
 * `DelayWithReset`): 800 ms doubling to 30 s, each delay stretched by up to 100 % jitter, and
 * reset to the start when no delay was asked for during 2 minutes (the API server is healthy).
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  jitter: number;
  resetAfterMs: number;
}

export const reflectorBackoff: BackoffOptions = {
  initialMs: 800,
  maxMs: 30_000,
  factor: 2,
  jitter: 1,
  resetAfterMs: 120_000,
};

export class Backoff {
  private nextMs: number;
  private lastAtMs: number | undefined;

  constructor(
    private readonly options: BackoffOptions,
    /** Uniform in [0, 1); Math.random in production, fixed in tests. */
    private readonly random: () => number,
  ) {
    this.nextMs = options.initialMs;
  }

  /** The delay to wait now, at `nowMs`; grows the next one. */
  delayMs(nowMs: number): number {
    if (this.lastAtMs !== undefined && nowMs - this.lastAtMs >= this.options.resetAfterMs)
      this.nextMs = this.options.initialMs;
    this.lastAtMs = nowMs;
    const base = this.nextMs;
    this.nextMs = Math.min(this.options.maxMs, base * this.options.factor);
    return Math.round(base * (1 + this.random() * this.options.jitter));
  }
}
