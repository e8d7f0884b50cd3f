/**
 * One reconcile of a SidecarSet, planned whole from what an API server stores: the SidecarSet as
 * the planner reads it, the ControllerRevision to register (Kruise's `registerLatestRevision`,
 * which comes first in Kruise's `UpdateSidecarSet` too), then the rollout against that revision.
 * `podvisor controller` writes the plan; `podvisor describe sidecarset` prints it, so both see the
 * same SidecarSet, revision and decisions.
 */
import { defaultedSidecarSet, isRecord, type Fields, type Pod } from "../../api/index.js";
import type { SidecarSet } from "../../api/index.js";
import { computeRolloutActions } from "./compute-rollout-actions.js";
import { sidecarSetNameLabel } from "./controller-revision.js";
import type { NamespaceLabels } from "./managed-pods.js";
import { planRevisionHistory } from "./revision-history.js";
import type { RevisionHistoryPlan, StoredControllerRevision } from "./revision-history.js";
import type { SidecarSetRolloutActions } from "./rollout-actions.js";

export interface RolloutRoundInput {
  /** The SidecarSet as the API server stores it. */
  stored: Fields;
  /** ControllerRevisions as stored; those labelled `kruise.io/sidecarset-name=<its name>` are its. */
  revisions: readonly Fields[];
  /** Where ControllerRevisions live (kruise-system). */
  revisionNamespace: string;
  pods: readonly Pod[];
  namespaces: NamespaceLabels;
  nowMs: number;
  /** The controller's own pod writes its cache does not show yet (see SidecarSetRolloutInput). */
  pendingPodWrites?: ReadonlyMap<string, string>;
}

export interface RolloutRound {
  sidecarSet: SidecarSet;
  history: RevisionHistoryPlan;
  actions: SidecarSetRolloutActions;
}

export function planRolloutRound(input: RolloutRoundInput): RolloutRound {
  // Defaulted as its webhook defaults it on every write: a no-op for one the webhook stamped, and
  // the defaults (and so the revision injection computed) for one stored without a webhook.
  const sidecarSet = defaultedSidecarSet(input.stored) as unknown as SidecarSet;
  const name = sidecarSet.metadata.name ?? "";
  const revisions = input.revisions
    .map(storedControllerRevision)
    .filter((r) => r.labels?.[sidecarSetNameLabel] === name);
  const history = planRevisionHistory(sidecarSet, revisions, input.pods, input.revisionNamespace);
  const actions = computeRolloutActions({
    sidecarSet,
    pods: input.pods,
    namespaces: input.namespaces,
    revision: { latestRevision: history.latestRevision, collisionCount: history.collisionCount },
    nowMs: input.nowMs,
    ...(input.pendingPodWrites !== undefined ? { pendingPodWrites: input.pendingPodWrites } : {}),
  });
  return { sidecarSet, history, actions };
}

/** A ControllerRevision as read from the API, in the shape the history planner reads. */
export function storedControllerRevision(object: Fields): StoredControllerRevision {
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const labels: Record<string, string> = {};
  if (isRecord(meta.labels))
    for (const [key, value] of Object.entries(meta.labels))
      if (typeof value === "string") labels[key] = value;
  return {
    name: typeof meta.name === "string" ? meta.name : "",
    revision: typeof object.revision === "number" ? object.revision : 0,
    data: object.data,
    labels,
    ...(typeof meta.creationTimestamp === "string" ? { creationTimestamp: meta.creationTimestamp } : {}),
  };
}
