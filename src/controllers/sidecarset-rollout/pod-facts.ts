/**
 * What the rollout needs to know about each managed pod, computed once per reconcile: on the
 * current revision or not, consistent (the kubelet runs every sidecar's spec image, §Q7), ready
 * for the rollout (Running, Ready, idle hot slots empty), selected by `updateStrategy.selector`,
 * and whether only images differ from the SidecarSet.
 */
import type { LabelSelector, Pod } from "../../api/index.js";
import { matchesLabelSelector } from "../../sidecarset/index.js";
import { isPodReadyForRollout, isPodStateConsistent, isSidecarSetUpgradable } from "./pod-consistency.js";
import { isPodOnRevision } from "./pod-revision-record.js";
import type { RolloutContext } from "./rollout-context.js";

export interface PodFacts {
  pod: Pod;
  isUpdated: boolean;
  isConsistent: boolean;
  isReady: boolean;
  /** `updateStrategy.selector` selects it (no selector selects every pod). */
  isSelected: boolean;
  canUpgrade: boolean;
  /** No sidecar is Ready while still mid-update (only meaningful when `canUpgrade`). */
  isUpgradeConsistent: boolean;
}

export function podFactsOf(
  context: RolloutContext,
  pod: Pod,
  updateSelector: LabelSelector | undefined,
): PodFacts {
  const upgradable = isSidecarSetUpgradable(context, pod);
  return {
    pod,
    isUpdated: isPodOnRevision(pod, context.name, context.hash),
    isConsistent: isPodStateConsistent(context, pod),
    isReady: isPodReadyForRollout(context, pod),
    isSelected:
      updateSelector === undefined || matchesLabelSelector(updateSelector, pod.metadata.labels ?? {}),
    canUpgrade: upgradable.canUpgrade,
    isUpgradeConsistent: upgradable.consistent,
  };
}
