/**
 * Container restart rules (KEP-5307, ContainerRestartRules beta and on by default since v1.35):
 * a container's own restartPolicy and restartPolicyRules decide its restarts (kubelet
 * `ShouldContainerBeRestarted` → `ContainerShouldRestart`), rule I3. Cases follow the KEP's and
 * upstream's (kuberuntime_manager_test.go `TestComputePodActionsWithContainerRestartRules`, the
 * e2e "Container Restart Rules" tests).
 */
import { describe, expect, it } from "vitest";
import type { Container, ContainerRestartRule, RestartPolicy } from "../api/index.js";
import { container, makePod, sidecar } from "./testing/make-pod.js";
import { ScenarioDriver } from "./testing/scenario-driver.js";

type ContainerPolicy = NonNullable<Container["restartPolicy"]>;

const startCount = (driver: ScenarioDriver, name: string) =>
  driver.log.filter((e) => e.kind === "starting" && e.name === name).length;

const restartOn = (operator: "In" | "NotIn", values: number[]): ContainerRestartRule => ({
  action: "Restart",
  exitCodes: { operator, values },
});

type Case = [
  rule: string,
  podPolicy: RestartPolicy,
  own: Pick<Container, "restartPolicy" | "restartPolicyRules">,
  exitCode: number,
  restarted: boolean,
];

describe("container restartPolicy and restartPolicyRules on regular containers (I3)", () => {
  it.each<Case>([
    ["a container restartPolicy Never overrides pod Always", "Always", { restartPolicy: "Never" }, 1, false],
    [
      "a container restartPolicy OnFailure overrides pod Never on failure",
      "Never",
      { restartPolicy: "OnFailure" },
      1,
      true,
    ],
    [
      "a container restartPolicy OnFailure does not restart after success",
      "Never",
      { restartPolicy: "OnFailure" },
      0,
      false,
    ],
    [
      "a container restartPolicy Always overrides pod Never after success",
      "Never",
      { restartPolicy: "Always" },
      0,
      true,
    ],
    [
      "a matching In rule restarts a container whose policy is Never",
      "Never",
      { restartPolicy: "Never", restartPolicyRules: [restartOn("In", [42])] },
      42,
      true,
    ],
    [
      "an exit code the In rule does not list falls back to the container policy",
      "Always",
      { restartPolicy: "Never", restartPolicyRules: [restartOn("In", [42])] },
      1,
      false,
    ],
    [
      "a NotIn rule restarts on every code it does not list",
      "Never",
      { restartPolicy: "Never", restartPolicyRules: [restartOn("NotIn", [0, 1])] },
      2,
      true,
    ],
    [
      "a NotIn rule does not match a listed code; the container policy decides",
      "Never",
      { restartPolicy: "Never", restartPolicyRules: [restartOn("NotIn", [0, 1])] },
      1,
      false,
    ],
    [
      "rules are checked in order and any match restarts",
      "Never",
      { restartPolicy: "Never", restartPolicyRules: [restartOn("In", [1]), restartOn("In", [2])] },
      2,
      true,
    ],
  ])("%s (pod %s, %j, exit %i → restarted: %s)", (_rule, restartPolicy, own, exitCode, restarted) => {
    const pod = makePod({ restartPolicy, containers: [container("app", own), container("keep")] });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "app" && instance === 0 ? { exitAfterMs: 1_000, exitCode } : {},
    );
    driver.runUntil(5_000);
    expect(startCount(driver, "app") > 1).toBe(restarted);
  });

  it.each<[RestartPolicy, ContainerPolicy, boolean]>([
    ["Always", "Never", false],
    ["Never", "OnFailure", true],
    ["Never", "Always", true],
  ])(
    "B3 with a container policy: under pod %s a container with restartPolicy %s killed for its liveness probe (exit 0 on SIGTERM) is restarted: %s",
    (restartPolicy, own, restarted) => {
      const pod = makePod({
        restartPolicy,
        containers: [
          container("app", { restartPolicy: own, livenessProbe: { exec: { command: ["x"] } } }),
          container("keep"),
        ],
      });
      const driver = new ScenarioDriver(pod, (name, instance) =>
        name === "app" && instance === 0
          ? { livenessFailsAfterMs: 2_000, onStop: { afterMs: 0, exitCode: 0 } }
          : {},
      );
      driver.runUntil(10_000);
      expect(driver.log.filter((e) => e.kind === "kill").map((e) => e.name)).toEqual(["app"]);
      expect(startCount(driver, "app") > 1).toBe(restarted);
    },
  );

  it("C1: a pod Always whose only container has restartPolicy Never completes once it exits", () => {
    const pod = makePod({
      restartPolicy: "Always",
      containers: [container("app", { restartPolicy: "Never" })],
    });
    const driver = new ScenarioDriver(pod, () => ({ exitAfterMs: 1_000, exitCode: 3 }));
    driver.runToEnd();
    expect(driver.state.termination).toMatchObject({ reason: "Completed", startedAtMs: 1_000 });
  });

  it("C1: a pod Never keeps running while a container's rule restarts it, and completes when no rule matches", () => {
    const pod = makePod({
      restartPolicy: "Never",
      containers: [container("app", { restartPolicy: "Never", restartPolicyRules: [restartOn("In", [42])] })],
    });
    const driver = new ScenarioDriver(pod, (_name, instance) => ({
      exitAfterMs: 1_000,
      exitCode: instance < 2 ? 42 : 0,
    }));
    driver.runToEnd();
    expect(driver.state.containers.app?.restartCount).toBe(2);
    expect(driver.state.termination?.reason).toBe("Completed");
  });
});

