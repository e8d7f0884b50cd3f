import { describe, expect, it } from "vitest";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { execInProcess } from "./exec-in-process.js";

const env = { PATH: "/usr/bin:/bin" };
const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

describe("execInProcess (exec probes and hooks without namespaces, and the runner under nsenter)", () => {
  it("an exec that ends within its timeout reports its exit code and output; its timeout timer is gone right after", async () => {
    const clock = new FakeClock();
    const result = await execInProcess(
      { command: "sh", args: ["-c", "echo out; echo err >&2; exit 3"] },
      env,
      "/",
      1_000,
      clock,
    );
    expect([result.exitCode, result.timedOut]).toEqual([3, false]);
    // stdout and stderr together, each line whole (their order is the kernel's).
    expect(result.output.split("\n").sort()).toEqual(["", "err", "out"]);
    await nextMacrotask();
    expect(clock.pendingSleeps).toBe(0);
  });

  it("ExecProbeTimeout: an exec still running when its timeout passes is killed: exit code 137, timedOut", async () => {
    const clock = new FakeClock();
    const running = execInProcess({ command: "sleep", args: ["600"] }, env, "/", 1_000, clock);
    await clock.advance(999);
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(1);
    expect(await running).toMatchObject({ exitCode: 137, timedOut: true });
  });

  it("an exec whose container exited is killed, and that is not a timeout", async () => {
    const clock = new FakeClock();
    const containerExited = new AbortController();
    const running = execInProcess(
      { command: "sleep", args: ["600"] },
      env,
      "/",
      1_000,
      clock,
      containerExited.signal,
    );
    containerExited.abort();
    expect(await running).toMatchObject({ exitCode: 137, timedOut: false });
  });
});
