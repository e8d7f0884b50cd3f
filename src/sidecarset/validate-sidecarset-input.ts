/**
 * The checks Kruise's SidecarSet webhook makes against the cluster, made against the input
 * instead: the `patchPodMetadata` whitelist (patch-metadata-whitelist.ts), a canary's base
 * (canary-sidecarset.ts), and the ControllerRevision a pinned `injectionStrategy.revision` names
 * (`validateSidecarSetInjectionStrategy`: "Cannot find specific ControllerRevision").
 * `readSidecarSetInput` collects what they need from the decoded objects: the whitelist, every
 * SidecarSet as decoded, and the valid ControllerRevisions (injection reads them too).
 */
import { controllerRevisionKind, validateControllerRevision, type ControllerRevision } from "../api/index.js";
import type { FieldError } from "../api/index.js";
import { sidecarSetKinds, type SidecarSet } from "../api/index.js";
import { isRecord, type Fields } from "../api/index.js";
import { validateCanarySidecarSet } from "./canary-sidecarset.js";
import { findPatchMetadataWhitelist, validatePatchMetadataWhitelist } from "./patch-metadata-whitelist.js";
import { findPinnedRevision } from "./sidecarset-history.js";

export interface SidecarSetInput {
  /** The whitelist's JSON text, undefined without the ConfigMap or its key. */
  whitelist: string | undefined;
  /** Every SidecarSet of the input, as decoded (canaries name their base among these). */
  sidecarSets: Fields[];
  /** The input's ControllerRevisions that pass validation (`revision` absent: 0). */
  controllerRevisions: ControllerRevision[];
}

export function readSidecarSetInput(
  objects: readonly { apiVersion: string; kind: string; object: Fields }[],
): SidecarSetInput {
  const isKind = (o: { apiVersion: string; kind: string }, ref: { apiVersion: string; kind: string }) =>
    o.apiVersion === ref.apiVersion && o.kind === ref.kind;
  const controllerRevisions: ControllerRevision[] = [];
  for (const o of objects)
    if (isKind(o, controllerRevisionKind) && validateControllerRevision(o.object).length === 0)
      controllerRevisions.push({
        ...(o.object as unknown as ControllerRevision),
        revision: typeof o.object.revision === "number" ? o.object.revision : 0,
      });
  return {
    whitelist: findPatchMetadataWhitelist(objects),
    sidecarSets: objects.filter((o) => sidecarSetKinds.some((ref) => isKind(o, ref))).map((o) => o.object),
    controllerRevisions,
  };
}

/** The input-dependent checks of one defaulted SidecarSet (its own are `validateSidecarSet`). */
export function validateSidecarSetInInput(sidecarSet: Fields, input: SidecarSetInput): FieldError[] {
  const errors = [
    ...validateCanarySidecarSet(sidecarSet, input.sidecarSets),
    ...validatePatchMetadataWhitelist(sidecarSet, input.whitelist),
  ];
  const spec = isRecord(sidecarSet.spec) ? sidecarSet.spec : {};
  const injection = isRecord(spec.injectionStrategy) ? spec.injectionStrategy : {};
  const revision = isRecord(injection.revision) ? injection.revision : undefined;
  if (revision && (typeof revision.revisionName === "string" || typeof revision.customVersion === "string")) {
    const found = findPinnedRevision(sidecarSet as unknown as SidecarSet, input.controllerRevisions);
    if ("error" in found)
      errors.push({
        ...found.error,
        path: found.error.path.replace(/^sidecarset\/[^:]*: /, ""),
        detail: `Cannot find specific ControllerRevision: ${found.error.detail ?? ""}; put it in the input (docs/sidecarsets.md)`,
      });
  }
  return errors;
}
