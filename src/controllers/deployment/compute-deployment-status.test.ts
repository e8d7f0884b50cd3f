/**
 * The Deployment's ReplicaSet and status, restating upstream's cases
 * (pkg/controller/deployment/sync_test.go TestDeploymentController_cleanupDeployment aside:
 * calculateStatus, progress_test.go TestSyncRolloutStatus, util TestResolveFenceposts).
 */
import { describe, expect, it } from "vitest";
import type { Deployment, ReplicaSet } from "../../api/index.js";
import { buildDeploymentReplicaSet, resolveFenceposts } from "./deployment-replica-set.js";
import { computeDeploymentStatus, newReplicaSetCondition } from "./compute-deployment-status.js";

const deployment = (replicas: number, extra: Partial<Deployment["spec"]> = {}): Deployment => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", uid: "d-1", generation: 1 },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "i" }] } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
    progressDeadlineSeconds: 600,
    ...extra,
  },
});

const withStatus = (rs: ReplicaSet, replicas: number, ready: number, available: number): ReplicaSet => ({
  ...rs,
  status: { replicas, readyReplicas: ready, availableReplicas: available },
});

describe("the Deployment's ReplicaSet", () => {
  it("is named <deployment>-<pod-template-hash>, with the hash in its selector, labels and template labels", () => {
    const rs = buildDeploymentReplicaSet(deployment(2), "2026-01-01T00:00:00Z");
    const hash = rs.metadata.labels?.["pod-template-hash"] ?? "";
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec.template.metadata?.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({
      kind: "Deployment",
      name: "web",
      controller: true,
    });
    expect(rs.metadata.annotations).toMatchObject({
      "deployment.kubernetes.io/revision": "1",
      "deployment.kubernetes.io/desired-replicas": "2",
      "deployment.kubernetes.io/max-replicas": "3",
    });
  });

  it.each<[string, number | string, number | string, number, number, number]>([
    ["25%/25% of 1", "25%", "25%", 1, 1, 0],
    ["25%/25% of 10", "25%", "25%", 10, 3, 2],
    ["0/0 becomes unavailable 1", 0, 0, 4, 0, 1],
    ["absolute values", 2, 1, 4, 2, 1],
  ])("TestResolveFenceposts: %s", (_name, maxSurge, maxUnavailable, replicas, surge, unavailable) => {
    const d = deployment(replicas, {
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } },
    });
    expect(resolveFenceposts(d)).toEqual({ surge, unavailable });
  });
});

describe("computeDeploymentStatus (calculateStatus, syncRolloutStatus)", () => {
  const d = deployment(2);
  const rs = buildDeploymentReplicaSet(d, "2026-01-01T00:00:00Z");
  const created: Deployment = {
    ...d,
    status: { conditions: [newReplicaSetCondition(rs.metadata.name ?? "", 0)] },
  };

  it("pods created, none ready: Available False (MinimumReplicasUnavailable); more updated replicas is progress (ReplicaSetUpdated)", () => {
    const { status } = computeDeploymentStatus(created, withStatus(rs, 2, 0, 0), 1000);
    expect(status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 0,
      availableReplicas: 0,
      unavailableReplicas: 2,
    });
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ["Available", "False", "MinimumReplicasUnavailable"],
      ["Progressing", "True", "ReplicaSetUpdated"],
    ]);
  });

  it("one of two available (maxUnavailable 0 of 2): still unavailable; progressing as pods become ready", () => {
    const { status } = computeDeploymentStatus(created, withStatus(rs, 2, 1, 1), 2000);
    expect(status.conditions?.find((c) => c.type === "Available")?.status).toBe("False");
    expect(status.conditions?.find((c) => c.type === "Progressing")).toMatchObject({
      reason: "ReplicaSetUpdated",
      message: `ReplicaSet "${rs.metadata.name ?? ""}" is progressing.`,
    });
  });

  it("all available: Available True, Progressing NewReplicaSetAvailable (`kubectl get deploy` READY 2/2)", () => {
    const { status } = computeDeploymentStatus(created, withStatus(rs, 2, 2, 2), 3000);
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."],
      [
        "Progressing",
        "True",
        "NewReplicaSetAvailable",
        `ReplicaSet "${rs.metadata.name ?? ""}" has successfully progressed.`,
      ],
    ]);
  });

  it("no progress for progressDeadlineSeconds: Progressing False, ProgressDeadlineExceeded; before that it wakes at the deadline", () => {
    const stuck: Deployment = { ...created, status: { ...created.status, replicas: 2, updatedReplicas: 2 } };
    const early = computeDeploymentStatus(stuck, withStatus(rs, 2, 0, 0), 60_000);
    expect(early.wakeAtMs).toBe(600_001);
    const late = computeDeploymentStatus(stuck, withStatus(rs, 2, 0, 0), 600_001);
    expect(late.status.conditions?.find((c) => c.type === "Progressing")).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
    });
  });
});
