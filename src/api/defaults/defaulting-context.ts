/** What defaulting needs from outside: the clock and the uid source, both injected (pure code). */
export interface DefaultingContext {
  /** Epoch milliseconds stamped into `metadata.creationTimestamp`. */
  nowMs: number;
  /** A fresh unique id per call (a UUID in production, a counter in tests). */
  ids: () => string;
}
