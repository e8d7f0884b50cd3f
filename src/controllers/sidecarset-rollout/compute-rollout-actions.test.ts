/**
 * podvisor's rollout rules beyond Kruise's own tables: native sidecars upgraded in place (found
 * wherever injection put them, judged from initContainerStatuses), plain init containers never
 * touched, the phases that stop a round, the patch as data, and the report `describe` prints.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { applyJsonPatch } from "../../sidecarset/index.js";
import { computeRolloutActions } from "./compute-rollout-actions.js";
import type { SidecarSetRolloutInput } from "./rollout-actions.js";
import { sidecarSetRevisionHashes } from "./rollout-context.js";
import { T0_MS } from "./testing/kruise-fixtures.js";
import {
  imageIdOf,
  injectedPod,
  meshSidecarSet,
  runAsSpecified,
  withImages,
} from "./testing/rollout-fixtures.js";

const input = (
  overrides: Partial<SidecarSetRolloutInput> & Pick<SidecarSetRolloutInput, "sidecarSet" | "pods">,
) => ({
  namespaces: new Map([["default", {}]]),
  revision: { latestRevision: "mesh-5d8f9", collisionCount: 0 },
  nowMs: T0_MS + 60_000,
  ...overrides,
});
const imageOf = (pod: Pod, name: string) =>
  [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((c) => c.name === name)?.image;

describe("a native sidecar is upgraded in place, like a regular one", () => {
  const v1 = meshSidecarSet("1");
  const v2 = withImages(v1, "2");
  const pods = [injectedPod("web-0", [v1])];

  it("patches the image of the native sidecar and of the regular sidecar, never the plain init container", () => {
    const actions = computeRolloutActions(input({ sidecarSet: v2, pods }));
    expect(actions.phase).toBe("RollingUpdate");
    const [update] = actions.podUpdates;
    expect(update?.changes).toEqual([
      { container: "logs", list: "containers", fromImage: "logs:1", toImage: "logs:2" },
      { container: "proxy", list: "initContainers", fromImage: "proxy:1", toImage: "proxy:2" },
    ]);
    expect(imageOf(update!.pod, "setup")).toBe("setup:1");
    expect(update!.patch.filter((op) => op.path.includes("setup"))).toEqual([]);
  });

  it("the patch applied to the pod gives the updated pod, guarded by the pod's resourceVersion", () => {
    const [update] = computeRolloutActions(input({ sidecarSet: v2, pods })).podUpdates;
    expect(update!.patch[0]).toEqual({ op: "test", path: "/metadata/resourceVersion", value: "100" });
    expect(applyJsonPatch(structuredClone(pods[0]), update!.patch)).toEqual(update!.pod);
    const imageOps = update!.patch.filter((op) => op.path.endsWith("/image"));
    expect(imageOps.map((op) => op.path).sort()).toEqual([
      "/spec/containers/0/image",
      "/spec/initContainers/0/image",
    ]);
  });

  it("records the new revision, the controller revision and the image IDs the kubelet ran", () => {
    const [update] = computeRolloutActions(input({ sidecarSet: v2, pods })).podUpdates;
    const annotations = update!.pod.metadata.annotations!;
    const record = JSON.parse(annotations["kruise.io/sidecarset-hash"]!) as Record<
      string,
      Record<string, unknown>
    >;
    expect(record.mesh).toEqual({
      updateTimestamp: "2026-01-01T00:01:00Z",
      hash: sidecarSetRevisionHashes(v2).hash,
      sidecarSetName: "mesh",
      sidecarList: ["logs", "proxy"],
      controllerRevision: "mesh-5d8f9",
    });
    const state = JSON.parse(annotations["kruise.io/sidecarset-inplace-update-state"]!) as Record<
      string,
      unknown
    >;
    expect(state.mesh).toEqual({
      revision: sidecarSetRevisionHashes(v2).hash,
      updateTimestamp: "2026-01-01T00:01:00Z",
      lastContainerStatuses: {
        logs: { imageID: imageIdOf("logs:1") },
        proxy: { imageID: imageIdOf("proxy:1") },
      },
    });
  });

  it("the pod stays unavailable until the kubelet reports the native sidecar's new image ID", () => {
    const [update] = computeRolloutActions(input({ sidecarSet: v2, pods })).podUpdates;
    const updated = update!.pod;
    const before = computeRolloutActions(input({ sidecarSet: v2, pods: [updated] }));
    expect(before.status).toMatchObject({ matchedPods: 1, updatedPods: 1, readyPods: 0 });
    expect(before.pods[0]).toMatchObject({ state: "Updating", isUpdated: true, isReady: false });
    runAsSpecified(updated);
    const after = computeRolloutActions(input({ sidecarSet: v2, pods: [updated] }));
    expect(after.status).toMatchObject({ matchedPods: 1, updatedPods: 1, readyPods: 1, updatedReadyPods: 1 });
    expect(after.phase).toBe("Complete");
  });

  it("a pod injected in native mode has its SidecarSet container in initContainers, and it is found there", () => {
    const pod = injectedPod("web-n", [v1], { "podvisor.dev/sidecar-mode": "native" });
    expect(pod.spec.initContainers?.some((c) => c.name === "logs" && c.restartPolicy === "Always")).toBe(
      true,
    );
    const [update] = computeRolloutActions(input({ sidecarSet: v2, pods: [pod] })).podUpdates;
    expect(update?.changes.map((c) => [c.container, c.list])).toEqual([
      ["logs", "initContainers"],
      ["proxy", "initContainers"],
    ]);
  });
});

describe("what stops a round", () => {
  const v1 = meshSidecarSet("1");
  const pods = ["web-0", "web-1", "web-2"].map((name) => injectedPod(name, [v1]));

  it("type NotUpdate: status is kept current, no pod is touched", () => {
    const v2 = withImages(meshSidecarSet("1", { type: "NotUpdate" }), "2");
    const actions = computeRolloutActions(input({ sidecarSet: v2, pods }));
    expect(actions).toMatchObject({
      phase: "NotUpdate",
      podUpdates: [],
      status: { matchedPods: 3, updatedPods: 0 },
    });
  });

  it("paused: no pod is touched, and describe says so per pod", () => {
    const v2 = withImages(meshSidecarSet("1", { paused: true }), "2");
    const actions = computeRolloutActions(input({ sidecarSet: v2, pods }));
    expect(actions.phase).toBe("Paused");
    expect(actions.podUpdates).toEqual([]);
    expect(actions.pods.map((p) => p.detail)).toEqual(
      Array(3).fill("waiting: updateStrategy.paused is true"),
    );
  });

  it("a pending write the cache does not show yet: status only, look again in a second", () => {
    const v2 = withImages(v1, "2");
    const pendingPodWrites = new Map([["default/web-0", "101"]]);
    const actions = computeRolloutActions(input({ sidecarSet: v2, pods, pendingPodWrites }));
    expect(actions).toMatchObject({ phase: "AwaitingCache", podUpdates: [], requeueAfterMs: 1000 });
    const seen = structuredClone(pods);
    seen[0]!.metadata.resourceVersion = "101";
    expect(computeRolloutActions(input({ sidecarSet: v2, pods: seen, pendingPodWrites })).phase).toBe(
      "RollingUpdate",
    );
  });

  it("every pod updated: Complete", () => {
    expect(computeRolloutActions(input({ sidecarSet: v1, pods })).phase).toBe("Complete");
  });
});

describe("maxUnavailable", () => {
  const v1 = meshSidecarSet("1");

  it("an unavailable candidate is taken at no cost; then at most maxUnavailable available ones", () => {
    const v2 = withImages(meshSidecarSet("1", { maxUnavailable: 1 }), "2");
    const pods = ["a", "b", "c"].map((name) => injectedPod(name, [v1]));
    runAsSpecified(pods[2]!, false);
    const actions = computeRolloutActions(input({ sidecarSet: v2, pods }));
    // ActivePods order puts the unready pod first; it costs nothing, then one ready pod.
    expect(actions.podUpdates.map((u) => u.name)).toEqual(["c", "a"]);
    expect(actions.pods.find((p) => p.name === "b")).toMatchObject({
      state: "Waiting",
      detail: "waiting: maxUnavailable (1) pods are already unavailable",
    });
  });
});

describe("pods that are not managed", () => {
  it("are reported with the reason, and not counted", () => {
    const v1 = meshSidecarSet("1");
    const injected = injectedPod("web-0", [v1]);
    const notInjected = structuredClone(injected);
    notInjected.metadata.name = "web-1";
    delete notInjected.metadata.annotations!["kruise.io/sidecarset-injected-list"];
    const finished = structuredClone(injected);
    finished.metadata.name = "web-2";
    finished.status!.phase = "Succeeded";
    const actions = computeRolloutActions(input({ sidecarSet: v1, pods: [injected, notInjected, finished] }));
    expect(actions.status.matchedPods).toBe(1);
    expect(actions.pods.map((p) => [p.name, p.state, p.detail])).toEqual([
      ["web-0", "Updated", "on the current revision and ready"],
      ["web-1", "NotManaged", "not injected: kruise.io/sidecarset-injected-list does not name mesh"],
      ["web-2", "NotManaged", "not active (finished or being deleted)"],
    ]);
  });
});

describe("a pod whose sidecar differs in more than the image", () => {
  it("is left alone, marked SidecarSetUpgradable=False, with a NotUpgradablePods event", () => {
    const v1 = meshSidecarSet("1");
    const pod = injectedPod("web-0", [v1]);
    const changed = structuredClone(v1);
    changed.spec.containers![0]!.args = ["--verbose"];
    const actions = computeRolloutActions(input({ sidecarSet: changed, pods: [pod] }));
    expect(actions.podUpdates).toEqual([]);
    expect(actions.podConditions).toEqual([
      {
        namespace: "default",
        name: "web-0",
        condition: {
          type: "SidecarSetUpgradable",
          status: "False",
          lastProbeTime: null,
          lastTransitionTime: "2026-01-01T00:01:00Z",
          reason: "UpdateImmutableField",
          message: `{"mesh":false}`,
        },
      },
    ]);
    expect(actions.events.map((e) => e.reason)).toEqual(["NotUpgradablePods"]);
    expect(actions.pods[0]).toMatchObject({ state: "NotUpgradable" });
  });
});

describe("a pod still restarting a sidecar from the previous update", () => {
  it("waits: a Ready sidecar whose kubelet has not picked up the last image is mid-update", () => {
    const v1 = meshSidecarSet("1");
    const v2 = withImages(v1, "2");
    const [update] = computeRolloutActions(
      input({ sidecarSet: v2, pods: [injectedPod("web-0", [v1])] }),
    ).podUpdates;
    const restarting = update!.pod;
    const v3 = withImages(v1, "3");
    const actions = computeRolloutActions(input({ sidecarSet: v3, pods: [restarting] }));
    expect(actions.podUpdates).toEqual([]);
    expect(actions.pods[0]).toMatchObject({
      state: "Waiting",
      detail: "waiting: a sidecar is still restarting with its previous update",
    });
    runAsSpecified(restarting);
    expect(computeRolloutActions(input({ sidecarSet: v3, pods: [restarting] })).podUpdates).toHaveLength(1);
  });
});

describe("patchPodMetadata is applied again on update", () => {
  it("Overwrite sets the annotation, Retain keeps the pod's", () => {
    const v1 = meshSidecarSet("1");
    const pod = injectedPod("web-0", [v1]);
    pod.metadata.annotations!["team.io/owner"] = "old";
    pod.metadata.annotations!["team.io/kept"] = "pod's";
    const v2 = withImages(v1, "2");
    v2.spec.patchPodMetadata = [
      { annotations: { "team.io/owner": "mesh" }, patchPolicy: "Overwrite" },
      { annotations: { "team.io/kept": "mesh" }, patchPolicy: "Retain" },
    ];
    const [update] = computeRolloutActions(input({ sidecarSet: v2, pods: [pod] })).podUpdates;
    expect(update!.pod.metadata.annotations).toMatchObject({
      "team.io/owner": "mesh",
      "team.io/kept": "pod's",
    });
  });
});
