/**
 * A Deployment's status from its one ReplicaSet, decided: upstream `calculateStatus` and
 * `syncRolloutStatus` (pkg/controller/deployment/sync.go, progress.go). In `run` a Deployment's
 * template never changes, so it has one ReplicaSet and no rollout; what remains is the counts,
 * Available (minimum availability: replicas − maxUnavailable available) and Progressing
 * (NewReplicaSetCreated → ReplicaSetUpdated while pods become ready → NewReplicaSetAvailable, or
 * ProgressDeadlineExceeded after progressDeadlineSeconds without progress).
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status
 */
import {
  formatTime,
  parseTime,
  type Deployment,
  type DeploymentStatus,
  type ReplicaSet,
  type WorkloadCondition,
} from "../../api/index.js";
import { resolveFenceposts } from "./deployment-replica-set.js";

/** The status after a sync, and when to look again for the progress deadline. */
export function computeDeploymentStatus(
  deployment: Deployment,
  rs: ReplicaSet,
  nowMs: number,
): { status: DeploymentStatus; wakeAtMs?: number } {
  const old = deployment.status ?? {};
  const desired = deployment.spec.replicas ?? 1;
  const rsStatus = rs.status ?? { replicas: 0 };
  const available = rsStatus.availableReplicas ?? 0;
  const total = rs.spec.replicas ?? 0;
  const status: DeploymentStatus = {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas: rsStatus.replicas,
    updatedReplicas: rsStatus.replicas,
    readyReplicas: rsStatus.readyReplicas ?? 0,
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    terminatingReplicas: rsStatus.terminatingReplicas ?? 0,
    conditions: [...(old.conditions ?? [])],
  };
  if (old.collisionCount !== undefined) status.collisionCount = old.collisionCount;
  const maxUnavailable = desired === 0 ? 0 : Math.min(resolveFenceposts(deployment).unavailable, desired);
  setCondition(
    status,
    available >= desired - maxUnavailable
      ? condition(
          "Available",
          "True",
          "MinimumReplicasAvailable",
          "Deployment has minimum availability.",
          nowMs,
        )
      : condition(
          "Available",
          "False",
          "MinimumReplicasUnavailable",
          "Deployment does not have minimum availability.",
          nowMs,
        ),
  );
  const deadlineSeconds = deployment.spec.progressDeadlineSeconds;
  if (deadlineSeconds === undefined || deadlineSeconds === 2147483647) {
    status.conditions = (status.conditions ?? []).filter((c) => c.type !== "Progressing");
    return { status };
  }
  const current = old.conditions?.find((c) => c.type === "Progressing");
  const isComplete =
    status.replicas === status.updatedReplicas && current?.reason === "NewReplicaSetAvailable";
  let wakeAtMs: number | undefined;
  if (!isComplete) {
    const isDone =
      status.updatedReplicas === desired &&
      status.replicas === desired &&
      status.availableReplicas === desired;
    const isProgressing =
      (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
      (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
      available > (old.availableReplicas ?? 0);
    if (isDone) {
      setCondition(
        status,
        condition(
          "Progressing",
          "True",
          "NewReplicaSetAvailable",
          `ReplicaSet "${rs.metadata.name ?? ""}" has successfully progressed.`,
          nowMs,
        ),
      );
    } else if (isProgressing) {
      const next = condition(
        "Progressing",
        "True",
        "ReplicaSetUpdated",
        `ReplicaSet "${rs.metadata.name ?? ""}" is progressing.`,
        nowMs,
      );
      if (current?.status === "True" && current.lastTransitionTime !== undefined)
        next.lastTransitionTime = current.lastTransitionTime;
      status.conditions = (status.conditions ?? []).filter((c) => c.type !== "Progressing");
      setCondition(status, next);
    } else if (current !== undefined && current.reason !== "ProgressDeadlineExceeded") {
      const deadlineMs = (parseTime(current.lastUpdateTime) ?? nowMs) + deadlineSeconds * 1000;
      if (deadlineMs < nowMs)
        setCondition(
          status,
          condition(
            "Progressing",
            "False",
            "ProgressDeadlineExceeded",
            `ReplicaSet "${rs.metadata.name ?? ""}" has timed out progressing.`,
            nowMs,
          ),
        );
      else wakeAtMs = deadlineMs + 1;
    }
  }
  return wakeAtMs === undefined ? { status } : { status, wakeAtMs };
}

/** The Progressing condition the Deployment gets when its ReplicaSet is created. */
export function newReplicaSetCondition(rsName: string, nowMs: number): WorkloadCondition {
  return condition(
    "Progressing",
    "True",
    "NewReplicaSetCreated",
    `Created new replica set "${rsName}"`,
    nowMs,
  );
}

function condition(
  type: string,
  status: "True" | "False",
  reason: string,
  message: string,
  nowMs: number,
): WorkloadCondition {
  const time = formatTime(nowMs);
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

/** deploymentutil.SetDeploymentCondition: same status and reason keeps the old condition; a same status keeps its transition time. */
export function setCondition(status: { conditions?: WorkloadCondition[] }, next: WorkloadCondition): void {
  const conditions = status.conditions ?? [];
  const current = conditions.find((c) => c.type === next.type);
  if (current !== undefined && current.status === next.status && current.reason === next.reason) return;
  if (current !== undefined && current.status === next.status && current.lastTransitionTime !== undefined)
    next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...conditions.filter((c) => c.type !== next.type), next];
}
