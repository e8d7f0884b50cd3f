/**
 * The ReplicaSet controller's decisions, restating upstream's unit cases
 * (pkg/controller/replicaset/replica_set_test.go: TestSyncReplicaSetDoesNothing,
 * TestSyncReplicaSetCreateFailures' creation, TestSyncReplicaSetDormancy's counting,
 * TestGetPodsToDelete's order, TestCalculateStatus) on the pure planner.
 */
import { describe, expect, it } from "vitest";
import type { OwnedPodView } from "../workload-pods/index.js";
import { computeReplicaSetActions, type ReplicaSetLike } from "./compute-replica-set-actions.js";

const rs = (replicas: number, minReadySeconds = 0): ReplicaSetLike => ({
  name: "foo",
  replicas,
  minReadySeconds,
  templateLabels: { app: "foo" },
});

const pod = (name: string, overrides: Partial<OwnedPodView> = {}): OwnedPodView => ({
  name,
  phase: "Running",
  isTerminating: false,
  isGone: false,
  isReady: true,
  readySinceMs: 0,
  maxRestarts: 0,
  creationMs: 0,
  labels: { app: "foo" },
  ...overrides,
});

const suffixes =
  (...values: string[]) =>
  (attempt: number) =>
    values[attempt] ?? `z${attempt}`;

describe("computeReplicaSetActions (replica_set_test.go)", () => {
  it("TestSyncReplicaSetDoesNothing: as many active pods as replicas → no creation, no deletion", () => {
    const actions = computeReplicaSetActions(rs(2), [pod("foo-a"), pod("foo-b")], 1000, suffixes());
    expect(actions.podsToCreate).toEqual([]);
    expect(actions.deletePods).toEqual([]);
    expect(actions.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
  });

  it("creates the missing pods named <rs>-<suffix> with a SuccessfulCreate event each, skipping a taken name", () => {
    const actions = computeReplicaSetActions(
      rs(3),
      [pod("foo-bbbbb")],
      0,
      suffixes("bbbbb", "ccccc", "ddddd"),
    );
    expect(actions.podsToCreate).toEqual([{ name: "foo-ccccc" }, { name: "foo-ddddd" }]);
    expect(actions.events.map((e) => `${e.reason}: ${e.message}`)).toEqual([
      "SuccessfulCreate: Created pod: foo-ccccc",
      "SuccessfulCreate: Created pod: foo-ddddd",
    ]);
  });

  it.each<[string, Partial<OwnedPodView>]>([
    ["Failed (evicted, rejected at admission)", { phase: "Failed", isReady: false }],
    ["Succeeded", { phase: "Succeeded", isReady: false }],
    ["being deleted", { isTerminating: true }],
  ])("a pod that is %s is not active: it is replaced", (_name, state) => {
    const actions = computeReplicaSetActions(rs(1), [pod("foo-old", state)], 0, suffixes("newer"));
    expect(actions.podsToCreate).toEqual([{ name: "foo-newer" }]);
    expect(actions.status.replicas).toBe(0);
  });

  it("TestGetPodsToDelete: surplus pods go pending first, then not ready, then the most restarts, then the newest", () => {
    const pods = [
      pod("ready-old", { creationMs: 0 }),
      pod("ready-new", { creationMs: 5 }),
      pod("pending", { phase: "Pending", isReady: false }),
      pod("not-ready", { isReady: false }),
      pod("restarts", { maxRestarts: 3 }),
    ];
    const deleted = (n: number) =>
      computeReplicaSetActions(rs(pods.length - n), pods, 0, suffixes()).deletePods.map((p) => p.name);
    expect(deleted(4)).toEqual(["pending", "not-ready", "restarts", "ready-new"]);
  });

  it("TestCalculateStatus: ready pods count as available only after minReadySeconds; the planner wakes then", () => {
    const pods = [
      pod("a", { readySinceMs: 0 }),
      pod("b", { readySinceMs: 8_000 }),
      pod("c", { isReady: false }),
    ];
    const actions = computeReplicaSetActions(rs(3, 10), pods, 12_000, suffixes());
    expect(actions.status).toMatchObject({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 2,
      availableReplicas: 1,
    });
    expect(actions.wakeAtMs).toBe(18_000);
  });

  it("terminatingReplicas counts pods being deleted whose containers still run", () => {
    const pods = [
      pod("a"),
      pod("b", { isTerminating: true }),
      pod("c", { isTerminating: true, isGone: true }),
    ];
    expect(computeReplicaSetActions(rs(1), pods, 0, suffixes()).status.terminatingReplicas).toBe(1);
  });
});
