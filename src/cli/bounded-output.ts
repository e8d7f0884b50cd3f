/**
 * Container output for a terminal that may fall behind. A reader that stops reading (`podvisor run
 * | less`, a stalled SSH session) must not make podvisor hold every line its containers print in
 * memory: past `maxBufferedBytes` waiting to be written, lines are skipped — they are all in the
 * state directory's logs anyway — and once the terminal has caught up, one line says how many
 * were not shown, where they went missing.
 */
import type { Writable } from "node:stream";

export interface BoundedOutput {
  write(text: string): void;
}

export interface BoundedOutputOptions {
  maxBufferedBytes: number;
  /** The line printed where `skipped` lines are missing, newline included. */
  notice: (skipped: number) => string;
}

export function createBoundedOutput(stream: Writable, options: BoundedOutputOptions): BoundedOutput {
  // At or past the stream's own high-water mark a write has returned false, so 'drain' will come.
  const maxBufferedBytes = Math.max(options.maxBufferedBytes, stream.writableHighWaterMark);
  let skipped = 0;
  const caughtUp = () => {
    stream.write(options.notice(skipped));
    skipped = 0;
  };
  return {
    write(text) {
      // Once skipping, skip until the terminal has drained, so that the notice stands in the gap.
      if (skipped > 0 || stream.writableLength >= maxBufferedBytes) {
        if (skipped === 0) stream.once("drain", caughtUp);
        skipped++;
        return;
      }
      stream.write(text);
    },
  };
}
