import { beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import type { NamedSignal } from "../../api/index.js";
import type { ContainerLaunchSpec, PodSandbox } from "../port.js";
import { describeRuntimeContract } from "../testing/contract.js";
import { emulateFixtures } from "../testing/emulate-fixtures.js";
import { LogCollector } from "../testing/log-collector.js";
import { FakeRuntime } from "./fake-runtime.js";

describeRuntimeContract("fake", () => {
  const clock = new FakeClock();
  return Promise.resolve({
    runtime: new FakeRuntime(clock, { behaviourFor: emulateFixtures("contract-pod") }),
    elapse: (ms: number) => clock.advance(ms),
    capabilities: { hasRealMounts: false },
  });
});

describe("FakeRuntime", () => {
  let clock: FakeClock;
  let runtime: FakeRuntime;
  let sandbox: PodSandbox;
  const spec = (
    name: string,
    argv: string[] = [],
    stopSignal: NamedSignal = "SIGTERM",
  ): ContainerLaunchSpec => ({
    name,
    image: "busybox",
    argv,
    env: [],
    mounts: [],
    stopSignal,
  });

  beforeEach(async () => {
    clock = new FakeClock();
    runtime = new FakeRuntime(clock);
    sandbox = await runtime.createSandbox({
      uid: "u1",
      name: "web",
      namespace: "default",
      volumes: [{ name: "data", kind: "emptyDir" }],
    });
  });

  it('["exit-after", "5000", "3"] exits with 3 once 5 s have passed on the clock', async () => {
    const c = await runtime.startContainer(
      sandbox,
      spec("app", ["exit-after", "5000", "3"]),
      () => undefined,
    );
    let exitCode: number | undefined;
    void c.exited.then((e) => (exitCode = e.exitCode));
    await clock.advance(4_999);
    expect(exitCode).toBeUndefined();
    await clock.advance(1);
    expect(await c.exited).toMatchObject({
      exitCode: 3,
      reason: "Error",
      startedAtMs: c.startedAtMs,
      finishedAtMs: c.startedAtMs + 5_000,
    });
  });

  it("stop: dies at once with 128+signal unless scripted to ignore it", async () => {
    const c = await runtime.startContainer(sandbox, spec("app", [], "SIGINT"), () => undefined);
    await runtime.stopContainer(c.id, 30_000);
    expect(await c.exited).toMatchObject({ exitCode: 130, signal: "SIGINT", finishedAtMs: c.startedAtMs });
  });

  it("stop: a container that ignores SIGTERM gets SIGKILL (137) when the grace period ends", async () => {
    runtime.script("app", { onStop: "ignore" });
    const c = await runtime.startContainer(sandbox, spec("app"), () => undefined);
    const stopped = runtime.stopContainer(c.id, 2_000);
    await clock.advance(2_000);
    await stopped;
    expect(await c.exited).toMatchObject({
      exitCode: 137,
      signal: "SIGKILL",
      finishedAtMs: c.startedAtMs + 2_000,
    });
  });

  it("stop: a handler slower than the grace period is cut short by SIGKILL", async () => {
    runtime.script("app", { onStop: { exitCode: 0, afterMs: 5_000 } });
    const c = await runtime.startContainer(sandbox, spec("app"), () => undefined);
    const stopped = runtime.stopContainer(c.id, 1_000);
    await clock.advance(1_000);
    await stopped;
    expect((await c.exited).exitCode).toBe(137);
  });

  it("scripts successive starts of a container in order, the last one repeating", async () => {
    runtime.script("app", { exitAfterMs: 0, exitCode: 1 }, { exitAfterMs: 0, exitCode: 0 });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await runtime.startContainer(sandbox, spec("app"), () => undefined);
      await clock.advance(0);
      codes.push((await c.exited).exitCode);
    }
    expect(codes).toEqual([1, 0, 0]);
  });

  it("delivers scripted logs at their times, stamped with the clock", async () => {
    runtime.script("app", { logs: [{ text: "hello" }, { text: "later", stream: "stderr", atMs: 1_500 }] });
    const logs = new LogCollector();
    await runtime.startContainer(sandbox, spec("app"), logs.sink);
    await clock.advance(1_500);
    const t0 = clock.now() - 1_500;
    expect(logs.lines).toEqual([
      { stream: "stdout", text: "hello", partial: false, timeMs: t0 },
      { stream: "stderr", text: "later", partial: false, timeMs: t0 + 1_500 },
    ]);
  });

  it("fails a start as scripted", async () => {
    runtime.script("app", {
      failStart: { reason: "CreateContainerConfigError", message: 'secret "db" not found' },
    });
    await expect(runtime.startContainer(sandbox, spec("app"), () => undefined)).rejects.toMatchObject({
      reason: "CreateContainerConfigError",
    });
  });

  it("answers exec as scripted, timing out on the clock", async () => {
    runtime.script("app", {
      exec: (argv) => ({
        exitCode: argv[0] === "ok" ? 0 : 1,
        output: "",
        timedOut: false,
        delayMs: argv[0] === "slow" ? 10_000 : 0,
      }),
    });
    const c = await runtime.startContainer(sandbox, spec("app"), () => undefined);
    expect(await runtime.execInContainer(c.id, ["ok"], 1_000)).toEqual({
      exitCode: 0,
      output: "",
      timedOut: false,
    });
    const slow = runtime.execInContainer(c.id, ["slow"], 1_000);
    await clock.advance(1_000);
    expect(await slow).toMatchObject({ timedOut: true });
  });

  it("records every call in order", async () => {
    const a = await runtime.startContainer(sandbox, spec("init", ["exit-after", "0", "0"]), () => undefined);
    await clock.advance(0);
    await a.exited;
    const b = await runtime.startContainer(sandbox, spec("app"), () => undefined);
    await runtime.stopContainer(b.id, 30_000);
    await runtime.removeSandbox(sandbox);
    await runtime.close();
    expect(runtime.calls).toEqual([
      { op: "createSandbox", pod: "web" },
      { op: "startContainer", pod: "web", container: "init", id: a.id },
      { op: "startContainer", pod: "web", container: "app", id: b.id },
      { op: "stopContainer", id: b.id, container: "app", gracePeriodMs: 30_000 },
      { op: "removeSandbox", pod: "web" },
      { op: "close" },
    ]);
    expect(runtime.running).toEqual([]);
  });
});
