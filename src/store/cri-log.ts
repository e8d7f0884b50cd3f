/**
 * Container logs as `kubectl logs` prints them, from the kubelet's CRI log files
 * (`<RFC 3339 time> <stdout|stderr> <F|P> <text>`): the text, with `--timestamps` the time in
 * the kubelet's fixed nine-digit RFC 3339 form first, with `--prefix` `[pod/NAME/CONTAINER] `.
 * A `P` (partial) record has no newline of its own: the next record continues the line.
 */
export interface CriRecord {
  time: string;
  stream: "stdout" | "stderr";
  partial: boolean;
  text: string;
}

export function parseCriLine(line: string): CriRecord | undefined {
  const match = /^(\S+) (stdout|stderr) ([PF]) ?(.*)$/s.exec(line);
  if (!match) return undefined;
  return {
    time: match[1] ?? "",
    stream: match[2] === "stderr" ? "stderr" : "stdout",
    partial: match[3] === "P",
    text: match[4] ?? "",
  };
}

export interface LogFormatOptions {
  timestamps: boolean;
  /** `pod/NAME/CONTAINER`, or absent for no prefix. */
  prefix?: string;
}

/** CRI file content (complete lines) → what `kubectl logs` prints. */
export function formatCriLog(content: string, options: LogFormatOptions): string {
  let out = "";
  let midLine = false;
  for (const line of content.split("\n")) {
    if (line === "") continue;
    const record = parseCriLine(line);
    if (!record) continue;
    if (!midLine) {
      if (options.prefix !== undefined) out += `[${options.prefix}] `;
      if (options.timestamps) out += `${fixedNanoTime(record.time)} `;
    }
    out += record.text;
    if (!record.partial) out += "\n";
    midLine = record.partial;
  }
  return out;
}

/** `2026-01-01T00:00:00.57Z` → `2026-01-01T00:00:00.570000000Z` (kubelet RFC3339NanoFixed). */
export function fixedNanoTime(time: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!match) return time;
  const fraction = (match[2] ?? "").padEnd(9, "0").slice(0, 9);
  return `${match[1] ?? ""}.${fraction}${match[3] ?? ""}`;
}
