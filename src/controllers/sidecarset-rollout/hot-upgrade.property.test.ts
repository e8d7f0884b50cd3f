/**
 * A hot-upgrade rollout over a fleet, with a kubelet that restarts updated slots at its own pace:
 * an idle slot is reset only after the new version runs in the working slot, and the rollout
 * ends with every pod working on the new image and its idle slot empty.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { computeRolloutActions } from "./compute-rollout-actions.js";
import { podHotUpgradeSlots } from "./hot-upgrade-slots.js";
import {
  hotUpgradeEmptyImage,
  podHotUpgrade,
  sidecarSetHotUpgrade,
  T0_MS,
} from "./testing/kruise-fixtures.js";
import { imageIdOf } from "./testing/rollout-fixtures.js";

/** The kubelet restarts every container whose spec image differs from what it runs. */
function kubeletCatchesUp(pod: Pod): void {
  for (const status of pod.status!.containerStatuses!) {
    const image = pod.spec.containers.find((c) => c.name === status.name)!.image!;
    if (status.image !== image) Object.assign(status, { image, imageID: imageIdOf(image) });
  }
}

describe("hot-upgrade rollout", () => {
  it("resets the old slot only once the new one runs, and ends on the new image with the idle slot empty", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), { minLength: 40, maxLength: 40 }),
        (count, kubeletPace) => {
          const sidecarSet = sidecarSetHotUpgrade();
          sidecarSet.spec.updateStrategy = { maxUnavailable: 2 };
          let pods = Array.from({ length: count }, (_, i) => {
            const pod = podHotUpgrade();
            pod.metadata.name = `hot-${i}`;
            return pod;
          });
          let actions = computeRolloutActions({
            sidecarSet,
            pods,
            namespaces: new Map([["default", {}]]),
            revision: { latestRevision: "r", collisionCount: 0 },
            nowMs: T0_MS,
          });
          for (const [round, pace] of kubeletPace.entries()) {
            for (const update of actions.podUpdates) {
              if (update.kind !== "ResetHotUpgradeSlots") continue;
              // The slot being reset ran the old version; the working one runs the new one already.
              const before = pods.find((p) => p.metadata.name === update.name)!;
              const { working } = podHotUpgradeSlots("test-sidecar", before);
              const status = before.status!.containerStatuses!.find((s) => s.name === working)!;
              expect(status.image).toBe("test-image:v2");
              expect(update.changes.map((c) => c.toImage)).toEqual([hotUpgradeEmptyImage]);
            }
            const updated = new Map(actions.podUpdates.map((u) => [u.name, u.pod]));
            pods = pods.map((p) => structuredClone(updated.get(p.metadata.name!) ?? p));
            pods.forEach((pod, i) => {
              if (pace[i] === true || round >= 30) kubeletCatchesUp(pod);
            });
            actions = computeRolloutActions({
              sidecarSet,
              pods,
              namespaces: new Map([["default", {}]]),
              revision: { latestRevision: "r", collisionCount: 0 },
              nowMs: T0_MS + round * 1000,
            });
          }
          expect(actions.status).toMatchObject({
            matchedPods: count,
            updatedPods: count,
            updatedReadyPods: count,
          });
          for (const pod of pods) {
            const { working, idle } = podHotUpgradeSlots("test-sidecar", pod);
            const imageOf = (name: string) => pod.spec.containers.find((c) => c.name === name)!.image;
            expect([imageOf(working), imageOf(idle)]).toEqual(["test-image:v2", hotUpgradeEmptyImage]);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
