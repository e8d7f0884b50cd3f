import { describe, expect, it } from "vitest";
import { LogLineSplitter } from "./log-line-splitter.js";

const bytes = (text: string) => Buffer.from(text, "utf8");

describe("log chunks become whole lines for the page", () => {
  it("a line split across chunks is sent once, whole, with the time of its first record", () => {
    const splitter = new LogLineSplitter(1000);
    expect(splitter.push(bytes("2026-01-01T00:00:00.100000000Z hel"))).toEqual([]);
    expect(splitter.push(bytes("lo\n2026-01-01T00:00:01.000000000Z second\n"))).toEqual([
      { time: "2026-01-01T00:00:00.100000000Z", text: "hello" },
      { time: "2026-01-01T00:00:01.000000000Z", text: "second" },
    ]);
  });

  it("a UTF-8 character split between two chunks is decoded whole", () => {
    const splitter = new LogLineSplitter(1000);
    const line = bytes("2026-01-01T00:00:00Z grüße\n");
    const cut = line.indexOf(0xc3) + 1;
    expect(splitter.push(line.subarray(0, cut))).toEqual([]);
    expect(splitter.push(line.subarray(cut))).toEqual([{ time: "2026-01-01T00:00:00Z", text: "grüße" }]);
  });

  it("control characters are shown as the CLI shows them on a terminal; tabs stay", () => {
    const splitter = new LogLineSplitter(1000);
    expect(splitter.push(bytes("2026-01-01T00:00:00Z \u001b]52;c;evil\u0007\tx\u202e\n"))).toEqual([
      { time: "2026-01-01T00:00:00Z", text: "\\x1b]52;c;evil\\x07\tx\\u202e" },
    ]);
  });

  it("an endless line is cut at maxLineChars, the pieces after the first without a time", () => {
    const splitter = new LogLineSplitter(10);
    expect(splitter.push(bytes("T0 abcdefghijklmnop"))).toEqual([{ time: "T0", text: "abcdefg" }]);
    expect(splitter.push(bytes("qrs\n"))).toEqual([
      { time: "", text: "hijklmnopq" },
      { time: "", text: "rs" },
    ]);
    expect(splitter.push(bytes("T1 next\n"))).toEqual([{ time: "T1", text: "next" }]);
  });

  it("a last line without its newline comes out at the end", () => {
    const splitter = new LogLineSplitter(1000);
    expect(splitter.push(bytes("T1 no newline"))).toEqual([]);
    expect(splitter.flush()).toEqual([{ time: "T1", text: "no newline" }]);
    expect(splitter.flush()).toEqual([]);
  });
});
