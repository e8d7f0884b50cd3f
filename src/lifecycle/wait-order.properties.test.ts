import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasStarted, isLive, listContainerSpecs } from "./container-specs.js";
import { behaviourOf, type PodCase } from "./testing/arbitrary-pod.js";
import { arbitraryOrderedPodCase } from "./testing/arbitrary-wait-for.js";
import { ScenarioDriver } from "./testing/scenario-driver.js";
import { podWaitOrder } from "./wait-order.js";

const HOUR_MS = 3_600_000;
const deleteAt = fc.integer({ min: 0, max: 120_000 });

/** Runs a case, deleting the pod at `deleteAtMs` unless it finished before; bounded in time and events. */
function simulate(podCase: PodCase, deleteAtMs: number): ScenarioDriver {
  const driver = new ScenarioDriver(podCase.pod, behaviourOf(podCase));
  driver.runUntil(deleteAtMs);
  if (!driver.state.termination) driver.delete();
  driver.runToEnd(deleteAtMs + HOUR_MS);
  return driver;
}

describe("dependency ordering properties (podvisor.dev/wait-for, docs/ordering.md)", () => {
  it("no container starts before what it waits for is started (or ready, when it waits for ready)", () => {
    fc.assert(
      fc.property(arbitraryOrderedPodCase(), deleteAt, (podCase, deleteAtMs) => {
        const driver = simulate(podCase, deleteAtMs);
        const order = podWaitOrder(podCase.pod)!;
        const specs = new Map(listContainerSpecs(podCase.pod).map((e) => [e.name, e.spec]));
        for (const { stateBefore, actions } of driver.plans) {
          for (const { name } of actions.startContainers) {
            for (const wait of order.waitsOf.get(name) ?? []) {
              const spec = specs.get(wait.name)!;
              const record = stateBefore.containers[wait.name]!;
              const isReady =
                hasStarted(spec, record) &&
                (spec.readinessProbe === undefined || record.probes.readiness === "Success");
              expect(
                wait.condition === "started" ? hasStarted(spec, record) : isReady,
                `${name} started before ${wait.name} was ${wait.condition}`,
              ).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("nothing stops (preStop or stop signal) before what depends on it has stopped, unless the grace period ran out", () => {
    fc.assert(
      fc.property(arbitraryOrderedPodCase(), deleteAt, (podCase, deleteAtMs) => {
        const driver = simulate(podCase, deleteAtMs);
        const order = podWaitOrder(podCase.pod)!;
        for (const { atMs, stateBefore, actions } of driver.plans) {
          const termination = stateBefore.termination;
          if (!termination || termination.gracePeriodMs === 0) continue;
          const steps = [...actions.runPreStop, ...actions.stopContainers].map((s) => s.name);
          for (const name of steps) {
            const record = stateBefore.containers[name]!;
            if (record.killing) continue; // a single kill (B11) under way is not ordered
            const stop = record.stop;
            if (stop?.step === "awaitingTurn" && atMs >= stop.sinceMs + stop.budgetMs) continue; // C6
            const stillLive = (order.stopAfter.get(name) ?? []).filter((other) =>
              isLive(stateBefore.containers[other]),
            );
            expect(stillLive, `${name} stopped before ${stillLive.join(", ")}`).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("C4: a deleted pod with waits still always finishes, within the grace period plus the stop windows", () => {
    fc.assert(
      fc.property(arbitraryOrderedPodCase(), deleteAt, (podCase, deleteAtMs) => {
        const driver = simulate(podCase, deleteAtMs);
        expect(driver.isFinished).toBe(true);
        const termination = driver.state.termination!;
        const finishedAt = driver.plans.find((p) => p.actions.isFinished)!.atMs;
        expect(finishedAt - termination.startedAtMs).toBeLessThan(termination.gracePeriodMs + 3_000);
      }),
      { numRuns: 200 },
    );
  });

  it("an annotation that names no waits changes nothing: the plans are the kubelet's", () => {
    fc.assert(
      fc.property(arbitraryOrderedPodCase(), deleteAt, (podCase, deleteAtMs) => {
        fc.pre(podCase.pod.metadata.annotations?.["podvisor.dev/wait-for"] === "");
        const plain = { ...podCase, pod: { ...podCase.pod, metadata: { ...podCase.pod.metadata } } };
        delete plain.pod.metadata.annotations;
        expect(simulate(podCase, deleteAtMs).log).toEqual(simulate(plain, deleteAtMs).log);
      }),
      { numRuns: 100 },
    );
  });
});
