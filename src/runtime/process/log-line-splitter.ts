import type { Clock } from "../../shared/index.js";
import type { LogLine, LogSink } from "../port.js";

/** containerd cuts longer lines into 16 KiB pieces (its CRI log "P" records); so do we. */
export const MAX_LOG_LINE_BYTES = 16 * 1024;

export interface LineSplitter {
  push(chunk: Buffer): void;
  /** Delivers what is left (a final line without newline) as `partial: true`. Idempotent. */
  end(): void;
}

/**
 * Splits one output stream into LogLines, in order, each stamped with `clock.now()` when read.
 * "\r\n" ends a line like "\n". A line longer than `maxLineBytes` is delivered in pieces marked
 * `partial: true` (cut on a UTF-8 character boundary), like containerd's partial log records.
 */
export function createLineSplitter(
  stream: LogLine["stream"],
  clock: Clock,
  sink: LogSink,
  maxLineBytes = MAX_LOG_LINE_BYTES,
): LineSplitter {
  let pending: Buffer = Buffer.alloc(0);
  let ended = false;

  const emit = (bytes: Buffer, partial: boolean): void => {
    const line = !partial && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
    const text = line.toString("utf8");
    // Decoding replaced something only if U+FFFD appears; then keep the bytes as written.
    const isExact = !text.includes("\ufffd") || Buffer.from(text, "utf8").equals(line);
    sink({ stream, timeMs: clock.now(), text, partial, ...(isExact ? {} : { raw: Buffer.from(line) }) });
  };

  const emitLong = (): void => {
    while (pending.length > maxLineBytes) {
      const cut = utf8Boundary(pending, maxLineBytes);
      emit(pending.subarray(0, cut), true);
      pending = pending.subarray(cut);
    }
  };

  return {
    push(chunk) {
      if (ended) return;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let start = 0;
      for (;;) {
        const newline = pending.indexOf(0x0a, start);
        if (newline === -1) break;
        let line = pending.subarray(start, newline);
        while (line.length > maxLineBytes) {
          const cut = utf8Boundary(line, maxLineBytes);
          emit(line.subarray(0, cut), true);
          line = line.subarray(cut);
        }
        emit(line, false);
        start = newline + 1;
      }
      pending = pending.subarray(start);
      emitLong();
      // Keep a copy so that the (possibly large) chunk buffer can be freed.
      if (pending.length > 0 && pending.buffer.byteLength > pending.length * 4)
        pending = Buffer.from(pending);
    },
    end() {
      if (ended) return;
      ended = true;
      if (pending.length > 0) emit(pending, true);
      pending = Buffer.alloc(0);
    },
  };
}

/** The largest cut ≤ max that does not split a UTF-8 sequence. */
function utf8Boundary(bytes: Buffer, max: number): number {
  let cut = max;
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return cut === 0 ? max : cut;
}
