import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listContainerSpecs } from "./container-specs.js";
import { isTurnOf } from "./termination-order.js";
import { podWaitOrder } from "./wait-order.js";
import { arbitraryPodCase, behaviourOf } from "./testing/arbitrary-pod.js";
import { ScenarioDriver } from "./testing/scenario-driver.js";

const HOUR_MS = 3_600_000;
const gateOn = { sidecarsRestartableDuringPodTermination: true };

describe("KEP-4438 engine properties (gate on)", () => {
  it("once termination began only a sidecar that termination reached starts again, never at its turn, and the pod still finishes", () => {
    fc.assert(
      fc.property(arbitraryPodCase(), fc.integer({ min: 0, max: 60_000 }), (podCase, deleteAtMs) => {
        const driver = new ScenarioDriver(podCase.pod, behaviourOf(podCase), gateOn);
        driver.runUntil(deleteAtMs);
        if (!driver.state.termination) driver.delete();
        driver.runToEnd(deleteAtMs + HOUR_MS);
        const entries = listContainerSpecs(podCase.pod);
        for (const { atMs, stateBefore, actions } of driver.plans) {
          if (!stateBefore.termination) continue;
          for (const start of actions.startContainers) {
            const entry = entries.find((e) => e.name === start.name)!;
            expect(start.duringTermination).toBe(true);
            expect(entry.role).toBe("sidecar");
            expect(stateBefore.containers[start.name]?.stop).toBeDefined();
            expect(isTurnOf(entry, entries, stateBefore, atMs, podWaitOrder(driver.pod))).toBe(false);
          }
        }
        expect(driver.isFinished).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
