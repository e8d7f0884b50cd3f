/**
 * In-place pod restart, KEP-5532 (RestartAllContainersOnContainerExits, on by default in v1.36),
 * rule I4. Cases restate the upstream e2e tests of test/e2e/common/node/container_restart_policy.go
 * ("Pod Extended (RestartAllContainers)") and kuberuntime_manager_test.go
 * `TestComputePodActionsForRestartAllContainers` by name.
 */
import { describe, expect, it } from "vitest";
import type { Container, ContainerRestartRule } from "../api/index.js";
import { computePodActions } from "./compute-pod-actions.js";
import { createPodRuntimeState } from "./initial-state.js";
import { RESTARTING_ALL_CONTAINERS_MESSAGE } from "./restart-all.js";
import { exitOf, observeAll, runAt } from "./testing/apply-actions.js";
import { container, makePod, sidecar, withPreStop } from "./testing/make-pod.js";
import { ScenarioDriver } from "./testing/scenario-driver.js";

const restartAllOn42: ContainerRestartRule[] = [
  { action: "RestartAllContainers", exitCodes: { operator: "In", values: [42] } },
];
const withRule = (extra: Partial<Container> = {}): Partial<Container> => ({
  restartPolicy: "Never",
  restartPolicyRules: restartAllOn42,
  ...extra,
});
const starts = (driver: ScenarioDriver, name: string) =>
  driver.log.filter((e) => e.kind === "starting" && e.name === name).map((e) => e.atMs);
const restartCounts = (driver: ScenarioDriver) =>
  Object.fromEntries(Object.values(driver.state.containers).map((r) => [r.name, r.restartCount]));

describe("RestartAllContainers (KEP-5532, I4): upstream e2e", () => {
  it("should restart all containers on regular container exit", () => {
    const pod = makePod({
      restartPolicy: "Never",
      init: [container("init"), sidecar("sidecar")],
      containers: [container("source-container", withRule()), container("regular")],
    });
    const driver = new ScenarioDriver(pod, (name, instance) => {
      if (name === "init") return { exitAfterMs: 0 };
      if (name === "source-container" && instance === 0) return { exitAfterMs: 5_000, exitCode: 42 };
      return {};
    });
    driver.runUntil(20_000);
    // The sidecar and the other regular container are killed without grace: the 2 s window only.
    expect(driver.log.filter((e) => e.kind === "kill").map((e) => [e.atMs, e.name, e.gracePeriodMs])).toEqual(
      [
        [5_000, "regular", 0],
        [5_000, "sidecar", 0],
      ],
    );
    expect(driver.log.filter((e) => e.kind === "reset").map((e) => e.atMs)).toEqual([5_000]);
    // Then the pod starts over from its first init container, in the same sandbox.
    expect(starts(driver, "init")).toEqual([0, 5_000]);
    expect(starts(driver, "sidecar")).toEqual([0, 5_000]);
    expect(starts(driver, "source-container")).toEqual([0, 5_000]);
    expect(driver.state.sandboxReadyAtMs).toBe(0);
    expect(restartCounts(driver)).toEqual({ init: 1, sidecar: 1, "source-container": 1, regular: 1 });
    for (const record of Object.values(driver.state.containers)) {
      expect(record.lastTermination).toMatchObject({
        exitCode: 137,
        reason: "RestartingAllContainers",
        message: RESTARTING_ALL_CONTAINERS_MESSAGE,
      });
    }
    expect(driver.state.containers["source-container"]?.state.kind).toBe("running");
    expect(driver.state.containers.regular?.state.kind).toBe("running");
    expect(driver.state.termination).toBeUndefined();
  });

  it("should restart all containers on sidecar container exit", () => {
    const pod = makePod({
      restartPolicy: "Never",
      init: [
        container("init"),
        sidecar("sidecar"),
        sidecar("source-sidecar", { restartPolicyRules: restartAllOn42 }),
      ],
      containers: [container("regular")],
    });
    const driver = new ScenarioDriver(pod, (name, instance) => {
      if (name === "init") return { exitAfterMs: 0 };
      if (name === "source-sidecar" && instance === 0) return { exitAfterMs: 30_000, exitCode: 42 };
      return {};
    });
    driver.runUntil(60_000);
    expect(restartCounts(driver)).toEqual({ init: 1, sidecar: 1, "source-sidecar": 1, regular: 1 });
    expect(driver.state.containers.regular?.state.kind).toBe("running");
    expect(driver.state.containers["source-sidecar"]?.state.kind).toBe("running");
  });

  it("should restart init and sidecar containers on init container exit", () => {
    const pod = makePod({
      restartPolicy: "Never",
      init: [sidecar("sidecar"), container("init"), container("source-init", withRule())],
      containers: [container("regular")],
    });
    const driver = new ScenarioDriver(pod, (name, instance) => {
      if (name === "init") return { exitAfterMs: 0 };
      if (name === "source-init") return { exitAfterMs: 1_000, exitCode: instance === 0 ? 42 : 0 };
      return {};
    });
    driver.runUntil(30_000);
    // The regular container had never been created: it has nothing to restart.
    expect(restartCounts(driver)).toEqual({ sidecar: 1, init: 1, "source-init": 1, regular: 0 });
    expect(starts(driver, "regular")).toEqual([2_000]);
    expect(driver.state.containers.regular?.state.kind).toBe("running");
  });

  it("should allow multiple RestartAllContainers actions and not introduce a loop", () => {
    const pod = makePod({
      restartPolicy: "Never",
      containers: [container("source-container", withRule()), container("regular", withRule())],
    });
    // `regular` is killed by the restart (SIGKILL after the 2 s window: 137, no rule matches).
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "source-container" && instance === 0
        ? { exitAfterMs: 10_000, exitCode: 42 }
        : { onStop: "ignore" },
    );
    driver.runUntil(120_000);
    expect(driver.log.filter((e) => e.kind === "reset").map((e) => e.atMs)).toEqual([12_000]);
    expect(restartCounts(driver)).toEqual({ "source-container": 1, regular: 1 });
    expect(driver.state.containers.regular?.state.kind).toBe("running");
  });

  it("should restart all containers on a previously restarted regular container exit", () => {
    const pod = makePod({
      restartPolicy: "Always",
      containers: [
        container("source-container", withRule({ restartPolicy: "Always" })),
        container("regular"),
      ],
    });
    const driver = new ScenarioDriver(pod, (name, instance) => {
      if (name !== "source-container") return {};
      if (instance === 0) return { exitAfterMs: 1_000, exitCode: 1 };
      if (instance === 1) return { exitAfterMs: 1_000, exitCode: 42 };
      return {};
    });
    driver.runUntil(30_000);
    expect(driver.log.filter((e) => e.kind === "reset").map((e) => e.atMs)).toEqual([2_000]);
    expect(restartCounts(driver)).toEqual({ "source-container": 2, regular: 1 });
  });
});

