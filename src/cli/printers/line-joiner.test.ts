import { describe, expect, it } from "vitest";
import type { LogLine } from "../../runtime/index.js";
import { createLineJoiner } from "./line-joiner.js";

const piece = (text: string, partial: boolean, timeMs = 1): LogLine => ({
  stream: "stdout",
  text,
  partial,
  timeMs,
});

describe("joining partial log pieces into whole lines", () => {
  it("passes whole lines through", () => {
    const joiner = createLineJoiner();
    expect(joiner.push("p/c", piece("hello", false))?.text).toBe("hello");
  });

  it("holds pieces of a long line until its end arrives, keeping the first piece's time", () => {
    const joiner = createLineJoiner();
    expect(joiner.push("p/c", piece("aaa", true, 1))).toBeUndefined();
    expect(joiner.push("p/c", piece("bbb", true, 2))).toBeUndefined();
    expect(joiner.push("p/c", piece("ccc", false, 3))).toEqual(piece("aaabbbccc", false, 1));
  });

  it("keeps each container's pieces apart", () => {
    const joiner = createLineJoiner();
    joiner.push("p/a", piece("a1", true));
    expect(joiner.push("p/b", piece("b", false))?.text).toBe("b");
    expect(joiner.push("p/a", piece("a2", false))?.text).toBe("a1a2");
  });

  it("flushes a last line without a newline when the instance ends, and only once", () => {
    const joiner = createLineJoiner();
    joiner.push("p/c", piece("no newline at exit", true));
    expect(joiner.flush("p/c")).toEqual(piece("no newline at exit", false));
    expect(joiner.flush("p/c")).toBeUndefined();
  });

  it("never holds more than the CRI's 16 KiB of one line: a longer line comes out in 16 KiB lines", () => {
    const joiner = createLineJoiner();
    const kib = "x".repeat(1024);
    const out: string[] = [];
    // 100 MiB of one line without a newline, in 16 KiB pieces as the runtime delivers them.
    for (let i = 0; i < 6400; i++) {
      const whole = joiner.push("p/c", piece(kib.repeat(16), true));
      if (whole) out.push(whole.text);
    }
    expect(out).toHaveLength(6400);
    expect(out.every((text) => text.length === 16 * 1024)).toBe(true);
    expect(joiner.flush("p/c")).toBeUndefined();
  });

  it("joins small pieces only up to 16 KiB", () => {
    const joiner = createLineJoiner();
    expect(joiner.push("p/c", piece("a".repeat(10_000), true))).toBeUndefined();
    expect(joiner.push("p/c", piece("b".repeat(10_000), true))?.text).toBe(
      "a".repeat(10_000) + "b".repeat(10_000),
    );
    expect(joiner.push("p/c", piece("c", false))?.text).toBe("c");
  });
});
