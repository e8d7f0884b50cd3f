/**
 * The StatefulSet controller's decisions, restating upstream's cases
 * (pkg/controller/statefulset/stateful_set_control_test.go: CreatesPods, ScalesUp, ScalesDown,
 * ReplacesPods, RecreatesFailedPod, TestStatefulSetControlOrderedReady/Parallel) on the pure planner.
 */
import { describe, expect, it } from "vitest";
import type { StatefulSet } from "../../api/index.js";
import type { OwnedPodView } from "../workload-pods/index.js";
import { computeStatefulSetActions } from "./compute-stateful-set-actions.js";

const set = (
  replicas: number,
  podManagementPolicy: "OrderedReady" | "Parallel" = "OrderedReady",
  start?: number,
): StatefulSet => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "web", namespace: "default", uid: "s-1" },
  spec: {
    replicas,
    podManagementPolicy,
    selector: { matchLabels: { app: "web" } },
    template: { spec: { containers: [] } },
    ...(start === undefined ? {} : { ordinals: { start } }),
  },
});

const pod = (name: string, overrides: Partial<OwnedPodView> = {}): OwnedPodView => ({
  name,
  phase: "Running",
  isTerminating: false,
  isGone: false,
  isReady: true,
  maxRestarts: 0,
  creationMs: 0,
  labels: {},
  ...overrides,
});

describe("computeStatefulSetActions", () => {
  it("CreatesPods, OrderedReady: only web-0 while nothing exists", () => {
    expect(computeStatefulSetActions(set(3), [], 0).createOrdinals).toEqual([0]);
  });

  it("OrderedReady: web-0 Running but not Ready holds web-1", () => {
    expect(computeStatefulSetActions(set(3), [pod("web-0", { isReady: false })], 0).createOrdinals).toEqual(
      [],
    );
  });

  it("OrderedReady: web-0 Ready → web-1 next", () => {
    const actions = computeStatefulSetActions(set(3), [pod("web-0")], 0);
    expect(actions.createOrdinals).toEqual([1]);
    expect(actions.events[0]?.message).toBe("create Pod web-1 in StatefulSet web successful");
  });

  it("Parallel: every missing ordinal at once", () => {
    expect(
      computeStatefulSetActions(set(3, "Parallel"), [pod("web-1", { isReady: false })], 0).createOrdinals,
    ).toEqual([0, 2]);
  });

  it("ordinals.start shifts the names", () => {
    expect(computeStatefulSetActions(set(2, "Parallel", 5), [], 0).createOrdinals).toEqual([5, 6]);
  });

  it("RecreatesFailedPod: a Failed pod is deleted, then created again under its name once gone", () => {
    const failed = pod("web-0", { phase: "Failed", isReady: false });
    const first = computeStatefulSetActions(set(1), [failed], 0);
    expect(first.deletePods).toEqual([{ name: "web-0" }]);
    expect(first.events[0]?.reason).toBe("RecreatingFailedPod");
    const second = computeStatefulSetActions(set(1), [{ ...failed, isTerminating: true, isGone: true }], 0);
    expect(second.createOrdinals).toEqual([0]);
  });

  it("ScalesDown: the highest ordinal goes first, one at a time with OrderedReady; all at once with Parallel", () => {
    const pods = [pod("web-0"), pod("web-1"), pod("web-2")];
    expect(computeStatefulSetActions(set(0), pods, 0).deletePods).toEqual([{ name: "web-2" }]);
    expect(computeStatefulSetActions(set(0, "Parallel"), pods, 0).deletePods.map((p) => p.name)).toEqual([
      "web-2",
      "web-1",
      "web-0",
    ]);
  });

  it("status: replicas counts pods not gone, readyReplicas the Running and Ready ones", () => {
    const actions = computeStatefulSetActions(set(3), [pod("web-0"), pod("web-1", { isReady: false })], 0);
    expect(actions.status).toMatchObject({ replicas: 2, readyReplicas: 1, availableReplicas: 1 });
  });
});