describe("upstream TestComputePodActionsWithContainerRestartRules (kuberuntime_manager_test.go)", () => {
  it.each<[string, RestartPolicy, ContainerPolicy, string[]]>([
    ["restart exited containers if RestartPolicy == Always", "Never", "Always", ["foo1", "foo2"]],
    ["restart failed containers if RestartPolicy == OnFailure", "Never", "OnFailure", ["foo2"]],
    ["don't restart containers if RestartPolicy == Never", "Always", "Never", []],
  ])("%s (pod %s, containers %s)", (_name, restartPolicy, own, expected) => {
    const pod = makePod({
      restartPolicy,
      containers: [
        container("foo1", { restartPolicy: own }),
        container("foo2", { restartPolicy: own }),
        container("foo3"),
      ],
    });
    // foo1 completed (0), foo2 failed (111); foo3 keeps running.
    const driver = new ScenarioDriver(pod, (name, instance) => {
      if (instance > 0 || name === "foo3") return {};
      return { exitAfterMs: 1_000, exitCode: name === "foo1" ? 0 : 111 };
    });
    driver.runUntil(5_000);
    expect(["foo1", "foo2"].filter((name) => startCount(driver, name) > 1)).toEqual(expected);
  });
});

describe("container restartPolicy on init containers (I3)", () => {
  it("a regular init container with restartPolicy OnFailure is retried under pod Never until it succeeds", () => {
    const pod = makePod({
      restartPolicy: "Never",
      init: [container("setup", { restartPolicy: "OnFailure" })],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "setup" ? { exitAfterMs: 500, exitCode: instance < 2 ? 1 : 0 } : {},
    );
    driver.runUntil(60_000);
    expect(driver.state.termination).toBeUndefined();
    expect(startCount(driver, "setup")).toBe(3);
    expect(driver.state.containers.app?.state.kind).toBe("running");
  });

  it("A11 with a container policy: a regular init container with restartPolicy Never fails a pod Always", () => {
    const pod = makePod({
      restartPolicy: "Always",
      init: [sidecar("log"), container("setup", { restartPolicy: "Never" })],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "setup" ? { exitAfterMs: 500, exitCode: 1 } : {},
    );
    driver.runUntil(5_000);
    expect(driver.state.termination?.reason).toBe("InitFailed");
    expect(startCount(driver, "app")).toBe(0);
  });

  it("a matching rule keeps retrying an init container whose policy is Never", () => {
    const pod = makePod({
      restartPolicy: "Never",
      init: [container("setup", { restartPolicy: "Never", restartPolicyRules: [restartOn("In", [75])] })],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "setup" ? { exitAfterMs: 500, exitCode: instance === 0 ? 75 : 0 } : {},
    );
    driver.runUntil(5_000);
    expect(startCount(driver, "setup")).toBe(2);
    expect(driver.state.containers.app?.state.kind).toBe("running");
  });

  it("B1: a sidecar restarts after every exit whatever its rules say (a Restart rule changes nothing)", () => {
    const pod = makePod({
      restartPolicy: "Never",
      init: [sidecar("log", { restartPolicyRules: [restartOn("In", [9])] })],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "log" && instance === 0 ? { exitAfterMs: 1_000, exitCode: 0 } : {},
    );
    driver.runUntil(5_000);
    expect(startCount(driver, "log")).toBe(2);
  });
});
