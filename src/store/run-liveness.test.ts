import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isRecordedRunAlive, processStartTime } from "./run-liveness.js";

const self = { pid: process.pid, processStartTime: processStartTime(process.pid) };

describe("whether a recorded run is still alive (pid and start time, so a reused pid does not count)", () => {
  it("the current process is alive", () => {
    expect(isRecordedRunAlive(self)).toBe(true);
  });

  it("a process that has exited is not", () => {
    const exited = spawnSync(process.execPath, ["-e", "0"]).pid;
    expect(isRecordedRunAlive({ pid: exited, processStartTime: "1" })).toBe(false);
  });

  it("a live pid with another start time is another process: the run is gone", () => {
    expect(isRecordedRunAlive({ pid: process.pid, processStartTime: "1" })).toBe(false);
  });

  it("without a recorded start time (an older run.json), the pid alone decides", () => {
    expect(isRecordedRunAlive({ pid: process.pid })).toBe(true);
  });
});
