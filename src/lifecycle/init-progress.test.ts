import { describe, expect, it } from "vitest";
import { computePodActions } from "./compute-pod-actions.js";
import { createPodRuntimeState } from "./initial-state.js";
import { observe } from "./observe.js";
import type { PodRuntimeState } from "./pod-state.js";
import { exitOf, observeAll, runAt, startedNames } from "./testing/apply-actions.js";
import { container, makePod, sidecar, withStartupProbe } from "./testing/make-pod.js";
import { ScenarioDriver } from "./testing/scenario-driver.js";

const sandboxed = (state: PodRuntimeState) =>
  observe(state, { type: "sandboxReady", atMs: 0, podIP: "10.0.0.2" });

describe("startup ordering (A)", () => {
  it("A1: nothing starts before the sandbox; the first plan only creates it", () => {
    const pod = makePod({ init: [sidecar("log")], containers: [container("app")] });
    const actions = computePodActions(pod, createPodRuntimeState(pod, 0), 0);
    expect(actions.createSandbox).toBe(true);
    expect(actions.startContainers).toEqual([]);
  });

  it("A2: the first init container starts alone once the sandbox is ready", () => {
    const pod = makePod({ init: [container("setup"), sidecar("log")], containers: [container("app")] });
    const actions = computePodActions(pod, sandboxed(createPodRuntimeState(pod, 0)), 0);
    expect(actions.createSandbox).toBe(false);
    expect(startedNames(actions)).toEqual(["setup"]);
  });

  it("A4: the sync that starts init container 0 does not start init container 1, even once 0 runs", () => {
    const pod = makePod({ init: [sidecar("a"), sidecar("b")], containers: [container("app")] });
    let state = sandboxed(createPodRuntimeState(pod, 0));
    const first = computePodActions(pod, state, 0);
    expect(startedNames(first)).toEqual(["a"]);
    state = observe(state, { type: "containerStarting", name: "a", atMs: 0, backoff: undefined });
    expect(startedNames(computePodActions(pod, state, 0))).toEqual([]);
    state = observe(state, { type: "containerRunning", name: "a", id: "a1", startedAtMs: 1 });
    expect(startedNames(computePodActions(pod, state, 1))).toEqual(["b"]);
  });

  it("A2: a regular init container must exit 0 before the next one starts", () => {
    const pod = makePod({ init: [container("setup"), container("migrate")], containers: [container("app")] });
    let state = observeAll(
      sandboxed(createPodRuntimeState(pod, 0)),
      runAt(computePodActions(pod, createPodRuntimeState(pod, 0), 0), "setup", 0),
    );
    expect(startedNames(computePodActions(pod, state, 1))).toEqual([]);
    state = observe(state, exitOf("setup", 0, 0, 2));
    expect(startedNames(computePodActions(pod, state, 2))).toEqual(["migrate"]);
  });

  it.each([
    ["startup probe still Unknown; hold the next init container", "Unknown", []],
    ["startup probe Success; start the next init container", "Success", ["b"]],
  ] as const)("A2: sidecar running with a startup probe, %s", (_name, result, expected) => {
    const pod = makePod({
      init: [sidecar("a", withStartupProbe), sidecar("b")],
      containers: [container("app")],
    });
    let state = observeAll(sandboxed(createPodRuntimeState(pod, 0)), [
      { type: "containerStarting", name: "a", atMs: 0, backoff: undefined },
      { type: "containerRunning", name: "a", id: "a1", startedAtMs: 0 },
    ]);
    if (result !== "Unknown")
      state = observe(state, { type: "probeResult", name: "a", probe: "startup", result });
    expect(startedNames(computePodActions(pod, state, 1))).toEqual(expected);
  });

  it("A3: a started sidecar keeps running while the next init container runs (only one not-initialized at a time)", () => {
    const pod = makePod({
      init: [sidecar("log"), container("setup"), container("migrate")],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "setup" ? { exitAfterMs: 5_000 } : name === "migrate" ? { exitAfterMs: 5_000 } : {},
    );
    driver.runUntil(1_000);
    expect(driver.state.containers.log?.state.kind).toBe("running");
    expect(driver.state.containers.setup?.state.kind).toBe("running");
    expect(driver.state.containers.migrate?.state.kind).toBe("notCreated");
  });

  it("A5: when the last init container is initialized, all regular containers start in one sync, in spec order", () => {
    const pod = makePod({
      init: [sidecar("log")],
      containers: [container("b"), container("a"), container("c")],
    });
    let state = observeAll(sandboxed(createPodRuntimeState(pod, 0)), [
      { type: "containerStarting", name: "log", atMs: 0, backoff: undefined },
      { type: "containerRunning", name: "log", id: "l1", startedAtMs: 0 },
    ]);
    expect(startedNames(computePodActions(pod, state, 1))).toEqual(["b", "a", "c"]);
    state = observe(state, { type: "containerStarting", name: "b", atMs: 1, backoff: undefined });
    expect(startedNames(computePodActions(pod, state, 1))).toEqual(["a", "c"]);
  });

  it("A5: a pod without init containers starts every regular container at once", () => {
    const pod = makePod({ containers: [container("a"), container("b")] });
    expect(startedNames(computePodActions(pod, sandboxed(createPodRuntimeState(pod, 0)), 0))).toEqual([
      "a",
      "b",
    ]);
  });

  it("A6: no regular container starts while initialization is incomplete", () => {
    const pod = makePod({ init: [container("setup")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({}));
    driver.runUntil(60_000);
    expect(driver.state.containers.app?.state.kind).toBe("notCreated");
  });

  it("A7: a sidecar's failing liveness probe does not hold the next init container (only startup does)", () => {
    const pod = makePod({
      init: [sidecar("log", { livenessProbe: { exec: { command: ["x"] } } }), container("setup")],
      containers: [container("app")],
    });
    let state = observeAll(sandboxed(createPodRuntimeState(pod, 0)), [
      { type: "containerStarting", name: "log", atMs: 0, backoff: undefined },
      { type: "containerRunning", name: "log", id: "l1", startedAtMs: 0 },
    ]);
    state = observe(state, { type: "probeResult", name: "log", probe: "liveness", result: "Unknown" });
    expect(startedNames(computePodActions(pod, state, 1))).toEqual(["setup"]);
  });

  it("A8: a sidecar whose startup probe fails is killed (StartupProbe) and restarted; the next container waits for a started instance", () => {
    const pod = makePod({ init: [sidecar("log", withStartupProbe)], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "log"
        ? instance === 0
          ? { startupAfterMs: 3_000, startupResult: "Failure" }
          : { startupAfterMs: 1_000 }
        : {},
    );
    driver.runUntil(3_000);
    expect(driver.log.filter((e) => e.kind === "kill").map((e) => e.name)).toEqual(["log"]);
    expect(driver.state.containers.app?.state.kind).toBe("notCreated");
    driver.runUntil(3_999);
    expect(driver.state.containers.log?.restartCount).toBe(1);
    expect(driver.state.containers.app?.state.kind).toBe("notCreated");
    driver.runUntil(4_000);
    expect(driver.state.containers.app?.state.kind).toBe("running");
  });

  it("A9: a sidecar that exits before it is started is restarted and later containers keep waiting", () => {
    const pod = makePod({
      init: [sidecar("log", withStartupProbe), container("setup")],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "log"
        ? instance === 0
          ? { exitAfterMs: 500, exitCode: 0, startupAfterMs: 10_000 }
          : { startupAfterMs: 2_000 }
        : {},
    );
    driver.runUntil(501);
    expect(driver.state.containers.log?.restartCount).toBe(1);
    expect(driver.state.containers.setup?.state.kind).toBe("notCreated");
    driver.runUntil(2_500);
    expect(driver.state.containers.setup?.state.kind).toBe("running");
  });

  it("A11: a regular init container that fails under restartPolicy Never fails the pod: nothing else starts", () => {
    const pod = makePod({
      restartPolicy: "Never",
      init: [sidecar("log"), container("setup"), sidecar("late")],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "setup" ? { exitAfterMs: 1_000, exitCode: 3 } : {},
    );
    driver.runToEnd();
    expect(driver.state.termination?.reason).toBe("InitFailed");
    expect(driver.state.containers.late?.state.kind).toBe("notCreated");
    expect(driver.state.containers.app?.state.kind).toBe("notCreated");
    expect(driver.state.containers.log?.state.kind).toBe("exited");
    expect(driver.isFinished).toBe(true);
  });

  it.each(["Always", "OnFailure"] as const)(
    "A11: under %s a failed regular init container is restarted with backoff and the pod keeps initializing",
    (restartPolicy) => {
      const pod = makePod({ restartPolicy, init: [container("setup")], containers: [container("app")] });
      const driver = new ScenarioDriver(pod, (name, instance) =>
        name === "setup" ? { exitAfterMs: 1_000, exitCode: instance < 2 ? 1 : 0 } : {},
      );
      driver.runUntil(60_000);
      // exits at 1 s (restart at once), 2 s (held 10 s → restart at 12 s), 13 s exit 0 → app starts.
      expect(
        driver.log.filter((e) => e.kind === "starting" && e.name === "setup").map((e) => e.atMs),
      ).toEqual([0, 1_000, 12_000]);
      expect(driver.log.find((e) => e.kind === "starting" && e.name === "app")?.atMs).toBe(13_000);
      expect(driver.state.termination).toBeUndefined();
    },
  );

  it("A12: a sidecar before a failing init container keeps running and is restarted when it exits", () => {
    const pod = makePod({
      restartPolicy: "OnFailure",
      init: [sidecar("log"), container("setup")],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "setup" ? { exitAfterMs: 1_000, exitCode: 1 } : { exitAfterMs: 4_000, exitCode: 1 },
    );
    driver.runUntil(30_000);
    expect(driver.state.containers.setup?.restartCount).toBeGreaterThan(1);
    expect(driver.state.containers.log?.restartCount).toBeGreaterThan(0);
    expect(driver.state.containers.app?.state.kind).toBe("notCreated");
  });

  it("A13: a sidecar placed after a failing init container is never started", () => {
    const pod = makePod({
      restartPolicy: "Always",
      init: [container("setup"), sidecar("late")],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "setup" ? { exitAfterMs: 1_000, exitCode: 1 } : {},
    );
    driver.runUntil(120_000);
    expect(driver.state.containers.late?.state.kind).toBe("notCreated");
  });

  it("A14: once a regular container exists, completed init containers are never re-run; only sidecars restart", () => {
    const pod = makePod({ init: [container("setup"), sidecar("log")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "setup"
        ? { exitAfterMs: 100 }
        : name === "log" && instance === 0
          ? { exitAfterMs: 5_000, exitCode: 1 }
          : name === "app"
            ? { exitAfterMs: 3_000, exitCode: 1 }
            : {},
    );
    driver.runUntil(60_000);
    expect(driver.log.filter((e) => e.kind === "starting" && e.name === "setup")).toHaveLength(1);
    expect(driver.state.containers.log?.restartCount).toBe(1);
    expect(driver.state.containers.app?.restartCount).toBeGreaterThan(0);
  });

  it("A17: a container whose start fails is retried, with backoff after the first retry", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (_name, instance) => (instance < 3 ? { failsToStart: true } : {}));
    driver.runUntil(60_000);
    expect(driver.log.filter((e) => e.kind === "starting").map((e) => e.atMs)).toEqual([
      0, 0, 10_000, 30_000,
    ]);
    expect(driver.state.containers.app?.state.kind).toBe("running");
    expect(driver.state.containers.app?.restartCount).toBe(0);
  });

  it("A17: a failed start is retried even under restartPolicy Never", () => {
    const pod = makePod({ restartPolicy: "Never", containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (_name, instance) =>
      instance === 0 ? { failsToStart: true } : {},
    );
    driver.runUntil(1_000);
    expect(driver.state.containers.app?.state.kind).toBe("running");
  });

  it("A14b: progress is read from the last init container with a record: an earlier regular init container without one is not re-run", () => {
    const pod = makePod({
      init: [container("setup"), sidecar("log"), container("migrate")],
      containers: [container("app")],
    });
    const state = observeAll(sandboxed(createPodRuntimeState(pod, 0)), [
      { type: "containerStarting", name: "migrate", atMs: 0, backoff: undefined },
      { type: "containerRunning", name: "migrate", id: "m1", startedAtMs: 0 },
    ]);
    // setup has no record (as if removed); the sidecar without a record is simply started again.
    expect(startedNames(computePodActions(pod, state, 1))).toEqual(["log"]);
  });

  it("B11/B7: a container already being killed is not killed again", () => {
    const pod = makePod({ containers: [container("app", { livenessProbe: { exec: { command: ["x"] } } })] });
    let state = observeAll(sandboxed(createPodRuntimeState(pod, 0)), [
      { type: "containerStarting", name: "app", atMs: 0, backoff: undefined },
      { type: "containerRunning", name: "app", id: "a1", startedAtMs: 0 },
      { type: "probeResult", name: "app", probe: "liveness", result: "Failure" },
    ]);
    expect(computePodActions(pod, state, 1).killContainers).toEqual([
      { name: "app", reason: "LivenessProbe", gracePeriodMs: 30_000 },
    ]);
    state = observe(state, { type: "killStarted", name: "app", reason: "LivenessProbe", atMs: 1 });
    expect(computePodActions(pod, state, 2).killContainers).toEqual([]);
  });
});