describe("RestartAllContainers: the engine's plan (TestComputePodActionsForRestartAllContainers)", () => {
  const pod = makePod({
    restartPolicy: "Never",
    init: [container("init"), sidecar("sidecar", withPreStop)],
    containers: [container("source", withRule()), container("other", withPreStop)],
  });
  const running = () => {
    let state = observeAll(createPodRuntimeState(pod, 0), [
      { type: "sandboxReady", atMs: 0, podIP: "10.0.0.2" },
    ]);
    state = observeAll(state, [
      ...runAt(computePodActions(pod, state, 0), "init", 0),
      exitOf("init", 0, 0, 10),
    ]);
    for (const name of ["sidecar", "source", "other"])
      state = observeAll(state, [
        { type: "containerStarting", name, atMs: 10, backoff: undefined },
        { type: "containerRunning", name, id: `${name}-1`, startedAtMs: 10 },
      ]);
    return state;
  };

  it("regular container exit triggers RestartAllContainers: regular containers, then init containers, are killed with no grace (no preStop) and nothing starts", () => {
    const state = observeAll(running(), [exitOf("source", 42, 10, 1_000)]);
    const actions = computePodActions(pod, state, 1_000);
    expect(actions.killContainers).toEqual([
      { name: "other", reason: "RestartAllContainers", gracePeriodMs: 0 },
      { name: "sidecar", reason: "RestartAllContainers", gracePeriodMs: 0 },
    ]);
    expect(actions.startContainers).toEqual([]);
    expect(actions.resetContainers).toBe(false);
    expect(actions.beginTermination).toBeUndefined();
  });

  it("all containers removed, start init container: once nothing runs the plan resets, and the next plan starts the first init container", () => {
    let state = observeAll(running(), [
      exitOf("source", 42, 10, 1_000),
      { type: "killStarted", name: "other", reason: "RestartAllContainers", atMs: 1_000 },
      { type: "killStarted", name: "sidecar", reason: "RestartAllContainers", atMs: 1_000 },
    ]);
    expect(computePodActions(pod, state, 1_000).resetContainers).toBe(false);
    state = observeAll(state, [exitOf("other", 137, 10, 3_000), exitOf("sidecar", 0, 10, 3_000)]);
    const reset = computePodActions(pod, state, 3_000);
    expect(reset.resetContainers).toBe(true);
    expect(reset.killContainers).toEqual([]);
    state = observeAll(state, [{ type: "containersReset", atMs: 3_000 }]);
    expect(computePodActions(pod, state, 3_000).startContainers.map((s) => s.name)).toEqual(["init"]);
  });

  it("an exit that matches no RestartAllContainers rule follows the container's own policy", () => {
    const state = observeAll(running(), [exitOf("source", 1, 10, 1_000)]);
    const actions = computePodActions(pod, state, 1_000);
    expect(actions.killContainers).toEqual([]);
    expect(actions.resetContainers).toBe(false);
  });

  it("C4: a RestartAllContainers exit during termination restarts nothing", () => {
    const state = observeAll(running(), [
      { type: "terminationStarted", reason: "Deleted", atMs: 500, gracePeriodMs: 30_000 },
      exitOf("source", 42, 10, 1_000),
    ]);
    const actions = computePodActions(pod, state, 1_000);
    expect(actions.resetContainers).toBe(false);
    expect(actions.killContainers).toEqual([]);
    expect(actions.startContainers).toEqual([]);
  });
});
