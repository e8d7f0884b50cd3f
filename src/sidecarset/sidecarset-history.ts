/**
 * A SidecarSet's past revisions, read from ControllerRevisions as Kruise stores them
 * (pkg/control/sidecarcontrol/history_control.go): `getControllerRevision` finds the one
 * `injectionStrategy.revision` pins — by `revisionName`, or the highest `revision` among those
 * labelled with the SidecarSet's name and `customVersion` — in Kruise's namespace only, and
 * `GetHistorySidecarSet` restores it: the SidecarSet with its spec replaced by the recorded one
 * (volumes, containers, initContainers, imagePullSecrets, patchPodMetadata; selector and
 * strategies are gone, matching is already done), its metadata kept, its hashes taken from the
 * revision's annotations (or computed from the restored spec) and `status.latestRevision` set to
 * the revision's name, which the pod's record then names.
 */
import type { ControllerRevision } from "../api/index.js";
import {
  kruiseAnnotations,
  kruiseNamespace,
  kruiseRevisionLabels,
  type SidecarSet,
  type SidecarSetSpec,
} from "../api/index.js";
import type { FieldError } from "../api/index.js";
import { isRecord } from "../api/index.js";
import { sidecarSetHash, sidecarSetHashWithoutImage } from "./sidecarset-hash.js";

/** A SidecarSet to inject: the latest, or a restored revision with the hashes Kruise records. */
export interface InjectableSidecarSet {
  sidecarSet: SidecarSet;
  hash: string;
  hashWithoutImage: string;
  /** The ControllerRevision restored, when a pinned revision is injected. */
  controllerRevision?: string;
}

/** The ControllerRevision the SidecarSet pins, or the error Kruise's lookup gives. */
export function findPinnedRevision(
  sidecarSet: SidecarSet,
  revisions: readonly ControllerRevision[],
): { revision: ControllerRevision } | { error: FieldError } {
  const name = sidecarSet.metadata.name ?? "";
  const pinned = sidecarSet.spec.injectionStrategy?.revision ?? {};
  const path = `sidecarset/${name}: spec.injectionStrategy.revision`;
  const inKruise = revisions.filter((r) => (r.metadata.namespace || "default") === kruiseNamespace);
  if (typeof pinned.revisionName === "string") {
    const found = inKruise.find((r) => r.metadata.name === pinned.revisionName);
    if (found) return { revision: found };
    const elsewhere = revisions.find((r) => r.metadata.name === pinned.revisionName);
    return {
      error: {
        type: "NotFound",
        path: `${path}.revisionName`,
        value: pinned.revisionName,
        detail: `ControllerRevision.apps "${pinned.revisionName}" not found in namespace ${kruiseNamespace}${elsewhere ? ` (the input has one in namespace ${elsewhere.metadata.namespace || "default"}; Kruise reads only its own namespace)` : ""}`,
      },
    };
  }
  const version = pinned.customVersion ?? "";
  const labelled = inKruise.filter(
    (r) =>
      r.metadata.labels?.[kruiseRevisionLabels.sidecarSetName] === name &&
      r.metadata.labels[kruiseRevisionLabels.customVersion] === version,
  );
  const latest = labelled.sort(compareRevisions).at(-1);
  if (latest) return { revision: latest };
  return {
    error: {
      type: "NotFound",
      path: `${path}.customVersion`,
      value: version,
      detail: `ControllerRevision.apps "${name}" not found: no ControllerRevision in namespace ${kruiseNamespace} is labelled ${kruiseRevisionLabels.sidecarSetName}=${name}, ${kruiseRevisionLabels.customVersion}=${version}`,
    },
  };
}

/** Kruise `restoreRevisionInfo` after applying the revision's `$patch: replace` spec. */
export function restoreRevision(sidecarSet: SidecarSet, revision: ControllerRevision): InjectableSidecarSet {
  const recorded = isRecord(revision.data.spec) ? revision.data.spec : {};
  const spec: SidecarSetSpec & Record<string, unknown> = {};
  // `$patch: replace` makes the patch itself the spec; its nulls are absent fields.
  for (const [key, value] of Object.entries(recorded))
    if (key !== "$patch" && value !== null && value !== undefined) spec[key] = structuredClone(value);
  const annotations = revision.metadata.annotations ?? {};
  const hash = annotations[kruiseAnnotations.sidecarSetHash] || sidecarSetHash(spec);
  const hashWithoutImage =
    annotations[kruiseAnnotations.sidecarSetHashWithoutImage] || sidecarSetHashWithoutImage(spec);
  const name = revision.metadata.name ?? "";
  const restored: SidecarSet = {
    ...structuredClone(sidecarSet),
    spec,
    status: { ...sidecarSet.status, latestRevision: name },
  };
  restored.metadata.annotations = {
    ...restored.metadata.annotations,
    [kruiseAnnotations.sidecarSetHash]: hash,
    [kruiseAnnotations.sidecarSetHashWithoutImage]: hashWithoutImage,
  };
  return { sidecarSet: restored, hash, hashWithoutImage, controllerRevision: name };
}

/** apps `SortControllerRevisions`: by revision, then creation time (unset first), then name. */
function compareRevisions(a: ControllerRevision, b: ControllerRevision): number {
  if (a.revision !== b.revision) return a.revision - b.revision;
  const [ta, tb] = [a.metadata.creationTimestamp ?? "", b.metadata.creationTimestamp ?? ""];
  if (ta !== tb) return Date.parse(ta || "0001-01-01T00:00:00Z") - Date.parse(tb || "0001-01-01T00:00:00Z");
  const [na, nb] = [a.metadata.name ?? "", b.metadata.name ?? ""];
  return na < nb ? -1 : na > nb ? 1 : 0;
}
