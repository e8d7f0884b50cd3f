/**
 * What of a pod a rollout plan reads (`podPlanInputs`): a change outside it — what other
 * controllers and tools write to pods all day — must leave every plan as it was, so the
 * controller may skip it; a change inside it must show.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { computeRolloutActions } from "./compute-rollout-actions.js";
import { podPlanInputs } from "./pod-plan-inputs.js";
import { factoryPods, factorySidecarSet, T0_MS } from "./testing/kruise-fixtures.js";

type Change = [what: string, change: (pod: Pod) => void];

const outside: Change[] = [
  ["another tool's annotation", (p) => (p.metadata.annotations!["example.com/owner"] = "team-a")],
  ["the resourceVersion", (p) => (p.metadata.resourceVersion = "999")],
  [
    "managedFields",
    (p) => Object.assign(p.metadata, { managedFields: [{ manager: "kubectl", operation: "Update" }] }),
  ],
  ["another condition", (p) => p.status!.conditions!.push({ type: "example.com/Gate", status: "True" })],
  ["the status message", (p) => (p.status!.message = "note")],
  ["the pod IP", (p) => (p.status!.podIP = "10.0.0.9")],
];

const inside: Change[] = [
  ["a label", (p) => (p.metadata.labels!.canary = "true")],
  [
    "a Kruise annotation",
    (p) => (p.metadata.annotations!["kruise.io/sidecarset-hash"] = '{"test-sidecarset":{"hash":"x"}}'),
  ],
  ["a hot-upgrade version", (p) => (p.metadata.annotations!["version.sidecarset.kruise.io/proxy-1"] = "2")],
  ["the deletion starting", (p) => (p.metadata.deletionTimestamp = "2026-01-01T00:01:00Z")],
  ["a sidecar's image in the spec", (p) => (p.spec.containers[1]!.image = "test-image:v3")],
  ["the node", (p) => (p.spec.nodeName = "node-b")],
  ["the phase", (p) => (p.status!.phase = "Failed")],
  ["Ready flipping", (p) => (readyOf(p).status = "False")],
  ["the time Ready last changed", (p) => (readyOf(p).lastTransitionTime = "2026-01-01T00:02:00Z")],
  [
    "SidecarSetUpgradable",
    (p) => p.status!.conditions!.push({ type: "SidecarSetUpgradable", status: "False" }),
  ],
  [
    "a sidecar's image ID",
    (p) => (p.status!.containerStatuses![1]!.imageID = "docker-pullable://x@sha256:1"),
  ],
  ["a restart count", (p) => (p.status!.containerStatuses![0]!.restartCount = 3)],
  [
    "a native sidecar's status",
    (p) =>
      (p.status!.initContainerStatuses = [
        { name: "proxy", image: "p:1", imageID: "", ready: true, restartCount: 0 },
      ]),
  ],
];

/** Kruise's factory pods as the webhook leaves them: in a namespace, naming the SidecarSet. */
function injectedInDefault(pod: Pod): Pod {
  const annotations = {
    ...pod.metadata.annotations,
    "kruise.io/sidecarset-injected-list": "test-sidecarset",
  };
  return { ...pod, metadata: { ...pod.metadata, namespace: "default", annotations } };
}

function readyOf(pod: Pod) {
  return pod.status!.conditions!.find((c) => c.type === "Ready")!;
}

function changed(pod: Pod, change: (pod: Pod) => void): Pod {
  const copy = structuredClone(pod);
  change(copy);
  return copy;
}

describe("podPlanInputs", () => {
  const [pod] = factoryPods(1, 0, 0);

  it.each(outside)("does not move when %s changes", (_, change) => {
    expect(podPlanInputs(changed(pod!, change))).toBe(podPlanInputs(pod!));
  });

  it.each(inside)("moves when %s changes", (_, change) => {
    expect(podPlanInputs(changed(pod!, change))).not.toBe(podPlanInputs(pod!));
  });

  it("reads the Kruise annotations whatever order they are stored in", () => {
    const reordered = structuredClone(pod!);
    reordered.metadata.annotations = Object.fromEntries(Object.entries(pod!.metadata.annotations!).reverse());
    expect(podPlanInputs(reordered)).toBe(podPlanInputs(pod!));
  });

  it("a fleet changed only outside the inputs gets the same plan: skipping its events loses nothing", () => {
    const sidecarSet = factorySidecarSet();
    sidecarSet.spec.updateStrategy = { ...sidecarSet.spec.updateStrategy, maxUnavailable: 3 };
    const plan = (pods: Pod[]) =>
      computeRolloutActions({
        sidecarSet,
        pods,
        namespaces: new Map([["default", {}]]),
        revision: { latestRevision: "test-sidecarset-rev", collisionCount: 0 },
        nowMs: T0_MS,
      });
    // Ten pods, four updated, three of those restarted on the new image: two more to update.
    const pods = factoryPods(10, 4, 3).map(injectedInDefault);
    const touched = pods.map((p, i) => changed(p, outside[i % outside.length]![1]));
    const [before, after] = [plan(pods), plan(touched)];
    expect(before.podUpdates.map((u) => u.name)).toHaveLength(2);
    const shape = (actions: typeof before) => ({
      ...actions,
      // The patch's resourceVersion test names the version the plan saw: not a decision.
      podUpdates: actions.podUpdates.map((u) => ({ name: u.name, pod: u.pod.spec, condition: u.condition })),
    });
    expect(shape(after)).toEqual(shape(before));
  });
});
