/**
 * KEP-4438 (SidecarsRestartableDuringPodTermination, alpha): the cases restate the KEP's unit
 * tests (keps/sig-node/4438-container-restart-termination, "Unit tests") and its alpha rules.
 */
import { describe, expect, it } from "vitest";
import { container, makePod, sidecar, withPreStop } from "./testing/make-pod.js";
import { ScenarioDriver, type DriverEvent } from "./testing/scenario-driver.js";

const gateOn = { sidecarsRestartableDuringPodTermination: true };

const at = (events: DriverEvent[], kind: DriverEvent["kind"], name: string) =>
  events.filter((e) => e.kind === kind && e.name === name).map((e) => e.atMs);

const stops = (events: DriverEvent[], name: string) =>
  events
    .filter((e) => e.kind === "stopSignal" && e.name === name)
    .map((e) => ({ atMs: e.atMs, gracePeriodMs: e.gracePeriodMs }));

/** The app drains for 10 s in its preStop; the sidecar `log` dies 5 s after it started. */
const drainingPod = makePod({ init: [sidecar("log")], containers: [container("app", withPreStop)] });
const logDiesOnce = (name: string, instance: number) =>
  name === "app" ? { preStopMs: 10_000 } : instance === 0 ? { exitAfterMs: 5_000, exitCode: 1 } : {};

describe("KEP-4438: sidecars restartable during pod termination", () => {
  it("gate off (TestKillContainers_GateDisabled_NoRestart): a sidecar that exits during termination stays down (C10)", () => {
    const driver = new ScenarioDriver(drainingPod, logDiesOnce);
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    expect(at(driver.log, "starting", "log")).toEqual([0]);
    expect(driver.isFinished).toBe(true);
  });

  it("gate on (TestWatchAndRestartSidecar_ExitsBeforeTurn): a sidecar that exits before its turn is restarted at once; at its turn the restarted instance gets SIGKILL", () => {
    const driver = new ScenarioDriver(drainingPod, logDiesOnce, gateOn);
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    expect(at(driver.log, "starting", "log")).toEqual([0, 5_000]);
    expect(driver.state.containers.log?.restartCount).toBe(1);
    // The app's preStop ends at 11 s; the app exits on SIGTERM, then it is the sidecar's turn.
    expect(stops(driver.log, "app")).toEqual([{ atMs: 11_000, gracePeriodMs: 20_000 }]);
    expect(stops(driver.log, "log")).toEqual([{ atMs: 11_000, gracePeriodMs: 0 }]);
    expect(driver.isFinished).toBe(true);
  });

  it("gate on: a sidecar that keeps dying waits out its CrashLoopBackOff (B4) between restarts, and stays down once its turn came", () => {
    const pod = makePod({ init: [sidecar("log")], containers: [container("app", withPreStop)] });
    const driver = new ScenarioDriver(
      pod,
      (name, instance) =>
        name === "app" ? { preStopMs: 25_000 } : { exitAfterMs: instance === 0 ? 5_000 : 1_000, exitCode: 1 },
      gateOn,
    );
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    // Exits at 5 s (restart at once), 6 s (10 s back-off), 17 s (20 s back-off, until 37 s): the
    // app's preStop ends at 26 s, the app exits, and the sidecar's turn has come.
    expect(at(driver.log, "starting", "log")).toEqual([0, 5_000, 16_000]);
    expect(at(driver.log, "backOff", "log")).toEqual([6_000, 17_000]);
    expect(driver.isFinished).toBe(true);
    expect(driver.nowMs).toBe(26_000);
  });

  it("gate on (TestWatchAndRestartSidecar_PrereqsMet_NoRestart): a sidecar that exits at its turn is not restarted", () => {
    const pod = makePod({ init: [sidecar("log")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({}), gateOn);
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    expect(at(driver.log, "starting", "log")).toEqual([0]);
    expect(stops(driver.log, "log")).toEqual([{ atMs: 1_000, gracePeriodMs: 30_000 }]);
  });

  it("gate on: pods with terminationGracePeriodSeconds <= 1 are excluded", () => {
    const driver = new ScenarioDriver(
      drainingPod,
      (name, instance) =>
        name === "app" ? { onStop: "ignore" } : instance === 0 ? { exitAfterMs: 1_500, exitCode: 1 } : {},
      gateOn,
    );
    driver.runUntil(1_000);
    driver.delete(1_000);
    driver.runToEnd();
    expect(at(driver.log, "starting", "log")).toEqual([0]);
    expect(driver.isFinished).toBe(true);
  });

  it("gate on: a sidecar that was not running when termination began (held in CrashLoopBackOff) is not started", () => {
    const pod = makePod({ init: [sidecar("log")], containers: [container("app", withPreStop)] });
    const driver = new ScenarioDriver(
      pod,
      (name) => (name === "app" ? { preStopMs: 10_000 } : { exitAfterMs: 100, exitCode: 1 }),
      gateOn,
    );
    driver.runUntil(1_000);
    expect(driver.state.containers.log?.backOff).toBeDefined();
    driver.delete();
    driver.runToEnd();
    expect(at(driver.log, "starting", "log")).toEqual([0, 100]);
    expect(driver.isFinished).toBe(true);
  });

  it("gate on: an earlier sidecar is restarted while a later sidecar still runs, and stopped once that one is done", () => {
    const pod = makePod({
      init: [sidecar("proxy"), sidecar("log", withPreStop)],
      containers: [container("app")],
    });
    const driver = new ScenarioDriver(
      pod,
      (name, instance) =>
        name === "log"
          ? { preStopMs: 10_000 }
          : name === "proxy" && instance === 0
            ? { exitAfterMs: 3_000, exitCode: 1 }
            : {},
      gateOn,
    );
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    expect(at(driver.log, "starting", "proxy")).toEqual([0, 3_000]);
    // log's preStop ends at 11 s; it is stopped, exits, and proxy's (restarted) instance is SIGKILLed.
    expect(stops(driver.log, "log")).toEqual([{ atMs: 11_000, gracePeriodMs: 20_000 }]);
    expect(stops(driver.log, "proxy")).toEqual([{ atMs: 11_000, gracePeriodMs: 0 }]);
    expect(driver.isFinished).toBe(true);
  });
});
