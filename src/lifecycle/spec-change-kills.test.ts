/**
 * A16: a changed image on a running pod (kubelet `kuberuntime_manager_test.go`
 * TestComputePodActions "Kill and recreate the container if the container's spec changed" and
 * TestComputePodActionsWithRestartableInitContainers "kill and recreate the restartable init
 * container if the container definition changes", restated on the engine).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Container, Pod, RestartPolicy } from "../api/index.js";
import { listContainerSpecs } from "./container-specs.js";
import { arbitraryPodCase } from "./testing/arbitrary-pod.js";
import type { InstanceBehaviour } from "./testing/instance-behaviour.js";
import { container, makePod, sidecar, withPreStop, withStartupProbe } from "./testing/make-pod.js";
import { ScenarioDriver } from "./testing/scenario-driver.js";

/** The pod with container `name`'s image replaced, as an API update would. */
function withImage(pod: Pod, name: string, image: string): Pod {
  const swap = (c: Container) => (c.name === name ? { ...c, image } : c);
  const spec = { ...pod.spec, containers: pod.spec.containers.map(swap) };
  if (pod.spec.initContainers) spec.initContainers = pod.spec.initContainers.map(swap);
  return { ...pod, spec };
}

const kills = (driver: ScenarioDriver) =>
  driver.log.filter((e) => e.kind === "kill").map((e) => [e.name, e.gracePeriodMs]);
const startTimes = (driver: ScenarioDriver, name: string) =>
  driver.log.filter((e) => e.kind === "starting" && e.name === name).map((e) => e.atMs);

