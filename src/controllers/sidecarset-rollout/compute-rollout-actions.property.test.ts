/**
 * Properties of the rollout over arbitrary fleets, strategies and kubelet timings: a round never
 * makes more pods unavailable than maxUnavailable allows, partition pods stay on the old
 * revision, a rollout with a kubelet that finishes every update ends with every pod updated, and
 * a plain init container is never in a patch.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SidecarSet } from "../../api/index.js";
import type { Pod } from "../../api/index.js";
import { computeRolloutActions } from "./compute-rollout-actions.js";
import type { SidecarSetRolloutActions } from "./rollout-actions.js";
import { T0_MS } from "./testing/kruise-fixtures.js";
import { injectedPod, meshSidecarSet, runAsSpecified, withImages } from "./testing/rollout-fixtures.js";

const v1 = meshSidecarSet("1");
const template = injectedPod("template", [v1]);

function fleet(count: number, unready: readonly boolean[]): Pod[] {
  return Array.from({ length: count }, (_, i) => {
    const pod = structuredClone(template);
    pod.metadata.name = `web-${i}`;
    pod.metadata.creationTimestamp = new Date(T0_MS + i * 1000).toISOString().replace(".000Z", "Z");
    runAsSpecified(pod, unready[i] !== true);
    return pod;
  });
}

function plan(sidecarSet: SidecarSet, pods: Pod[], nowMs = T0_MS): SidecarSetRolloutActions {
  return computeRolloutActions({
    sidecarSet,
    pods,
    namespaces: new Map([["default", {}]]),
    revision: { latestRevision: "mesh-2", collisionCount: 0 },
    nowMs,
  });
}

/** Applies the plan as the adapter would; returns the pods after it. */
function apply(pods: Pod[], actions: SidecarSetRolloutActions): Pod[] {
  const byName = new Map(actions.podUpdates.map((u) => [u.name, u.pod]));
  return pods.map((pod) => structuredClone(byName.get(pod.metadata.name ?? "") ?? pod));
}

const maxUnavailable = fc.oneof(
  fc.integer({ min: 1, max: 5 }),
  fc.integer({ min: 1, max: 100 }).map((p) => `${p}%`),
);

describe("rollout properties", () => {
  it("a round never takes more available pods than maxUnavailable leaves room for", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.boolean(), { maxLength: 12 }),
        maxUnavailable,
        (count, unready, limit) => {
          const v2 = withImages(meshSidecarSet("1", { maxUnavailable: limit }), "2");
          const pods = fleet(count, unready);
          const actions = plan(v2, pods);
          const readyBefore = new Set(actions.pods.filter((p) => p.isReady).map((p) => p.name));
          const takenAvailable = actions.podUpdates.filter((u) => readyBefore.has(u.name)).length;
          expect(takenAvailable).toBeLessThanOrEqual(actions.maxUnavailable);
          // Unready pods cost nothing and are all taken.
          const unreadyOld = actions.pods.filter((p) => !p.isReady).map((p) => p.name);
          expect(actions.podUpdates.map((u) => u.name)).toEqual(expect.arrayContaining(unreadyOld));
        },
      ),
    );
  });

  it("at no point of a rollout are more than maxUnavailable pods unavailable, and it completes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        maxUnavailable,
        fc.array(fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), { minLength: 30, maxLength: 30 }),
        (count, limit, kubeletFinishes) => {
          const v2 = withImages(meshSidecarSet("1", { maxUnavailable: limit }), "2");
          let pods = fleet(count, []);
          let actions = plan(v2, pods);
          for (const [round, finishes] of kubeletFinishes.entries()) {
            pods = apply(pods, actions);
            // Right after the writes: the pods just updated run their old image until restarted.
            const unavailable = plan(v2, pods).pods.filter((p) => !p.isReady).length;
            expect(unavailable).toBeLessThanOrEqual(actions.maxUnavailable);
            // The kubelet restarts some updated sidecars with their new image, at its own pace.
            pods.forEach((pod, i) => {
              if (finishes[i] === true || round >= 20) runAsSpecified(pod);
            });
            actions = plan(v2, pods, T0_MS + round * 1000);
          }
          expect(actions.status).toMatchObject({
            matchedPods: count,
            updatedPods: count,
            updatedReadyPods: count,
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it("partition pods stay on the old revision", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.oneof(
          fc.integer({ min: 0, max: 12 }),
          fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
        ),
        (count, partition) => {
          const v2 = withImages(meshSidecarSet("1", { partition, maxUnavailable: "100%" }), "2");
          let pods = fleet(count, []);
          let actions = plan(v2, pods);
          for (let round = 0; round < 4; round++) {
            pods = apply(pods, actions);
            pods.forEach((pod) => runAsSpecified(pod));
            actions = plan(v2, pods);
            const old = actions.pods.filter((p) => !p.isUpdated).length;
            expect(old).toBe(actions.partition);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a plain init container is never in a patch", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("1", "2", "3"),
        fc.constantFrom("native", "legacy", undefined),
        fc.boolean(),
        (version, mode, changeSetup) => {
          const pod = injectedPod(
            "web",
            [v1],
            mode === undefined ? {} : { "podvisor.dev/sidecar-mode": mode },
          );
          const next = withImages(v1, version);
          if (!changeSetup) next.spec.initContainers![1]!.image = "setup:1";
          const plainIndexes = (pod.spec.initContainers ?? []).flatMap((c, i) =>
            c.restartPolicy === "Always" ? [] : [i],
          );
          for (const update of plan(next, [pod]).podUpdates) {
            for (const i of plainIndexes)
              expect(update.patch.filter((op) => op.path.startsWith(`/spec/initContainers/${i}/`))).toEqual(
                [],
              );
            expect(update.changes.every((c) => c.container !== "setup")).toBe(true);
          }
        },
      ),
    );
  });
});
