import { describe, expect, it } from "vitest";
import { keepLastLines, terminationMessage } from "./termination-message.js";

describe("the termination message (kubelet getTerminationMessage)", () => {
  const base = { fileText: "", policy: "File" as const, exitCode: 1, lastLines: ["boom"] };

  it("is the file's contents, whatever the exit code and policy", () => {
    expect(terminationMessage({ ...base, fileText: "done: 3 rows", exitCode: 0 })).toBe("done: 3 rows");
    expect(terminationMessage({ ...base, fileText: "bad", policy: "FallbackToLogsOnError" })).toBe("bad");
  });

  it("is cut at 4096 bytes", () => {
    expect(terminationMessage({ ...base, fileText: "x".repeat(5000) })).toHaveLength(4096);
  });

  it("policy File with an empty file: no message", () => {
    expect(terminationMessage(base)).toBeUndefined();
  });

  it("FallbackToLogsOnError: the last output lines when the container failed and the file is empty", () => {
    expect(terminationMessage({ ...base, policy: "FallbackToLogsOnError", lastLines: ["a", "b"] })).toBe(
      "a\nb",
    );
  });

  it("FallbackToLogsOnError takes nothing from the logs of a container that succeeded", () => {
    expect(terminationMessage({ ...base, policy: "FallbackToLogsOnError", exitCode: 0 })).toBeUndefined();
  });

  it("the fallback keeps the last 2048 bytes", () => {
    const lines = Array.from({ length: 80 }, (_, i) => `${i}`.padStart(40, "-"));
    const message = terminationMessage({ ...base, policy: "FallbackToLogsOnError", lastLines: lines }) ?? "";
    expect(Buffer.byteLength(message)).toBe(2048);
    expect(message.endsWith("-79")).toBe(true);
  });
});

describe("keepLastLines", () => {
  it("passes every line on, keeps the last 80 whole lines and joins partial pieces", () => {
    const seen: string[] = [];
    const tail = keepLastLines((line) => seen.push(line.text));
    for (let i = 0; i < 100; i++) tail.sink({ stream: "stdout", timeMs: 0, text: `l${i}`, partial: false });
    tail.sink({ stream: "stderr", timeMs: 0, text: "piece-", partial: true });
    tail.sink({ stream: "stderr", timeMs: 0, text: "end", partial: true });
    expect(seen).toHaveLength(102);
    expect(tail.lines()).toHaveLength(81);
    expect(tail.lines()[0]).toBe("l20");
    expect(tail.lines().at(-1)).toBe("piece-end");
  });
});
