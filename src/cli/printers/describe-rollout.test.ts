/**
 * `describe sidecarset`'s rollout section as the terminal shows it: the planner's pure section,
 * aligned by the same tabwriter kubectl's describe output uses.
 */
import { describe, expect, it } from "vitest";
import { computeRolloutActions, describeRolloutSection } from "../../controllers/index.js";
import { T0_MS } from "../../controllers/sidecarset-rollout/testing/kruise-fixtures.js";
import {
  injectedPod,
  meshSidecarSet,
  withImages,
} from "../../controllers/sidecarset-rollout/testing/rollout-fixtures.js";
import { DESCRIBE, alignTabs } from "./tabwriter.js";

describe("describeRolloutSection", () => {
  it("shows the revision, the strategy, the counts, pods per revision and why pods are held back", () => {
    const v1 = meshSidecarSet("1");
    const v2 = withImages(meshSidecarSet("1", { maxUnavailable: 1 }), "2");
    const pods = ["web-0", "web-1"].map((name) => injectedPod(name, [v1]));
    const changed = structuredClone(v1);
    changed.spec.containers![0]!.args = ["-v"];
    const stuck = injectedPod("web-2", [changed]);
    const actions = computeRolloutActions({
      sidecarSet: v2,
      pods: [...pods, stuck],
      namespaces: new Map([["default", {}]]),
      revision: { latestRevision: "mesh-6c7d", collisionCount: 0 },
      nowMs: T0_MS,
    });
    const current = actions.revision;
    const old = actions.pods[0]!.revision;
    const other = actions.pods[2]!.revision;
    const text = alignTabs(describeRolloutSection(v2, actions), DESCRIBE);
    expect(text).toBe(
      [
        "Rollout:",
        `  Revision:    ${current} (ControllerRevision mesh-6c7d)`,
        "  Strategy:    RollingUpdate, maxUnavailable 1, partition 0",
        "  State:       rolling update in progress",
        "  Pods:        3 matched, 0 updated, 3 ready, 0 updated and ready",
        "  This round:  default/web-0",
        "  Revisions:",
        `    ${"REVISION".padEnd(old.length + 2)}PODS  READY`,
        `    ${old}  2     2`,
        `    ${other}  1     1`,
        "  Pods not updated:",
        "    POD            STATE          REASON",
        "    default/web-0  UpdatingNow    sidecar images are updated in place now",
        "    default/web-1  Waiting        waiting: maxUnavailable (1) pods are already unavailable",
        "    default/web-2  NotUpgradable  its sidecars differ from the SidecarSet's in more than the image; recreate the pod to update it",
        "",
      ].join("\n"),
    );
  });

  describe("the State line when only pods the canary selector excludes are left", () => {
    const v1 = meshSidecarSet("1");
    const canary = { selector: { matchLabels: { canary: "true" } } };
    const v2 = withImages(meshSidecarSet("1", canary), "2");
    const labelled = (pod: ReturnType<typeof injectedPod>, isCanary: boolean) => {
      pod.metadata.labels = { ...pod.metadata.labels, ...(isCanary ? { canary: "true" } : {}) };
      return pod;
    };
    const stateOf = (pods: ReturnType<typeof injectedPod>[]) => {
      const actions = computeRolloutActions({
        sidecarSet: v2,
        pods,
        namespaces: new Map([["default", {}]]),
        revision: { latestRevision: "mesh-6c7d", collisionCount: 0 },
        nowMs: T0_MS,
      });
      const line = describeRolloutSection(v2, actions)
        .split("\n")
        .find((l) => l.startsWith("  State:"));
      return { phase: actions.phase, state: line?.split("\t")[1] };
    };

    it("says the selected pods are all updated and how many the selector excludes, not that a rolling update is in progress", () => {
      const pods = [
        labelled(injectedPod("web-0", [v2]), true),
        labelled(injectedPod("web-1", [v1]), false),
        labelled(injectedPod("web-2", [v1]), false),
      ];
      expect(stateOf(pods)).toEqual({
        phase: "RollingUpdate",
        state: "updated all pods the update selector matches; 2 pods excluded by updateStrategy.selector",
      });
    });

    it("still says in progress, with the excluded count, while a selected pod waits for its update", () => {
      const pods = [labelled(injectedPod("web-0", [v1]), true), labelled(injectedPod("web-1", [v1]), false)];
      expect(stateOf(pods).state).toBe(
        "rolling update in progress; 1 pod excluded by updateStrategy.selector",
      );
    });
  });
});
