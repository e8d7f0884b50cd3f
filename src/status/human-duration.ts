/**
 * apimachinery `duration.HumanDuration`: the compact age kubectl prints in AGE and "(… ago)".
 * Every division truncates; the table is in docs/rules/printing.md ("HumanDuration").
 */

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/** Formats `ms` the way kubectl does, e.g. `90s`, `3m10s`, `179m`, `2d1h`, `367d`, `2y1d`. */
export function humanDuration(ms: number): string {
  // A clock up to ~2 s ahead of ours still reads "0s" (the upstream tolerance for skew).
  const seconds = Math.trunc(ms / SECOND_MS);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 2 * 60) return `${seconds}s`;

  const minutes = Math.trunc(ms / MINUTE_MS);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 3 * 60) return `${minutes}m`;

  const hours = Math.trunc(ms / HOUR_MS);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;

  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;

  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}
