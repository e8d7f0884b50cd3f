import { describe, expect, it } from "vitest";
import type { RestartPolicy } from "../api/index.js";
import { computePodActions } from "./compute-pod-actions.js";
import { container, makePod, sidecar, withPreStop } from "./testing/make-pod.js";
import { ScenarioDriver } from "./testing/scenario-driver.js";

const startTimes = (driver: ScenarioDriver, name: string) =>
  driver.log.filter((e) => e.kind === "starting" && e.name === name).map((e) => e.atMs);

describe("restarts (B)", () => {
  it.each(["Never", "OnFailure", "Always"] as const)(
    "B1: under restartPolicy %s a sidecar is restarted after an exit with code 0",
    (restartPolicy) => {
      const pod = makePod({ restartPolicy, init: [sidecar("log")], containers: [container("app")] });
      const driver = new ScenarioDriver(pod, (name, instance) =>
        name === "log" && instance === 0 ? { exitAfterMs: 1_000, exitCode: 0 } : {},
      );
      driver.runUntil(5_000);
      expect(startTimes(driver, "log")).toEqual([0, 1_000]);
      expect(driver.state.containers.log?.restartCount).toBe(1);
    },
  );

  it.each<[RestartPolicy, number, boolean]>([
    ["Always", 0, true],
    ["Always", 1, true],
    ["OnFailure", 0, false],
    ["OnFailure", 1, true],
    ["Never", 0, false],
    ["Never", 1, false],
  ])(
    "B2: under restartPolicy %s a regular container that exits with %i is restarted: %s",
    (restartPolicy, exitCode, restarted) => {
      const pod = makePod({ restartPolicy, containers: [container("app"), container("keep")] });
      const driver = new ScenarioDriver(pod, (name, instance) =>
        name === "app" && instance === 0 ? { exitAfterMs: 1_000, exitCode } : {},
      );
      driver.runUntil(5_000);
      expect(startTimes(driver, "app").length > 1).toBe(restarted);
    },
  );

  it.each<[RestartPolicy, boolean]>([
    ["OnFailure", true],
    ["Always", true],
    ["Never", false],
  ])(
    "B3: under %s a regular container killed for its liveness probe that exits 0 on SIGTERM is restarted: %s",
    (restartPolicy, restarted) => {
      const pod = makePod({
        restartPolicy,
        containers: [container("app", { livenessProbe: { exec: { command: ["x"] } } }), container("keep")],
      });
      const driver = new ScenarioDriver(pod, (name, instance) =>
        name === "app" && instance === 0
          ? { livenessFailsAfterMs: 2_000, onStop: { afterMs: 0, exitCode: 0 } }
          : {},
      );
      driver.runUntil(10_000);
      expect(driver.log.filter((e) => e.kind === "kill").map((e) => e.name)).toEqual(["app"]);
      expect(startTimes(driver, "app").length > 1).toBe(restarted);
    },
  );

  it("B4: the first restart is immediate, the second waits 10 s after the exit, the third 20 s", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({ exitAfterMs: 1_000, exitCode: 1 }));
    driver.runUntil(50_000);
    // exits at 1 s → start 1 s; exit 2 s → +10 s = 12 s; exit 13 s → +20 s = 33 s; exit 34 s → +40 s.
    expect(startTimes(driver, "app")).toEqual([0, 1_000, 12_000, 33_000]);
  });

  it("B4: while held, the plan reports CrashLoopBackOff with the kubelet's message and wakes at the end of the window", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({ exitAfterMs: 1_000, exitCode: 1 }));
    driver.runUntil(2_000);
    expect(driver.state.containers.app?.backOff).toEqual({
      message: "back-off 10s restarting failed container=app pod=web_default(uid-1)",
      untilMs: 12_000,
    });
    const again = computePodActions(pod, driver.state, 5_000);
    expect(again.backOff).toEqual([]);
    expect(again.startContainers).toEqual([]);
    expect(again.wakeAtMs).toBe(12_000);
  });

  it("B4: the delay caps at 5m0s", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({ exitAfterMs: 1_000, exitCode: 1 }));
    driver.runUntil(2_000_000);
    const messages = new Set(
      Object.values(driver.plans).flatMap((p) => p.actions.backOff.map((b) => b.message.split(" ")[1])),
    );
    expect([...messages]).toEqual(["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"]);
  });

  it("B4: a container that ran more than 600 s before exiting restarts with the delay back at 10 s", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (_n, instance) => ({
      exitAfterMs: instance === 3 ? 700_000 : 1_000,
      exitCode: 1,
    }));
    driver.runUntil(733_000);
    // starts 0, 1 s, 12 s, 33 s (runs 700 s, exits at 733 s: entry expired → Next resets to 10 s, immediate start).
    expect(startTimes(driver, "app")).toEqual([0, 1_000, 12_000, 33_000, 733_000]);
    expect(driver.state.containers.app?.backoff?.delayMs).toBe(10_000);
    driver.runUntil(745_000);
    expect(startTimes(driver, "app").slice(5)).toEqual([744_000]);
  });

  it("B4: maxBackoffMs below 10 s lowers both the initial delay and the cap", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({ exitAfterMs: 1_000, exitCode: 1 }), {
      maxBackoffMs: 1_000,
    });
    driver.runUntil(8_000);
    expect(startTimes(driver, "app")).toEqual([0, 1_000, 3_000, 5_000, 7_000]);
  });

  it("B4: a regular init container being retried and a sidecar use the same backoff", () => {
    const pod = makePod({ init: [sidecar("log")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "log" ? { exitAfterMs: 1_000, exitCode: 0 } : {},
    );
    driver.runUntil(20_000);
    expect(startTimes(driver, "log")).toEqual([0, 1_000, 12_000]);
  });

  it("B5: restartCount counts every new instance, probe-driven restarts included", () => {
    const pod = makePod({ containers: [container("app", { livenessProbe: { exec: { command: ["x"] } } })] });
    const driver = new ScenarioDriver(pod, (_n, instance) =>
      instance === 0
        ? { livenessFailsAfterMs: 1_000 }
        : instance === 1
          ? { exitAfterMs: 1_000, exitCode: 1 }
          : {},
    );
    driver.runUntil(30_000);
    expect(driver.state.containers.app?.restartCount).toBe(2);
  });

  it("B7: a sidecar failing its liveness probe is killed with the probe's grace (preStop runs) and restarted; regular containers are untouched", () => {
    const pod = makePod({
      init: [
        sidecar("log", {
          ...withPreStop,
          livenessProbe: { exec: { command: ["x"] }, terminationGracePeriodSeconds: 5 },
        }),
      ],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "log" && instance === 0 ? { livenessFailsAfterMs: 3_000 } : {},
    );
    driver.runUntil(10_000);
    expect(driver.log.filter((e) => e.kind === "kill")).toEqual([
      { atMs: 3_000, kind: "kill", name: "log", gracePeriodMs: 5_000 },
    ]);
    expect(driver.state.containers.log?.restartCount).toBe(1);
    expect(startTimes(driver, "app")).toEqual([0]);
  });

  it("B7/E2: without a probe grace the kill uses the pod's terminationGracePeriodSeconds", () => {
    const pod = makePod({
      graceSeconds: 7,
      containers: [container("app", { startupProbe: { exec: { command: ["x"] } } })],
    });
    const driver = new ScenarioDriver(pod, (_n, instance) =>
      instance === 0 ? { startupAfterMs: 1_000, startupResult: "Failure" } : {},
    );
    driver.runUntil(1_000);
    expect(driver.log.find((e) => e.kind === "kill")).toMatchObject({ name: "app", gracePeriodMs: 7_000 });
    expect(driver.state.containers.app?.lastTermination?.killedFor).toBe("StartupProbe");
  });

  it("B10: after initialization a sidecar crash never re-runs init containers or holds regular containers", () => {
    const pod = makePod({ init: [container("setup"), sidecar("log")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "setup"
        ? { exitAfterMs: 10 }
        : name === "log" && instance === 0
          ? { exitAfterMs: 1_000, exitCode: 1 }
          : {},
    );
    driver.runUntil(2_000);
    expect(startTimes(driver, "setup")).toEqual([0]);
    expect(driver.state.containers.app?.state.kind).toBe("running");
  });

  it("B11: nothing starts while a kill is in flight", () => {
    const pod = makePod({
      init: [sidecar("log")],
      containers: [container("app", { ...withPreStop, livenessProbe: { exec: { command: ["x"] } } })],
    });
    // app is killed at 1 s with a 20 s preStop; log exits meanwhile and is only restarted after the kill.
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "app"
        ? instance === 0
          ? { livenessFailsAfterMs: 1_000, preStopMs: 20_000 }
          : {}
        : instance === 0
          ? { exitAfterMs: 2_000, exitCode: 1 }
          : {},
    );
    driver.runUntil(15_000);
    expect(startTimes(driver, "log")).toEqual([0]);
    driver.runUntil(30_000);
    expect(startTimes(driver, "log")).toEqual([0, 21_000]);
    expect(startTimes(driver, "app")).toEqual([0, 21_000]);
  });

  it("B11: a plan that issues a kill issues no start", () => {
    const pod = makePod({
      containers: [container("app", { livenessProbe: { exec: { command: ["x"] } } }), container("other")],
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "other"
        ? { exitAfterMs: 1_000, exitCode: 1 }
        : { livenessFailsAfterMs: 1_000, onStop: "ignore" },
    );
    driver.runUntil(1_000);
    const killPlan = driver.plans.find((p) => p.actions.killContainers.length > 0);
    expect(killPlan?.actions.startContainers).toEqual([]);
  });

  it.each<[string, "FailedPostStartHook" | "StartupProbe", boolean]>([
    [
      "a postStart-hook kill follows B2: exit 0 under OnFailure is not restarted",
      "FailedPostStartHook",
      false,
    ],
    ["a startup-probe kill follows B3: exit 0 under OnFailure is restarted", "StartupProbe", true],
  ])("B2/B3: %s", (_name, killedFor, restarted) => {
    const pod = makePod({ restartPolicy: "OnFailure", containers: [container("app"), container("keep")] });
    const driver = new ScenarioDriver(pod);
    driver.runUntil(0);
    driver.record({ type: "killStarted", name: "app", reason: killedFor, atMs: 0 });
    driver.exit("app", 0);
    const app = driver.state.containers.app!;
    const last = app.state.kind === "exited" ? app.state.termination : app.lastTermination;
    expect(last?.killedFor).toBe(killedFor);
    driver.runUntil(1_000);
    expect(startTimes(driver, "app").length > 1).toBe(restarted);
  });

  it("B3/C1: under Never a container killed by its startup probe stays terminated and the pod completes", () => {
    const pod = makePod({
      restartPolicy: "Never",
      containers: [container("app", { startupProbe: { exec: { command: ["x"] } } })],
    });
    const driver = new ScenarioDriver(pod, () => ({
      startupAfterMs: 3_000,
      startupResult: "Failure",
      onStop: "ignore",
    }));
    driver.runToEnd();
    expect(startTimes(driver, "app")).toEqual([0]);
    expect(driver.state.containers.app?.state).toMatchObject({
      termination: { exitCode: 137, killedFor: "StartupProbe" },
    });
    expect(driver.state.termination?.reason).toBe("Completed");
  });
});
