/**
 * The `Events:` table every `kubectl describe` ends with (describe.go DescribeEvents): Type,
 * Reason, Age (`5s`, or `5s (x3 over 2m)` for an event seen several times), From, Message. Rows
 * come from podvisor's own events (describe pod) or from core/v1 Events read from a cluster or
 * saved (describe sidecarset). Pure: rows and `now` in, tab-separated text out.
 */
import { isRecord, parseTime, type Fields } from "../../api/index.js";
import { humanDuration } from "../../status/index.js";

export interface EventRow {
  type: string;
  reason: string;
  /** The reporting component (`source.component`, else `reportingController`). */
  source: string;
  message: string;
  count: number;
  /** Epoch ms; undefined prints `<unknown>`, as kubectl prints a zero time. */
  firstMs: number | undefined;
  lastMs: number | undefined;
}

/** Rows in the order given (callers sort as their kubectl counterpart does). */
export function formatEventsTable(rows: readonly EventRow[], now: number): string {
  if (rows.length === 0) return "Events:\t<none>\n";
  const since = (ms: number | undefined) => (ms === undefined ? "<unknown>" : humanDuration(now - ms));
  let text = "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n";
  for (const row of rows) {
    const first = since(row.firstMs);
    const age = row.count > 1 ? `${since(row.lastMs)} (x${row.count} over ${first})` : first;
    text += `  ${row.type}\t${row.reason}\t${age}\t${row.source}\t${row.message.trim()}\n`;
  }
  return text;
}

/**
 * core/v1 Events as kubectl's DescribeEvents reads them, sorted by lastTimestamp
 * (SortableEvents): the first time is `eventTime`, else `firstTimestamp`; a `series` gives the
 * count and last time; a fieldPath prefixes the message.
 */
export function coreEventRows(events: readonly Fields[]): EventRow[] {
  const rows = events.map((event) => {
    const text = (value: unknown) => (typeof value === "string" ? value : "");
    const time = (value: unknown) =>
      typeof value === "string" && value !== "" ? parseTime(value) : undefined;
    const source = isRecord(event.source) ? text(event.source.component) : "";
    const about = isRecord(event.involvedObject) ? event.involvedObject : {};
    const series = isRecord(event.series) ? event.series : undefined;
    const fieldPath = text(about.fieldPath);
    const message = text(event.message).trim();
    const count = series ? Number(series.count ?? 0) : typeof event.count === "number" ? event.count : 0;
    return {
      sortMs: time(event.lastTimestamp) ?? 0,
      row: {
        type: text(event.type),
        reason: text(event.reason),
        source: source || text(event.reportingController),
        message: fieldPath ? `${fieldPath}: ${message}` : message,
        count,
        firstMs: time(event.eventTime) ?? time(event.firstTimestamp),
        lastMs: series ? time(series.lastObservedTime) : time(event.lastTimestamp),
      },
    };
  });
  return rows.sort((a, b) => a.sortMs - b.sortMs).map((r) => r.row);
}
