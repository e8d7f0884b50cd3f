import { describe, expect, it } from "vitest";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import type { LogLine } from "../port.js";
import { createLineSplitter } from "./log-line-splitter.js";

function split(chunk: Buffer): LogLine[] {
  const lines: LogLine[] = [];
  const splitter = createLineSplitter("stdout", new FakeClock(), (line) => lines.push(line));
  splitter.push(chunk);
  splitter.end();
  return lines;
}

describe("createLineSplitter keeps the bytes a container wrote", () => {
  it("a line that is not valid UTF-8 carries its exact bytes (text shows U+FFFD, the log stores the bytes)", () => {
    const [line] = split(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
    expect(line?.text).toBe("a\ufffd\ufffdb");
    expect(Buffer.from(line!.raw!)).toEqual(Buffer.from([0x61, 0xff, 0xfe, 0x62]));
  });

  it("a valid UTF-8 line carries no separate bytes", () => {
    const [line] = split(Buffer.from("héllo\n"));
    expect(line).toMatchObject({ text: "héllo" });
    expect(line?.raw).toBeUndefined();
  });
});
