/**
 * Helpers shared by the `describe` printers: kubectl's PrefixWriter (2 spaces per level, cells
 * separated by tabs, aligned at the end by the tabwriter) and Go's time.RFC1123Z.
 */
export class DescribeWriter {
  private readonly chunks: string[] = [];

  /** `level` × 2 spaces, then the text (kubectl PrefixWriter.Write). */
  write(level: number, text: string): void {
    this.chunks.push("  ".repeat(level) + text);
  }

  text(): string {
    return this.chunks.join("");
  }
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Go's `time.RFC1123Z` ("Mon, 02 Jan 2006 15:04:05 -0700") in the given UTC offset; kubectl prints
 * local time, so the CLI passes the local offset. An unset time prints Go's zero time.
 */
export function formatRfc1123z(text: string | undefined, offsetMinutes: (ms: number) => number): string {
  const parsed = text === undefined || text === "" ? Number.NaN : Date.parse(text);
  if (Number.isNaN(parsed)) return "Mon, 01 Jan 0001 00:00:00 +0000";
  const offset = offsetMinutes(parsed);
  const d = new Date(parsed + offset * 60_000);
  const two = (n: number) => String(n).padStart(2, "0");
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${DAYS[d.getUTCDay()] ?? ""}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? ""} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

/** The host's UTC offset at `ms`, in minutes east of UTC (Date's is west, hence the minus). */
export function localOffsetMinutes(ms: number): number {
  return -new Date(ms).getTimezoneOffset();
}

/** kubectl printLabelsMultiline: `key=value` lines sorted by key, `<none>` when empty. */
export function writeLabels(
  w: DescribeWriter,
  title: string,
  labels: Record<string, string> | undefined,
): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.write(0, "<none>\n");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, "\t");
    w.write(0, `${key}=${labels?.[key] ?? ""}\n`);
  });
}

const MAX_ANNOTATION_LENGTH = 140;
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** kubectl printAnnotationsMultiline: `key: value`, long or multi-line values on their own lines. */
export function writeAnnotations(w: DescribeWriter, annotations: Record<string, string> | undefined): void {
  w.write(0, "Annotations:\t");
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort();
  if (keys.length === 0) {
    w.write(0, "<none>\n");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, "\t");
    const value = (annotations?.[key] ?? "").replace(/\n$/, "");
    if (value.length + key.length + 2 > MAX_ANNOTATION_LENGTH || value.includes("\n")) {
      w.write(0, `${key}:\n`);
      for (const line of value.split("\n")) w.write(0, `\t  ${shorten(line, MAX_ANNOTATION_LENGTH - 2)}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
