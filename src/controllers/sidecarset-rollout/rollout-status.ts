/**
 * The SidecarSet's status, computed before the round's updates (Kruise `calculateStatus`,
 * pkg/controller/sidecarset/sidecarset_processor.go): matched = managed pods; updated = on the
 * current revision; ready = consistent and ready for the rollout; updatedReady = both. The whole
 * status is replaced, and written only when one of its fields differs (`inconsistentStatus`).
 */
import type { SidecarSet } from "../../api/index.js";
import type { PodFacts } from "./pod-facts.js";

export interface SidecarSetStatus {
  observedGeneration?: number;
  matchedPods: number;
  updatedPods: number;
  readyPods: number;
  updatedReadyPods?: number;
  latestRevision?: string;
  collisionCount?: number;
}

export function calculateStatus(
  sidecarSet: SidecarSet,
  facts: readonly PodFacts[],
  revision: { latestRevision: string; collisionCount: number },
): SidecarSetStatus {
  let updated = 0;
  let ready = 0;
  let updatedReady = 0;
  for (const pod of facts) {
    if (pod.isUpdated) updated++;
    if (pod.isConsistent && pod.isReady) {
      ready++;
      if (pod.isUpdated) updatedReady++;
    }
  }
  // Go's omitempty: a zero generation, a zero updatedReadyPods and an empty revision are not written.
  const generation = sidecarSet.metadata.generation ?? 0;
  return {
    ...(generation !== 0 ? { observedGeneration: generation } : {}),
    matchedPods: facts.length,
    updatedPods: updated,
    readyPods: ready,
    ...(updatedReady !== 0 ? { updatedReadyPods: updatedReady } : {}),
    ...(revision.latestRevision !== "" ? { latestRevision: revision.latestRevision } : {}),
    collisionCount: revision.collisionCount,
  };
}

/** Kruise `inconsistentStatus`: whether the stored status must be rewritten. */
export function isStatusChanged(
  previous: Partial<SidecarSetStatus> | undefined,
  next: SidecarSetStatus,
): boolean {
  const old = previous ?? {};
  return (
    (next.observedGeneration ?? 0) > (old.observedGeneration ?? 0) ||
    next.matchedPods !== (old.matchedPods ?? 0) ||
    next.updatedPods !== (old.updatedPods ?? 0) ||
    next.readyPods !== (old.readyPods ?? 0) ||
    (next.updatedReadyPods ?? 0) !== (old.updatedReadyPods ?? 0) ||
    (next.latestRevision ?? "") !== (old.latestRevision ?? "") ||
    next.collisionCount !== old.collisionCount
  );
}
