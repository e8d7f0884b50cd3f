import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createBoundedOutput } from "./bounded-output.js";

/** A terminal that accepts writes but only completes them when the test says so. */
function slowTerminal() {
  const written: string[] = [];
  const pending: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: 8,
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      pending.push(done);
    },
  });
  const completeAll = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { stream, written, completeAll };
}

const notice = (skipped: number) => `podvisor: ${skipped} lines not shown\n`;

describe("container output on a terminal that falls behind", () => {
  it("writes every line while the terminal keeps up", async () => {
    const { stream, written, completeAll } = slowTerminal();
    const output = createBoundedOutput(stream, { maxBufferedBytes: 1024, notice });
    for (const line of ["a\n", "b\n", "c\n"]) {
      output.write(line);
      await completeAll();
    }
    expect(written).toEqual(["a\n", "b\n", "c\n"]);
  });

  it("past the bound, skips lines instead of holding them, and says how many where they are missing", async () => {
    const { stream, written, completeAll } = slowTerminal();
    const output = createBoundedOutput(stream, { maxBufferedBytes: 6, notice });
    for (const line of ["one\n", "two\n", "three\n", "four\n", "five\n"]) output.write(line);
    expect(stream.writableLength).toBeLessThanOrEqual(6 + "two\n".length);
    await completeAll();
    output.write("six\n");
    await completeAll();
    expect(written.join("")).toBe("one\ntwo\npodvisor: 3 lines not shown\nsix\n");
  });

  it("a bound below the stream's own buffer is raised to it, so that the terminal's drain ends the gap", async () => {
    const { stream, written, completeAll } = slowTerminal();
    const output = createBoundedOutput(stream, { maxBufferedBytes: 2, notice });
    output.write("1234\n");
    output.write("5678\n");
    output.write("skipped\n");
    await completeAll();
    expect(written.join("")).toBe("1234\n5678\npodvisor: 1 lines not shown\n");
  });
});
