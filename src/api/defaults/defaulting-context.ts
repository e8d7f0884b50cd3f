/** What defaulting needs from outside: the clock and the uid source, both injected (pure code). */
export interface DefaultingContext {
  /** Epoch milliseconds stamped into `metadata.creationTimestamp`. */
  nowMs: number;
  /** A fresh unique id per call (a UUID in production, a counter in tests). */
  ids: () => string;
}

/** RFC 3339 to the second, as the API server writes timestamps. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
