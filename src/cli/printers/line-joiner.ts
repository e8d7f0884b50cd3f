/**
 * Rejoins a container's `partial` log pieces (a line longer than the runtime's read chunk, or a
 * last line without a newline) into whole lines for the live stream, as `kubectl logs` joins the
 * CRI log's P records. A piece left over when the instance ends is flushed as a line of its own.
 * Joining stops at the CRI's 16 KiB: a longer line is shown as 16 KiB lines (the last one
 * `partial`), so memory stays bounded whatever a container prints without a newline.
 */
import type { LogLine } from "../../runtime/index.js";

/** containerd's CRI log line limit (runtime/process/log-line-splitter.ts cuts at the same size). */
const maxJoinedChars = 16 * 1024;

export interface LineJoiner {
  /** The whole line this piece completes, if any. */
  push(key: string, line: LogLine): LogLine | undefined;
  /** What is left of an unfinished line when the container instance ended. */
  flush(key: string): LogLine | undefined;
}

export function createLineJoiner(): LineJoiner {
  const pending = new Map<string, LogLine>();
  return {
    push(key, line) {
      const before = pending.get(key);
      const joined: LogLine = before
        ? { ...line, timeMs: before.timeMs, text: before.text + line.text }
        : line;
      if (line.partial && joined.text.length < maxJoinedChars) {
        pending.set(key, joined);
        return undefined;
      }
      pending.delete(key);
      return joined;
    },
    flush(key) {
      const rest = pending.get(key);
      pending.delete(key);
      return rest && { ...rest, partial: false };
    },
  };
}
