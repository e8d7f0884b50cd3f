/**
 * Timestamps as the API server writes them: RFC 3339 in UTC with whole seconds
 * (`metav1.Time`, e.g. `2026-01-01T00:00:00Z`); sub-second parts are truncated, as Go's formatter does.
 */

/** Epoch milliseconds → `2026-01-01T00:00:00Z`. */
export function formatTime(ms: number): string {
  const wholeSecondsMs = Math.floor(ms / 1000) * 1000;
  return new Date(wholeSecondsMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `metav1.Time` text → epoch milliseconds; `undefined` for a missing or unparsable (zero) time. */
export function parseTime(text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
