/**
 * The patch of `pods/status` the node sends, built as the kubelet builds it
 * (pkg/kubelet/status/status_manager.go `mergePodStatus`, then pkg/util/pod `PatchPodStatus`: a
 * two-way strategic merge patch against the API's copy, v1.36.3):
 *
 * - the node writes only what it owns: its conditions come from the node, every other condition
 *   (a SidecarSet controller's `SidecarSetUpgradable`, `DisruptionTarget`, a readiness gate's)
 *   and the resource claim statuses stay as the API has them;
 * - `conditions`, `podIPs` and `hostIPs` are lists merged by a key (`type`, `ip`): only the
 *   entries that changed are sent, and one the node no longer reports is deleted by its key
 *   (`$patch: delete`), so a condition another writer set after the node's last read is never
 *   dropped — a JSON merge patch would replace the whole list;
 * - every other field as a JSON merge patch carries it (changed fields, null for removed ones;
 *   the other lists, atomic in the API, whole).
 */
import { isRecord, type Fields } from "../api/index.js";
import { KUBELET_CONDITION_TYPES } from "../status/index.js";
import { createMergePatch } from "./merge-patch.js";

/** Status fields the kubelet never writes: `mergePodStatus` keeps the API's. */
const NOT_OWNED_BY_NODE = [
  "resourceClaimStatuses",
  "extendedResourceClaimStatus",
  "nodeAllocatableResourceClaimStatuses",
] as const;

/** PodStatus lists with `patchStrategy: merge`, by their merge key. */
const MERGED_LISTS = [
  ["conditions", "type"],
  ["podIPs", "ip"],
  ["hostIPs", "ip"],
] as const;

export const strategicMergePatch = "application/strategic-merge-patch+json";

/** kubelet `mergePodStatus`: the node's status, with everything it does not own from the API's copy. */
export function mergeNodeStatus(apiStatus: Fields, nodeStatus: Fields): Fields {
  const isNodeCondition = (c: Fields) => KUBELET_CONDITION_TYPES.includes(String(c.type));
  const merged: Fields = {
    ...nodeStatus,
    conditions: [
      ...records(apiStatus.conditions).filter((c) => !isNodeCondition(c)),
      ...records(nodeStatus.conditions).filter(isNodeCondition),
    ],
  };
  for (const field of NOT_OWNED_BY_NODE) {
    if (apiStatus[field] === undefined) delete merged[field];
    else merged[field] = apiStatus[field];
  }
  return merged;
}

/** The strategic merge patch from the API's status to `merged` (empty: nothing to send). */
export function createStatusPatch(apiStatus: Fields, merged: Fields): Fields {
  const withoutLists = (status: Fields): Fields => {
    const rest = { ...status };
    for (const [field] of MERGED_LISTS) delete rest[field];
    return rest;
  };
  const patch = createMergePatch(withoutLists(apiStatus), withoutLists(merged));
  for (const [field, key] of MERGED_LISTS) {
    const entries = listPatch(records(apiStatus[field]), records(merged[field]), key);
    if (entries.length > 0) patch[field] = entries;
  }
  return patch;
}

/** The entries of a merged list that changed or are new, then one deletion per entry gone. */
function listPatch(before: Fields[], after: Fields[], key: string): Fields[] {
  const changed = after.filter((entry) => {
    const old = before.find((o) => o[key] === entry[key]);
    return old === undefined || !isSameJson(old, entry);
  });
  const removed = before
    .filter((old) => !after.some((entry) => entry[key] === old[key]))
    .map((old) => ({ [key]: old[key], $patch: "delete" }));
  return [...changed, ...removed];
}

function records(value: unknown): Fields[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Equal as JSON values, whatever the order of object keys. */
function isSameJson(a: unknown, b: unknown): boolean {
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    return (
      keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length &&
      keys.every((k) => isSameJson(a[k], b[k]))
    );
  }
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => isSameJson(item, b[i]));
  return a === b;
}
