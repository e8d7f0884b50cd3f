/**
 * A test stand-in for the controller adapter: runs one reconcile, writes the planned pod updates
 * and the status back, as Kruise's processor tests do with controller-runtime's fake client.
 */
import type { SidecarSet } from "../../../api/index.js";
import type { Pod } from "../../../api/index.js";
import { computeRolloutActions } from "../compute-rollout-actions.js";
import type { SidecarSetRolloutActions } from "../rollout-actions.js";
import type { NamespaceLabels } from "../managed-pods.js";
import { T0_MS } from "./kruise-fixtures.js";

export interface Cluster {
  sidecarSet: SidecarSet;
  pods: Pod[];
  namespaces?: NamespaceLabels;
  nowMs?: number;
}

/** Reconciles once and applies the plan to `cluster`; returns the plan. */
export function reconcile(cluster: Cluster): SidecarSetRolloutActions {
  const actions = computeRolloutActions({
    sidecarSet: cluster.sidecarSet,
    pods: cluster.pods,
    namespaces: cluster.namespaces ?? new Map([["default", {}]]),
    revision: { latestRevision: "test-sidecarset-rev", collisionCount: 0 },
    nowMs: cluster.nowMs ?? T0_MS,
  });
  if (actions.isStatusChanged) cluster.sidecarSet = { ...cluster.sidecarSet, status: { ...actions.status } };
  for (const update of actions.podUpdates) {
    const index = cluster.pods.findIndex(
      (p) => p.metadata.name === update.name && (p.metadata.namespace || "default") === update.namespace,
    );
    const pod = structuredClone(update.pod);
    if (update.condition !== undefined) setCondition(pod, update.condition);
    cluster.pods[index] = pod;
  }
  for (const { name, condition } of actions.podConditions) {
    const pod = cluster.pods.find((p) => p.metadata.name === name);
    if (pod !== undefined) setCondition(pod, condition);
  }
  return actions;
}

function setCondition(
  pod: Pod,
  condition: NonNullable<Pod["status"]>["conditions"] extends (infer C)[] | undefined ? C : never,
): void {
  const status = (pod.status ??= {});
  const conditions = (status.conditions ??= []);
  const index = conditions.findIndex((c) => c.type === condition.type);
  if (index < 0) conditions.push(condition);
  else conditions[index] = condition;
}

/** MATCHED, UPDATED, READY, UPDATED-READY, as Kruise's tests list them. */
export function statusCounts(actions: SidecarSetRolloutActions): number[] {
  const s = actions.status;
  return [s.matchedPods, s.updatedPods, s.readyPods, s.updatedReadyPods ?? 0];
}
