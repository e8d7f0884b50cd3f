/**
 * `kubectl get sidecarsets` through Kruise's printer columns, and the rollout section of
 * `describe sidecarset`.
 */
import { describe, expect, it } from "vitest";
import { DESCRIBE, alignTabs } from "../../cli/printers/tabwriter.js";
import { computeRolloutActions } from "./compute-rollout-actions.js";
import { describeRolloutSection } from "./describe-rollout.js";
import { printSidecarSetRow } from "./sidecarset-columns.js";
import { T0_MS } from "./testing/kruise-fixtures.js";
import { injectedPod, meshSidecarSet, withImages } from "./testing/rollout-fixtures.js";

describe("printSidecarSetRow", () => {
  const sidecarSet = meshSidecarSet("1");
  sidecarSet.metadata.creationTimestamp = "2026-01-01T00:00:00Z";

  it("prints MATCHED, UPDATED, READY from status and AGE from creationTimestamp", () => {
    const row = printSidecarSetRow(
      { ...sidecarSet, status: { matchedPods: 30, updatedPods: 12, readyPods: 28, updatedReadyPods: 10 } },
      { now: T0_MS + 3 * 60 * 60 * 1000 + 5 * 60 * 1000 },
    );
    expect(row).toEqual({ NAME: "mesh", MATCHED: "30", UPDATED: "12", READY: "28", AGE: "3h5m" });
  });

  it("a SidecarSet no controller has reconciled yet has no status: <none>, as kubectl prints an empty cell", () => {
    expect(printSidecarSetRow(sidecarSet, { now: T0_MS + 90_000 })).toEqual({
      NAME: "mesh",
      MATCHED: "<none>",
      UPDATED: "<none>",
      READY: "<none>",
      AGE: "90s",
    });
  });

  it("counts of zero print as 0", () => {
    const row = printSidecarSetRow(
      { ...sidecarSet, status: { matchedPods: 0, updatedPods: 0, readyPods: 0 } },
      { now: T0_MS },
    );
    expect([row.MATCHED, row.UPDATED, row.READY]).toEqual(["0", "0", "0"]);
  });
});

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
});
