/**
 * One round planned from stored objects: the SidecarSet defaulted when its webhook did not run,
 * only its own ControllerRevisions read, the rollout planned against the revision registered.
 */
import { describe, expect, it } from "vitest";
import { defaultedSidecarSet, kruiseAnnotations, type Fields } from "../../api/index.js";
import { computeRolloutActions } from "./compute-rollout-actions.js";
import { planRolloutRound } from "./plan-rollout-round.js";
import { T0_MS } from "./testing/kruise-fixtures.js";
import { injectedPod, meshSidecarSet } from "./testing/rollout-fixtures.js";

/** meshSidecarSet("1") as `kubectl create` stores it without a SidecarSet webhook: no defaults. */
function storedWithoutWebhook(): Fields {
  return {
    apiVersion: "apps.kruise.io/v1beta1",
    kind: "SidecarSet",
    metadata: { name: "mesh", uid: "uid-mesh", creationTimestamp: "2026-01-01T00:00:00Z" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      initContainers: [
        { name: "proxy", image: "proxy:1", restartPolicy: "Always" },
        { name: "setup", image: "setup:1" },
      ],
      containers: [{ name: "logs", image: "logs:1" }],
    },
  };
}

const round = (stored: Fields, revisions: Fields[] = []) =>
  planRolloutRound({
    stored,
    revisions,
    revisionNamespace: "kruise-system",
    pods: ["web-0", "web-1"].map((name) => injectedPod(name, [meshSidecarSet("1")])),
    namespaces: new Map([["default", {}]]),
    nowMs: T0_MS,
  });

describe("planRolloutRound", () => {
  it("defaults a SidecarSet stored without its webhook, so the pods injected from it are on its revision", () => {
    const { sidecarSet, actions } = round(storedWithoutWebhook());
    expect(actions.phase).toBe("Complete");
    expect(actions.pods.map((p) => p.state)).toEqual(["Updated", "Updated"]);
    expect(sidecarSet.metadata).toEqual(storedWithoutWebhook().metadata);
    // Undefaulted, the same SidecarSet hashes differently and every pod would look out of date.
    const raw = computeRolloutActions({
      sidecarSet: storedWithoutWebhook() as never,
      pods: ["web-0"].map((name) => injectedPod(name, [meshSidecarSet("1")])),
      namespaces: new Map([["default", {}]]),
      revision: { latestRevision: "r", collisionCount: 0 },
      nowMs: T0_MS,
    });
    expect(raw.pods.map((p) => p.state)).not.toEqual(["Updated"]);
  });

  it("defaults a SidecarSet that carries its hash annotations too, as its webhook defaults on every write (the planner once defaulted only one without kruise.io/sidecarset-hash)", () => {
    const stamped = storedWithoutWebhook();
    (stamped.metadata as Fields).annotations = {
      [kruiseAnnotations.sidecarSetHash]: "stale",
      [kruiseAnnotations.sidecarSetHashWithoutImage]: "stale",
    };
    const { sidecarSet } = round(stamped);
    expect(sidecarSet.spec.updateStrategy).toEqual({
      type: "RollingUpdate",
      maxUnavailable: 1,
      partition: 0,
    });
    expect(sidecarSet).toEqual(defaultedSidecarSet(stamped));
  });

  it("defaults a SidecarSet carrying only kruise.io/sidecarset-hash-without-image, whose hashes are read from its annotations as Kruise reads them", () => {
    const halfStamped = storedWithoutWebhook();
    (halfStamped.metadata as Fields).annotations = { [kruiseAnnotations.sidecarSetHashWithoutImage]: "h" };
    const { sidecarSet, actions } = round(halfStamped);
    expect(sidecarSet).toEqual(defaultedSidecarSet(halfStamped));
    // A missing kruise.io/sidecarset-hash reads as "" (GetSidecarSetRevision): no pod is on it.
    expect(actions.revision).toBe("");
  });

  it("plans a SidecarSet its webhook defaulted exactly as stored", () => {
    const defaulted = defaultedSidecarSet(storedWithoutWebhook());
    expect(round(defaulted).sidecarSet).toEqual(defaulted);
  });

  it("reads only the ControllerRevisions labelled with its name: an equal one is kept, another set's ignored", () => {
    const first = round(storedWithoutWebhook());
    const created = first.history.create;
    expect(created).toBeDefined();
    const own = created as unknown as Fields;
    const other = structuredClone(own);
    (other.metadata as Fields).name = "other-1234";
    (other.metadata as { labels: Record<string, string> }).labels["kruise.io/sidecarset-name"] = "other";
    const second = round(storedWithoutWebhook(), [other, own]);
    expect(second.history.create).toBeUndefined();
    expect(second.history.latestRevision).toBe(first.history.latestRevision);
    expect(second.history.deleteRevisions).toEqual([]);
    expect(second.actions.status.latestRevision).toBe(first.history.latestRevision);
  });
});
