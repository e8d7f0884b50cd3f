/**
 * The pod condition `SidecarSetUpgradable` (Kruise `updatePodSidecarSetUpgradableCondition`,
 * pkg/controller/sidecarset/sidecarset_processor.go): its message is a JSON map from SidecarSet
 * name to whether that SidecarSet can update the pod in place; the condition is True
 * (`AllSidecarsetUpgradable`) only when every entry is, else False (`UpdateImmutableField`).
 * Written as a strategic-merge patch of `status.conditions`, only when it changes.
 */
import type { Pod, PodCondition } from "../../api/index.js";
import { canonicalJson } from "../../sidecarset/index.js";

export const upgradableConditionType = "SidecarSetUpgradable";

/**
 * The condition to write, `undefined` when the pod already carries it, or an error when its
 * message is not a JSON map (Kruise then fails the reconcile).
 */
export function upgradableCondition(
  pod: Pod,
  sidecarSetName: string,
  isUpgradable: boolean,
  timestamp: string,
): PodCondition | undefined | { error: string } {
  const old = (pod.status?.conditions ?? []).find((c) => c.type === upgradableConditionType);
  let entries: Record<string, unknown> = {};
  if (old?.message !== undefined && old.message !== "") {
    try {
      const parsed: unknown = JSON.parse(old.message);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not a map");
      entries = parsed as Record<string, unknown>;
    } catch {
      return { error: `pod condition ${upgradableConditionType} has a message that is not a JSON map` };
    }
  }
  entries = { ...entries, [sidecarSetName]: isUpgradable };
  const isAll = Object.values(entries).every((v) => v !== false);
  const status = isAll ? "True" : "False";
  const condition: PodCondition = {
    type: upgradableConditionType,
    status,
    lastProbeTime: old?.lastProbeTime ?? null,
    lastTransitionTime:
      old !== undefined && old.status === status ? (old.lastTransitionTime ?? "") : timestamp,
    reason: isAll ? "AllSidecarsetUpgradable" : "UpdateImmutableField",
    message: canonicalJson(entries),
  };
  if (
    old !== undefined &&
    old.status === condition.status &&
    old.reason === condition.reason &&
    old.message === condition.message &&
    (old.lastTransitionTime ?? "") === condition.lastTransitionTime
  )
    return undefined;
  return condition;
}
