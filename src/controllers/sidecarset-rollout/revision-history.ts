/**
 * Which ControllerRevision is the SidecarSet's latest, decided purely: Kruise's
 * `registerLatestRevision` and `truncateHistory` (pkg/controller/sidecarset/sidecarset_processor.go)
 * as a plan. Unchanged spec: the newest revision stays. A spec equal to an older revision: that
 * revision is renumbered to the top (a rollback). Otherwise a new revision is created, its name
 * moved on by the collision count while a stored one of that name holds other data. Then the
 * oldest revisions no pod records and `injectionStrategy.revision` does not name are deleted down
 * to `revisionHistoryLimit` (default 10, at least 1).
 */
import type { SidecarSet } from "../../api/index.js";
import { kruiseAnnotations } from "../../api/index.js";
import type { Pod } from "../../api/index.js";
import { parseUpgradeSpecs } from "../../sidecarset/index.js";
import { parseTime } from "../../api/index.js";
import type { ControllerRevision } from "./controller-revision.js";
import {
  controllerRevisionHash,
  controllerRevisionName,
  customVersionLabel,
  goMapJson,
  newControllerRevision,
  revisionDataText,
} from "./controller-revision.js";

/** A stored ControllerRevision labelled `kruise.io/sidecarset-name=<set>`, as read from the API. */
export interface StoredControllerRevision {
  name: string;
  revision: number;
  data: unknown;
  labels?: Readonly<Record<string, string>>;
  creationTimestamp?: string;
}

export interface RevisionHistoryPlan {
  /** The name pods record as `controllerRevision`, and `status.latestRevision`. */
  latestRevision: string;
  collisionCount: number;
  create?: ControllerRevision;
  /** A rollback: give this stored revision the next number. */
  renumber?: { name: string; revision: number };
  /** Label the latest revision with the SidecarSet's `customVersion`. */
  customVersionLabel?: { name: string; value: string };
  deleteRevisions: string[];
  /** More revisions are in use than the limit allows (Kruise logs it and goes on). */
  truncateError?: string;
}

export function planRevisionHistory(
  sidecarSet: SidecarSet,
  stored: readonly StoredControllerRevision[],
  pods: readonly Pod[],
  namespace: string,
): RevisionHistoryPlan {
  let revisions = sortRevisions(stored);
  const status = sidecarSet.status as { collisionCount?: number } | undefined;
  let collisionCount = status?.collisionCount ?? 0;
  const next = (revisions[revisions.length - 1]?.revision ?? 0) + 1;
  const dataText = revisionDataText(sidecarSet);
  const isEqual = (r: StoredControllerRevision) => goMapJson(r.data) === dataText;
  const equal = revisions.filter(isEqual);
  const last = revisions[revisions.length - 1];
  const plan: RevisionHistoryPlan = { latestRevision: "", collisionCount, deleteRevisions: [] };
  let latest: StoredControllerRevision;

  if (last !== undefined && equal.length > 0 && equal[equal.length - 1] === last) {
    latest = last;
  } else if (equal.length > 0) {
    const previous = equal[equal.length - 1]!;
    latest = { ...previous, revision: next };
    plan.renumber = { name: previous.name, revision: next };
    revisions = [...revisions.filter((r) => r !== previous), latest];
  } else {
    const name = sidecarSet.metadata.name ?? "";
    // CreateControllerRevision: on AlreadyExists with other data, count a collision and rehash.
    while (
      revisions.some(
        (r) =>
          r.name === controllerRevisionName(name, controllerRevisionHash(dataText, collisionCount)) &&
          !isEqual(r),
      )
    )
      collisionCount++;
    const created = newControllerRevision(sidecarSet, namespace, next, collisionCount);
    plan.create = created;
    latest = {
      name: created.metadata.name,
      revision: next,
      data: created.data,
      labels: created.metadata.labels,
    };
    revisions = [...revisions, latest];
  }
  plan.latestRevision = latest.name;
  plan.collisionCount = collisionCount;

  const customVersion = sidecarSet.spec.customVersion ?? "";
  if (
    plan.create === undefined &&
    customVersion !== "" &&
    latest.labels?.[customVersionLabel] !== customVersion
  )
    plan.customVersionLabel = { name: latest.name, value: customVersion };

  const truncation = truncateHistory(sidecarSet, revisions, pods);
  plan.deleteRevisions = truncation.deleteRevisions;
  if (truncation.error !== undefined) plan.truncateError = truncation.error;
  return plan;
}

/**
 * Kruise `truncateHistory` over `revisions` sorted oldest first, the latest last (never deleted).
 */
export function truncateHistory(
  sidecarSet: SidecarSet,
  revisions: readonly StoredControllerRevision[],
  pods: readonly Pod[],
): { deleteRevisions: string[]; error?: string } {
  const limit = Math.max(1, sidecarSet.spec.revisionHistoryLimit ?? 10);
  if (revisions.length <= limit) return { deleteRevisions: [] };
  let toDelete = revisions.length - limit;
  const active = activeRevisions(sidecarSet, revisions, pods);
  const deleteRevisions: string[] = [];
  for (const revision of revisions.slice(0, -1)) {
    if (toDelete === 0) break;
    if (active.has(revision.name)) continue;
    deleteRevisions.push(revision.name);
    toDelete--;
  }
  if (toDelete === 0) return { deleteRevisions };
  const name = sidecarSet.metadata.name ?? "";
  return {
    deleteRevisions,
    error: `failed to limit the number of stored revisions, limited: ${limit}, actual: ${limit + toDelete}, name: ${name}`,
  };
}

/** Revisions a pod records, and the one `injectionStrategy.revision` pins new pods to. */
function activeRevisions(
  sidecarSet: SidecarSet,
  revisions: readonly StoredControllerRevision[],
  pods: readonly Pod[],
): Set<string> {
  const name = sidecarSet.metadata.name ?? "";
  const active = new Set<string>();
  for (const pod of pods) {
    const record = parseUpgradeSpecs(pod.metadata.annotations?.[kruiseAnnotations.sidecarSetHash])?.get(name);
    if (record?.controllerRevision) active.add(record.controllerRevision);
  }
  const pinned = sidecarSet.spec.injectionStrategy?.revision;
  if (pinned?.revisionName !== undefined) active.add(pinned.revisionName);
  if (pinned?.customVersion !== undefined) {
    const labelled = revisions.filter((r) => r.labels?.[customVersionLabel] === pinned.customVersion);
    const newest = sortRevisions(labelled).pop();
    if (newest !== undefined) active.add(newest.name);
  }
  return active;
}

/** `history.SortControllerRevisions`: by number, then creation time, then name. */
export function sortRevisions(revisions: readonly StoredControllerRevision[]): StoredControllerRevision[] {
  return [...revisions].sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const timeA = parseTime(a.creationTimestamp) ?? 0;
    const timeB = parseTime(b.creationTimestamp) ?? 0;
    if (timeA !== timeB) return timeA - timeB;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}
