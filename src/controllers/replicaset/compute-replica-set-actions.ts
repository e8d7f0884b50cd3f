/**
 * One sync of a ReplicaSet (or ReplicationController), decided: upstream `syncReplicaSet` →
 * `manageReplicas` + `calculateStatus` (pkg/controller/replicaset) as a pure function of the
 * ReplicaSet, its pods and the time. Active pods (not Succeeded/Failed, not being deleted) are
 * counted against `replicas`: missing ones are created, surplus ones deleted in upstream's order.
 * A pod that ends — evicted, failed admission, deleted — is no longer active, so it is replaced.
 * https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/
 */
import type { ReplicaSetStatus } from "../../api/index.js";
import { jobPodName } from "../job/index.js";
import {
  compareForDeletion,
  isPodActive,
  podAvailability,
  type OwnedPodView,
  type WorkloadEvent,
} from "../workload-pods/index.js";

/** What the planner reads of a ReplicaSet or ReplicationController. */
export interface ReplicaSetLike {
  name: string;
  replicas: number;
  minReadySeconds: number;
  templateLabels: Readonly<Record<string, string>>;
  status?: ReplicaSetStatus;
}

export interface ReplicaSetActions {
  /** Pods to create, named `<rs>-<suffix>` as generateName would; build them with `buildReplicaSetPod`. */
  podsToCreate: { name: string }[];
  deletePods: { name: string }[];
  status: ReplicaSetStatus;
  events: WorkloadEvent[];
  /** Sync again then (a ready pod becomes available after minReadySeconds). */
  wakeAtMs?: number;
}

/** upstream `burstReplicas`: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;

/**
 * `podNameSuffix(n)` gives the n-th candidate suffix (injected randomness: the shell's RNG, as the
 * API server's generateName does); a name already taken is skipped.
 */
export function computeReplicaSetActions(
  rs: ReplicaSetLike,
  pods: readonly OwnedPodView[],
  nowMs: number,
  podNameSuffix: (attempt: number) => string,
): ReplicaSetActions {
  const active = pods.filter(isPodActive);
  const events: WorkloadEvent[] = [];
  const podsToCreate: { name: string }[] = [];
  const deletePods: { name: string }[] = [];
  const diff = active.length - rs.replicas;
  if (diff < 0) {
    const taken = new Set(pods.map((pod) => pod.name));
    let attempt = 0;
    for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) {
      let name = jobPodName(rs.name, podNameSuffix(attempt++));
      while (taken.has(name)) name = jobPodName(rs.name, podNameSuffix(attempt++));
      taken.add(name);
      podsToCreate.push({ name });
      events.push({ type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${name}` });
    }
  } else if (diff > 0) {
    for (const pod of [...active].sort(compareForDeletion).slice(0, Math.min(diff, BURST_REPLICAS))) {
      deletePods.push({ name: pod.name });
      events.push({ type: "Normal", reason: "SuccessfulDelete", message: `Deleted pod: ${pod.name}` });
    }
  }
  const { status, wakeAtMs } = calculateReplicaSetStatus(rs, pods, nowMs);
  const actions: ReplicaSetActions = { podsToCreate, deletePods, status, events };
  if (wakeAtMs !== undefined) actions.wakeAtMs = wakeAtMs;
  return actions;
}

/**
 * upstream `calculateStatus`: replicas counts active pods, readyReplicas the ready ones,
 * availableReplicas those ready for minReadySeconds; terminatingReplicas (on by default since
 * DeploymentReplicaSetTerminatingReplicas went beta) the ones being deleted that still run.
 */
export function calculateReplicaSetStatus(
  rs: ReplicaSetLike,
  pods: readonly OwnedPodView[],
  nowMs: number,
): { status: ReplicaSetStatus; wakeAtMs?: number } {
  const active = pods.filter(isPodActive);
  let ready = 0;
  let available = 0;
  let wakeAtMs: number | undefined;
  for (const pod of active) {
    if (!pod.isReady) continue;
    ready++;
    const availability = podAvailability(pod, rs.minReadySeconds, nowMs);
    if (availability.isAvailable) available++;
    else if (availability.availableAtMs !== undefined)
      wakeAtMs = Math.min(wakeAtMs ?? Infinity, availability.availableAtMs);
  }
  const fullyLabeled = active.filter((pod) =>
    Object.entries(rs.templateLabels).every(([key, value]) => pod.labels[key] === value),
  ).length;
  const terminating = pods.filter((pod) => pod.isTerminating && !pod.isGone).length;
  const status: ReplicaSetStatus = {
    ...rs.status,
    replicas: active.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    terminatingReplicas: terminating,
  };
  return wakeAtMs === undefined ? { status } : { status, wakeAtMs };
}
