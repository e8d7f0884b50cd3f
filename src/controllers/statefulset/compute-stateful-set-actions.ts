/**
 * One sync of a StatefulSet, decided: upstream `StatefulSetControl.UpdateStatefulSet` →
 * `updateStatefulSet` (pkg/controller/statefulset/stateful_set_control.go) for a template that does
 * not change during a run. Pods are named `<set>-<ordinal>` for ordinals
 * [start, start+replicas). With `OrderedReady` pod N+1 is created only once pod N is Running and
 * Ready, and a pod that is not yet so (or is terminating) holds the ones after it; with
 * `Parallel` every missing pod is created at once. A pod that ended (Failed/Succeeded) is deleted
 * and then created again under the same name (RecreatingFailedPod). Surplus ordinals go highest
 * first, one at a time with OrderedReady.
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#deployment-and-scaling-guarantees
 */
import type { StatefulSet, StatefulSetStatus } from "../../api/index.js";
import {
  isPodActive,
  podAvailability,
  type OwnedPodView,
  type WorkloadEvent,
} from "../workload-pods/index.js";

export interface StatefulSetActions {
  /** Ordinals whose pod to create now (named `<set>-<ordinal>`; build with `buildStatefulSetPod`). */
  createOrdinals: number[];
  deletePods: { name: string }[];
  status: StatefulSetStatus;
  events: WorkloadEvent[];
  wakeAtMs?: number;
}

export function statefulSetPodName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name ?? ""}-${ordinal}`;
}

/** `isRunningAndReady`: phase Running and the Ready condition True. */
function isRunningAndReady(pod: OwnedPodView): boolean {
  return pod.phase === "Running" && pod.isReady;
}

function hasEnded(pod: OwnedPodView): boolean {
  return pod.phase === "Failed" || pod.phase === "Succeeded";
}

/** `replicas` is the desired count (the shell passes 0 when the run is being deleted). */
export function computeStatefulSetActions(
  set: StatefulSet,
  pods: readonly OwnedPodView[],
  nowMs: number,
  replicas = set.spec.replicas ?? 1,
): StatefulSetActions {
  const start = set.spec.ordinals?.start ?? 0;
  const isOrdered = (set.spec.podManagementPolicy ?? "OrderedReady") === "OrderedReady";
  const byName = new Map(pods.map((pod) => [pod.name, pod]));
  const events: WorkloadEvent[] = [];
  const createOrdinals: number[] = [];
  const deletePods: { name: string }[] = [];
  const setName = set.metadata.name ?? "";
  const event = (reason: string, message: string) => events.push({ type: "Normal", reason, message });

  for (let ordinal = start; ordinal < start + replicas; ordinal++) {
    const name = statefulSetPodName(set, ordinal);
    const pod = byName.get(name);
    if (pod === undefined || (hasEnded(pod) && pod.isGone)) {
      createOrdinals.push(ordinal);
      event("SuccessfulCreate", `create Pod ${name} in StatefulSet ${setName} successful`);
      if (isOrdered) break;
      continue;
    }
    if (hasEnded(pod)) {
      if (!pod.isTerminating) {
        deletePods.push({ name });
        event(
          "RecreatingFailedPod",
          `StatefulSet ${set.metadata.namespace ?? "default"}/${setName} is recreating failed Pod ${name}`,
        );
      }
      if (isOrdered) break;
      continue;
    }
    if (isOrdered && (pod.isTerminating || !isRunningAndReady(pod))) break;
  }

  // Condemned pods: ordinals outside the range, highest first.
  const condemned = pods
    .filter((pod) => !pod.isGone && !pod.isTerminating && !isWanted(pod.name, setName, start, replicas))
    .sort((a, b) => ordinalOf(b.name, setName) - ordinalOf(a.name, setName));
  for (const pod of isOrdered && createOrdinals.length === 0
    ? condemned.slice(0, 1)
    : isOrdered
      ? []
      : condemned) {
    deletePods.push({ name: pod.name });
    event("SuccessfulDelete", `delete Pod ${pod.name} in StatefulSet ${setName} successful`);
  }

  const { status, wakeAtMs } = statefulSetStatus(set, pods, nowMs);
  const actions: StatefulSetActions = { createOrdinals, deletePods, status, events };
  if (wakeAtMs !== undefined) actions.wakeAtMs = wakeAtMs;
  return actions;
}

function ordinalOf(name: string, setName: string): number {
  return Number(name.slice(setName.length + 1));
}

function isWanted(name: string, setName: string, start: number, replicas: number): boolean {
  const ordinal = ordinalOf(name, setName);
  return ordinal >= start && ordinal < start + replicas;
}

/** Upstream `computeReplicaStatus`: replicas counts created pods that are not gone. */
function statefulSetStatus(
  set: StatefulSet,
  pods: readonly OwnedPodView[],
  nowMs: number,
): { status: StatefulSetStatus; wakeAtMs?: number } {
  const live = pods.filter((pod) => !pod.isGone);
  const active = live.filter(isPodActive);
  let available = 0;
  let wakeAtMs: number | undefined;
  for (const pod of active) {
    const availability = podAvailability(pod, set.spec.minReadySeconds ?? 0, nowMs);
    if (availability.isAvailable) available++;
    else if (availability.availableAtMs !== undefined)
      wakeAtMs = Math.min(wakeAtMs ?? Infinity, availability.availableAtMs);
  }
  const status: StatefulSetStatus = {
    ...set.status,
    observedGeneration: set.metadata.generation ?? 1,
    replicas: live.length,
    readyReplicas: active.filter(isRunningAndReady).length,
    currentReplicas: live.length,
    updatedReplicas: live.length,
    availableReplicas: available,
  };
  return wakeAtMs === undefined ? { status } : { status, wakeAtMs };
}
