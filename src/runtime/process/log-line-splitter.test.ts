import { describe, expect, it } from "vitest";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import type { LogLine } from "../port.js";
import { createLineSplitter } from "./log-line-splitter.js";

function split(chunks: (string | Buffer)[], maxLineBytes?: number): Omit<LogLine, "timeMs" | "stream">[] {
  const lines: LogLine[] = [];
  const splitter = createLineSplitter("stdout", new FakeClock(), (line) => lines.push(line), maxLineBytes);
  for (const chunk of chunks) splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  splitter.end();
  splitter.end();
  return lines.map(({ text, partial }) => ({ text, partial }));
}

describe("createLineSplitter", () => {
  it("splits on \\n and \\r\\n, across chunk boundaries", () => {
    expect(split(["a\r", "\nb", "c\n\nd\n"])).toEqual([
      { text: "a", partial: false },
      { text: "bc", partial: false },
      { text: "", partial: false },
      { text: "d", partial: false },
    ]);
  });

  it("delivers a final line without newline as partial when the stream ends", () => {
    expect(split(["done\nno newline"])).toEqual([
      { text: "done", partial: false },
      { text: "no newline", partial: true },
    ]);
  });

  it("cuts a line longer than the limit into partial pieces, the last one complete", () => {
    expect(split(["abcdefghij\n"], 4)).toEqual([
      { text: "abcd", partial: true },
      { text: "efgh", partial: true },
      { text: "ij", partial: false },
    ]);
  });

  it("cuts a long line that has not ended yet without waiting for its newline", () => {
    expect(split(["abcdef", "gh"], 4)).toEqual([
      { text: "abcd", partial: true },
      { text: "efgh", partial: true },
    ]);
  });

  it("never cuts inside a UTF-8 character, even when its bytes arrive in separate chunks", () => {
    const bytes = Buffer.from("aé€\n");
    expect(split([bytes.subarray(0, 2), bytes.subarray(2)], 4)).toEqual([
      { text: "aé", partial: true },
      { text: "€", partial: false },
    ]);
  });

  it("stamps each line with the clock at read time", () => {
    const clock = new FakeClock(1_000);
    const lines: LogLine[] = [];
    const splitter = createLineSplitter("stderr", clock, (line) => lines.push(line));
    splitter.push(Buffer.from("x\n"));
    expect(lines).toEqual([{ stream: "stderr", text: "x", partial: false, timeMs: 1_000 }]);
  });
});
