import { describe, expect, it } from "vitest";
import type { RestartPolicy } from "../api/index.js";
import { computePodActions } from "./compute-pod-actions.js";
import { container, makePod, sidecar, withPreStop, withStartupProbe } from "./testing/make-pod.js";
import { ScenarioDriver, type DriverEvent } from "./testing/scenario-driver.js";

const pick = (events: DriverEvent[], kind: DriverEvent["kind"]) =>
  events
    .filter((e) => e.kind === kind)
    .map((e) => ({
      atMs: e.atMs,
      name: e.name,
      ...(e.gracePeriodMs !== undefined ? { gracePeriodMs: e.gracePeriodMs } : {}),
      ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
    }));

describe("Job-style completion (C1–C3)", () => {
  it.each<[RestartPolicy, number]>([
    ["Never", 0],
    ["Never", 1],
    ["OnFailure", 0],
  ])(
    "C1: under %s, once the only regular container exits %i the pod terminates with reason Completed and stops its sidecars",
    (restartPolicy, exitCode) => {
      const pod = makePod({ restartPolicy, init: [sidecar("log")], containers: [container("app")] });
      const driver = new ScenarioDriver(pod, (name) =>
        name === "app" ? { exitAfterMs: 5_000, exitCode } : {},
      );
      driver.runToEnd();
      expect(driver.state.termination).toEqual({
        reason: "Completed",
        startedAtMs: 5_000,
        gracePeriodMs: 30_000,
      });
      expect(pick(driver.log, "stopSignal")).toEqual([{ atMs: 5_000, name: "log", gracePeriodMs: 30_000 }]);
      expect(driver.isFinished).toBe(true);
    },
  );

  it("C1: under OnFailure a failed regular container restarts; the pod completes when all regular containers exited 0", () => {
    const pod = makePod({ restartPolicy: "OnFailure", containers: [container("a"), container("b")] });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "a" ? { exitAfterMs: 1_000, exitCode: instance === 0 ? 1 : 0 } : { exitAfterMs: 4_000 },
    );
    driver.runToEnd();
    expect(driver.state.containers.a?.restartCount).toBe(1);
    expect(driver.state.termination?.startedAtMs).toBe(4_000);
  });

  it("C1: under Always the pod never completes on its own", () => {
    const pod = makePod({ restartPolicy: "Always", containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({ exitAfterMs: 1_000 }));
    driver.runUntil(3_600_000);
    expect(driver.state.termination).toBeUndefined();
  });

  it("C1: a crashing sidecar never keeps the pod alive and is not restarted once completion began", () => {
    const pod = makePod({ restartPolicy: "Never", init: [sidecar("log")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "app" ? { exitAfterMs: 30_000 } : { exitAfterMs: 1_000, exitCode: 1 },
    );
    driver.runToEnd();
    expect(driver.isFinished).toBe(true);
    expect(driver.nowMs).toBe(30_000);
  });

  it("C3: the completion kill uses spec.terminationGracePeriodSeconds", () => {
    const pod = makePod({
      restartPolicy: "Never",
      graceSeconds: 12,
      init: [sidecar("log")],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name) => (name === "app" ? { exitAfterMs: 1_000 } : {}));
    driver.runToEnd();
    expect(driver.state.termination?.gracePeriodMs).toBe(12_000);
  });
});

describe("graceful termination (C4–C10)", () => {
  it("C4: once termination began nothing starts or restarts, not even a container in CrashLoopBackOff", () => {
    const pod = makePod({ init: [sidecar("log")], containers: [container("app"), container("crash")] });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "crash" ? { exitAfterMs: 1_000, exitCode: 1 } : {},
    );
    driver.runUntil(2_500);
    expect(driver.state.containers.crash?.backOff).toBeDefined();
    driver.delete();
    driver.runToEnd();
    expect(driver.log.filter((e) => e.kind === "starting" && e.atMs >= 2_500)).toEqual([]);
    expect(driver.isFinished).toBe(true);
  });

  it("C4: probe failures are ignored during termination", () => {
    const pod = makePod({
      containers: [container("app", { ...withPreStop, livenessProbe: { exec: { command: ["x"] } } })],
    });
    const driver = new ScenarioDriver(pod, () => ({ preStopMs: 10_000, livenessFailsAfterMs: 2_000 }));
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    expect(driver.log.filter((e) => e.kind === "kill")).toEqual([]);
  });

  it("C5: preStop hooks of regular containers and sidecars all start at once, with the whole grace as budget", () => {
    const pod = makePod({
      init: [sidecar("s1", withPreStop), sidecar("s2", withPreStop)],
      containers: [container("app", withPreStop)],
    });
    const driver = new ScenarioDriver(pod, () => ({ preStopMs: 1_000 }));
    driver.runUntil(1_000);
    driver.delete();
    expect(driver.log.filter((e) => e.kind === "preStop").map((e) => [e.atMs, e.name, e.budgetMs])).toEqual([
      [1_000, "s1", 30_000],
      [1_000, "s2", 30_000],
      [1_000, "app", 30_000],
    ]);
  });

  it("C5: regular containers are signalled first; sidecars then stop one at a time in reverse declaration order", () => {
    const pod = makePod({
      init: [sidecar("s1"), sidecar("s2"), sidecar("s3")],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, () => ({ onStop: { afterMs: 1_500, exitCode: 0 } }));
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    // waits are truncated to whole seconds: each sidecar waited 1.5 s, 3 s, 4.5 s → g = 29, 27, 26 s.
    expect(pick(driver.log, "stopSignal")).toEqual([
      { atMs: 1_000, name: "app", gracePeriodMs: 30_000 },
      { atMs: 2_500, name: "s3", gracePeriodMs: 29_000 },
      { atMs: 4_000, name: "s2", gracePeriodMs: 27_000 },
      { atMs: 5_500, name: "s1", gracePeriodMs: 26_000 },
    ]);
  });

  it("C5 (kubelet newTerminationOrdering): a sidecar already gone when termination begins breaks the chain — the sidecar before it stops together with the one after it", () => {
    const pod = makePod({
      init: [sidecar("s1"), sidecar("s2"), sidecar("s3")],
      containers: [container("app")],
    });
    // s2 crashes twice (the first restart is immediate), then sits in CrashLoopBackOff.
    const driver = new ScenarioDriver(pod, (name) =>
      name === "s2" ? { exitAfterMs: 500, exitCode: 1 } : { onStop: { afterMs: 1_500, exitCode: 0 } },
    );
    driver.runUntil(2_000);
    expect(driver.state.containers.s2?.state.kind).toBe("exited");
    driver.delete();
    driver.runToEnd();
    expect(pick(driver.log, "stopSignal")).toEqual([
      { atMs: 2_000, name: "app", gracePeriodMs: 30_000 },
      { atMs: 3_500, name: "s1", gracePeriodMs: 29_000 },
      { atMs: 3_500, name: "s3", gracePeriodMs: 29_000 },
    ]);
  });

  it("C5 (kubelet killContainer marks a sidecar terminated only after its turn): a middle sidecar that exits on its own while waiting still holds the one before it until the later one stopped", () => {
    const pod = makePod({
      init: [sidecar("s1"), sidecar("s2"), sidecar("s3")],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "s2" ? { exitAfterMs: 2_000, exitCode: 0 } : { onStop: { afterMs: 1_500, exitCode: 0 } },
    );
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    // app exits at 2.5 s, s3 at 4 s; s2 exited at 2 s but its turn only came with s3's exit.
    expect(pick(driver.log, "stopSignal")).toEqual([
      { atMs: 1_000, name: "app", gracePeriodMs: 30_000 },
      { atMs: 2_500, name: "s3", gracePeriodMs: 29_000 },
      { atMs: 4_000, name: "s1", gracePeriodMs: 27_000 },
    ]);
  });

  it("C5: the preStop time is taken off the grace in whole seconds: a 2.5 s hook leaves 28 s", () => {
    const pod = makePod({ containers: [container("app", withPreStop)] });
    const driver = new ScenarioDriver(pod, () => ({ preStopMs: 2_500 }));
    driver.runUntil(0);
    driver.delete();
    driver.runToEnd();
    expect(pick(driver.log, "stopSignal")).toEqual([{ atMs: 2_500, name: "app", gracePeriodMs: 28_000 }]);
  });

  it("C5: a sidecar whose preStop ends before the regular containers exit waits its turn with what is left of the grace", () => {
    const pod = makePod({ init: [sidecar("log", withPreStop)], containers: [container("app", withPreStop)] });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "app" ? { preStopMs: 10_000 } : { preStopMs: 1_000 },
    );
    driver.runUntil(0);
    driver.delete();
    driver.runToEnd();
    expect(pick(driver.log, "awaitTurn")).toEqual([{ atMs: 1_000, name: "log" }]);
    expect(driver.log.find((e) => e.kind === "awaitTurn")?.budgetMs).toBe(29_000);
    // app: preStop 10 s → stop with 20 s, exits at once; log waited 9 s → 20 s.
    expect(pick(driver.log, "stopSignal")).toEqual([
      { atMs: 10_000, name: "app", gracePeriodMs: 20_000 },
      { atMs: 10_000, name: "log", gracePeriodMs: 20_000 },
    ]);
  });

  it("C5: a container without a preStop hook skips step 1", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod);
    driver.runUntil(0);
    driver.delete(10_000);
    expect(driver.log.filter((e) => e.kind === "preStop")).toEqual([]);
    expect(pick(driver.log, "stopSignal")).toEqual([{ atMs: 0, name: "app", gracePeriodMs: 10_000 }]);
  });

  it("C5: with a zero grace period preStop is skipped and every container gets the 2 s minimum window, sidecars without waiting", () => {
    const pod = makePod({ init: [sidecar("log", withPreStop)], containers: [container("app", withPreStop)] });
    const driver = new ScenarioDriver(pod, () => ({ onStop: "ignore" }));
    driver.runUntil(0);
    driver.delete(0);
    driver.runToEnd();
    expect(pick(driver.log, "stopSignal")).toEqual([
      { atMs: 0, name: "log", gracePeriodMs: 2_000 },
      { atMs: 0, name: "app", gracePeriodMs: 2_000 },
    ]);
    expect(pick(driver.log, "exited").map((e) => [e.atMs, e.exitCode])).toEqual([
      [2_000, 137],
      [2_000, 137],
    ]);
  });

  it("C6: preStop hooks that never return: after the 30 s budget every container gets the 2 s window and is SIGKILLed at ≈32 s", () => {
    const pod = makePod({
      init: [sidecar("s1", withPreStop), sidecar("s2", withPreStop)],
      containers: [container("app", withPreStop)],
    });
    const driver = new ScenarioDriver(pod, () => ({ preStopMs: Infinity, onStop: "ignore" }));
    driver.runUntil(0);
    driver.delete();
    driver.runToEnd();
    expect(pick(driver.log, "stopSignal")).toEqual([
      { atMs: 30_000, name: "s1", gracePeriodMs: 2_000 },
      { atMs: 30_000, name: "s2", gracePeriodMs: 2_000 },
      { atMs: 30_000, name: "app", gracePeriodMs: 2_000 },
    ]);
    expect(pick(driver.log, "exited")).toEqual([
      { atMs: 32_000, name: "s1", exitCode: 137 },
      { atMs: 32_000, name: "s2", exitCode: 137 },
      { atMs: 32_000, name: "app", exitCode: 137 },
    ]);
  });

  it("C6: a regular container that ignores SIGTERM is SIGKILLed (137) at the grace; the waiting sidecar then gets the 2 s window", () => {
    const pod = makePod({ init: [sidecar("log")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (name) => (name === "app" ? { onStop: "ignore" } : {}));
    driver.runUntil(0);
    driver.delete();
    driver.runToEnd();
    expect(pick(driver.log, "stopSignal")).toEqual([
      { atMs: 0, name: "app", gracePeriodMs: 30_000 },
      { atMs: 30_000, name: "log", gracePeriodMs: 2_000 },
    ]);
    expect(pick(driver.log, "exited")).toEqual([
      { atMs: 30_000, name: "app", exitCode: 137 },
      { atMs: 30_000, name: "log", exitCode: 0 },
    ]);
  });

  it("C6: a sidecar whose turn does not come within what is left of its grace is stopped at that deadline with 2 s", () => {
    const pod = makePod({ init: [sidecar("log", withPreStop)], containers: [container("app", withPreStop)] });
    // app: preStop 0.9 s → stop with 30 s, ignores SIGTERM → SIGKILL at 30.9 s.
    // log: preStop 1 s → waits its turn from 1 s with 29 s → deadline 30 s.
    const driver = new ScenarioDriver(pod, (name) =>
      name === "app" ? { preStopMs: 900, onStop: "ignore" } : { preStopMs: 1_000, onStop: "ignore" },
    );
    driver.runUntil(0);
    driver.delete();
    driver.runToEnd();
    expect(pick(driver.log, "stopSignal")).toEqual([
      { atMs: 900, name: "app", gracePeriodMs: 30_000 },
      { atMs: 30_000, name: "log", gracePeriodMs: 2_000 },
    ]);
  });

  it("C6: the plan wakes the agent at the preStop budget end and at the turn deadline", () => {
    const pod = makePod({ init: [sidecar("log")], containers: [container("app", withPreStop)] });
    const driver = new ScenarioDriver(pod, () => ({ preStopMs: Infinity, onStop: "ignore" }));
    driver.runUntil(0);
    driver.delete();
    expect(computePodActions(pod, driver.state, 5_000).wakeAtMs).toBe(30_000);
  });

  it("C8: deleting a pod during initialization stops the running init container and never starts the rest", () => {
    const pod = makePod({
      graceSeconds: 3,
      init: [sidecar("log", withStartupProbe), container("setup")],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, () => ({ startupAfterMs: 1_000_000 }));
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    expect(pick(driver.log, "stopSignal")).toEqual([{ atMs: 1_000, name: "log", gracePeriodMs: 3_000 }]);
    expect(driver.state.containers.setup?.state.kind).toBe("notCreated");
    expect(driver.isFinished).toBe(true);
  });

  it("C10: a sidecar that exits during termination is not restarted", () => {
    const pod = makePod({ init: [sidecar("log")], containers: [container("app", withPreStop)] });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "app" ? { preStopMs: 10_000 } : { exitAfterMs: 5_000, exitCode: 1 },
    );
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    expect(driver.log.filter((e) => e.kind === "starting" && e.name === "log")).toHaveLength(1);
    expect(driver.isFinished).toBe(true);
  });

  it("C4: termination with nothing running is finished at once", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod);
    driver.delete();
    expect(driver.isFinished).toBe(true);
    expect(driver.state.sandboxReadyAtMs).toBeUndefined();
  });
});

describe("active deadline", () => {
  it("activeDeadlineSeconds passed since admission: the pod terminates with DeadlineExceeded", () => {
    const pod = makePod({ activeDeadlineSeconds: 10, containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({}), {}, 1_000);
    driver.runUntil(10_999);
    expect(driver.state.termination).toBeUndefined();
    expect(driver.plans.at(-1)?.actions.wakeAtMs).toBe(11_000);
    driver.runToEnd();
    expect(driver.state.termination).toEqual({
      reason: "DeadlineExceeded",
      startedAtMs: 11_000,
      gracePeriodMs: 30_000,
    });
    expect(driver.isFinished).toBe(true);
  });
});
