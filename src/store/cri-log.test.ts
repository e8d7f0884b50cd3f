import { describe, expect, it } from "vitest";
import { fixedNanoTime, formatCriLog, parseCriLine } from "./cri-log.js";

const log = [
  "2026-01-01T00:00:01.5Z stdout F hello",
  "2026-01-01T00:00:02.000Z stderr P no newline, ",
  "2026-01-01T00:00:02.100Z stderr F continued",
  "",
].join("\n");

describe("container logs as kubectl logs prints them", () => {
  it("prints the text of each record; a partial record continues on the next", () => {
    expect(formatCriLog(log, { timestamps: false })).toBe("hello\nno newline, continued\n");
  });

  it("--timestamps puts the kubelet's nine-digit RFC 3339 time before each line", () => {
    expect(formatCriLog(log, { timestamps: true })).toBe(
      "2026-01-01T00:00:01.500000000Z hello\n2026-01-01T00:00:02.000000000Z no newline, continued\n",
    );
  });

  it("--prefix puts [pod/NAME/CONTAINER] before each line", () => {
    expect(formatCriLog(log, { timestamps: false, prefix: "pod/web/app" })).toBe(
      "[pod/web/app] hello\n[pod/web/app] no newline, continued\n",
    );
  });

  it("an empty text line is kept", () => {
    expect(parseCriLine("2026-01-01T00:00:00Z stdout F ")).toEqual({
      time: "2026-01-01T00:00:00Z",
      stream: "stdout",
      partial: false,
      text: "",
    });
  });

  it("a time without fraction gets nine zeros", () => {
    expect(fixedNanoTime("2026-01-01T00:00:00Z")).toBe("2026-01-01T00:00:00.000000000Z");
  });
});