describe("A16: a running container whose image changed is killed and started again", () => {
  it.each<RestartPolicy>(["Always", "OnFailure", "Never"])(
    "Kill and recreate the container if the container's spec changed (restartPolicy %s)",
    (restartPolicy) => {
      const pod = makePod({ restartPolicy, containers: [container("app"), container("other")] });
      const driver = new ScenarioDriver(pod);
      driver.runUntil(1_000);
      driver.update(withImage(pod, "app", "busybox:2"));
      const decided = driver.plans.find((p) => p.actions.killContainers.length > 0)?.actions;
      expect(decided?.killContainers).toEqual([
        { name: "app", reason: "SpecChanged", gracePeriodMs: 30_000 },
      ]);
      driver.runUntil(5_000);
      expect(startTimes(driver, "app")).toEqual([0, 1_000]);
      expect(startTimes(driver, "other")).toEqual([0]);
      expect(driver.state.containers.app).toMatchObject({ restartCount: 1, image: "busybox:2" });
      expect(driver.state.containers.app?.lastTermination?.killedFor).toBe("SpecChanged");
    },
  );

  it("kill and recreate the restartable init container if the container definition changes", () => {
    const pod = makePod({ init: [sidecar("proxy"), sidecar("log")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod);
    driver.runUntil(1_000);
    driver.update(withImage(pod, "log", "foo-image"));
    driver.runUntil(5_000);
    expect(kills(driver)).toEqual([["log", 30_000]]);
    expect(startTimes(driver, "log")).toEqual([0, 1_000]);
    expect(startTimes(driver, "proxy")).toEqual([0]);
    expect(startTimes(driver, "app")).toEqual([0]);
  });

  it("the kill runs the preStop hook within the pod's grace period, like any single kill (B11)", () => {
    const pod = makePod({ graceSeconds: 10, containers: [container("app", withPreStop)] });
    const driver = new ScenarioDriver(pod, () => ({ preStopMs: 1_500 }));
    driver.runUntil(1_000);
    driver.update(withImage(pod, "app", "busybox:2"));
    driver.runUntil(5_000);
    const steps = driver.log.filter((e) => e.name === "app" && e.kind !== "starting" && e.kind !== "running");
    expect(steps.map((e) => [e.kind, e.atMs, e.gracePeriodMs ?? e.budgetMs])).toEqual([
      ["kill", 1_000, 10_000],
      // The driver logs a kill's preStop under the kill: the 1.5 s hook costs one whole second.
      ["stopSignal", 2_500, 9_000],
      ["exited", 2_500, undefined],
    ]);
  });

  it("the restart after a change skips CrashLoopBackOff: the back-off belongs to the old image (B4)", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (_name, instance) =>
      instance < 2 ? { exitAfterMs: 100, exitCode: 1 } : {},
    );
    // Exits at 100 and 200; held 10 s; runs from 10 200 with a 20 s back-off entry.
    driver.runUntil(12_000);
    expect(driver.state.containers.app?.state.kind).toBe("running");
    driver.update(withImage(pod, "app", "busybox:2"));
    driver.runUntil(13_000);
    expect(startTimes(driver, "app")).toEqual([0, 100, 10_200, 12_000]);
    expect(driver.names("backOff")).toEqual(["app"]);
  });

  it("a container held in CrashLoopBackOff starts at once with a new image (B4: new hash, new key)", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (_name, instance) =>
      instance < 2 ? { exitAfterMs: 100, exitCode: 1 } : {},
    );
    driver.runUntil(5_000); // held until 10 200
    driver.update(withImage(pod, "app", "busybox:2"));
    expect(startTimes(driver, "app")).toEqual([0, 100, 5_000]);
    expect(kills(driver)).toEqual([]);
  });

  it("a completed regular init container is not re-run when its image changes", () => {
    const pod = makePod({ init: [container("setup")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (name) => (name === "setup" ? { exitAfterMs: 100 } : {}));
    driver.runUntil(1_000);
    driver.update(withImage(pod, "setup", "busybox:2"));
    driver.runUntil(5_000);
    expect(kills(driver)).toEqual([]);
    expect(startTimes(driver, "setup")).toEqual([0]);
  });

  it("a running regular init container is not killed when its image changes", () => {
    const pod = makePod({ init: [container("setup")], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, (name) => (name === "setup" ? { exitAfterMs: 2_000 } : {}));
    driver.runUntil(1_000);
    driver.update(withImage(pod, "setup", "busybox:2"));
    driver.runUntil(5_000);
    expect(kills(driver)).toEqual([]);
    expect(startTimes(driver, "app")).toEqual([2_000]);
  });

  it("a sidecar whose startup probe has not succeeded yet is not killed for a change (computeInitContainerActions)", () => {
    const pod = makePod({ init: [sidecar("proxy", withStartupProbe)], containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({ startupAfterMs: 3_000 }));
    driver.runUntil(1_000);
    driver.update(withImage(pod, "proxy", "busybox:2"));
    expect(kills(driver)).toEqual([]);
    driver.runUntil(5_000);
    expect(kills(driver)).toEqual([["proxy", 30_000]]);
  });

  it("nothing restarts once the pod terminates (C4)", () => {
    const pod = makePod({ containers: [container("app")] });
    const driver = new ScenarioDriver(pod, () => ({ onStop: "ignore" }));
    driver.runUntil(1_000);
    driver.delete();
    driver.update(withImage(pod, "app", "busybox:2"));
    driver.runToEnd();
    expect(kills(driver)).toEqual([]);
    expect(startTimes(driver, "app")).toEqual([0]);
  });
});

/** Containers that run until stopped and stop promptly: only the update can stop one. */
const steady = (name: string): InstanceBehaviour =>
  name.startsWith("i")
    ? { exitAfterMs: 500, exitCode: 0 }
    : { preStopMs: 200, onStop: { afterMs: 100, exitCode: 0 } };

describe("A16 properties", () => {
  it("a spec update that changes only container X's image never stops another container", () => {
    fc.assert(
      fc.property(
        arbitraryPodCase(),
        fc.nat(),
        fc.integer({ min: 0, max: 10_000 }),
        (podCase, pick, updateAtMs) => {
          const entries = listContainerSpecs(podCase.pod);
          const target = entries[pick % entries.length]!;
          const driver = new ScenarioDriver(podCase.pod, (name) => steady(name));
          driver.runUntil(updateAtMs);
          const countsBefore = Object.values(driver.state.containers).map((r) => [r.name, r.restartCount]);
          driver.update(withImage(podCase.pod, target.name, "changed:2"));
          driver.runUntil(updateAtMs + 60_000);
          const touched = driver.log.filter(
            (e) => e.atMs >= updateAtMs && ["kill", "preStop", "stopSignal", "exited"].includes(e.kind),
          );
          for (const event of touched) {
            // A regular init container still running may finish by itself; nothing else may stop.
            if (event.kind === "exited" && event.name.startsWith("i")) continue;
            expect(event.name).toBe(target.name);
          }
          const countsAfter = Object.values(driver.state.containers)
            .filter((r) => r.name !== target.name)
            .map((r) => [r.name, r.restartCount]);
          expect(countsAfter).toEqual(countsBefore.filter(([name]) => name !== target.name));
        },
      ),
      { numRuns: 200 },
    );
  });
});
