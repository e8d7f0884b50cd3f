/**
 * How long a segment lasted, as the picture labels it: "450ms", "2s", "2.4s", "1m5s". Tenths of a
 * second below a minute, so CrashLoopBackOff waits of 2 s and 2.4 s read apart.
 */
export function formatSpan(spanMs: number): string {
  const ms = Math.max(0, Math.round(spanMs));
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) {
    const tenths = Math.round(ms / 100) / 10;
    return `${tenths.toFixed(1).replace(/\.0$/, "")}s`;
  }
  const seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours > 0 ? `${hours}h` : ""}${minutes > 0 ? `${minutes}m` : ""}${rest > 0 || seconds < 60 ? `${rest}s` : ""}`;
}
