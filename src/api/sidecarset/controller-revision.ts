/**
 * apps/v1 ControllerRevision, as far as podvisor reads it: the store of a SidecarSet's past
 * revisions (Kruise pkg/control/sidecarcontrol/history_control.go). Kruise writes one per
 * SidecarSet revision in its own namespace (`kruise-system`), labelled
 * `kruise.io/sidecarset-name=<set>` (and `apps.kruise.io/sidecarset-custom-version=<v>`), with the
 * SidecarSet's annotations (its two hashes among them) and `data` a strategic-merge patch that
 * replaces the spec: `{"spec": {"$patch": "replace", "volumes", "containers", "initContainers",
 * "imagePullSecrets", "patchPodMetadata"}}`.
 *
 * Validation is the API server's (`ValidateControllerRevisionCreate`: object meta, a non-negative
 * `revision`, `data` a JSON object) plus, for a SidecarSet's revision, the shape of that patch.
 */
import type { KindRef } from "../decode-manifests.js";
import type { FieldError } from "../field-error.js";
import type { ObjectMeta } from "../types.js";
import { validateObjectMeta } from "../validation/object-meta.js";
import { invalid, isRecord, objectItems, readInteger, readObject, readString } from "../validation/shape.js";
import { kruiseRevisionLabels } from "./sidecarset-types.js";

export const controllerRevisionKind: KindRef = { apiVersion: "apps/v1", kind: "ControllerRevision" };

export interface ControllerRevision {
  apiVersion: "apps/v1";
  kind: "ControllerRevision";
  metadata: ObjectMeta;
  /** Kruise's: `{ spec: { $patch: "replace", containers, ... } }`. */
  data: Record<string, unknown>;
  revision: number;
}

/** The spec fields a SidecarSet's revision records (`copySidecarSetSpecRevision`). */
export const sidecarSetRevisionFields = [
  "volumes",
  "containers",
  "initContainers",
  "imagePullSecrets",
  "patchPodMetadata",
] as const;

export function validateControllerRevision(object: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const fields = readObject(object, "<root>", errors);
  if (!fields) return errors;
  errors.push(...validateObjectMeta(fields.metadata, "metadata", { requireName: true }));
  const revision = readInteger(fields.revision, "revision", errors);
  if (typeof revision === "number" && revision < 0)
    errors.push(invalid("revision", revision, "must be greater than or equal to 0"));
  if (fields.data === undefined || fields.data === null)
    errors.push({ type: "Required", path: "data", detail: "data is mandatory" });
  else if (!isRecord(fields.data))
    errors.push({ type: "Required", path: "data", detail: "data must be a valid JSON object" });
  else if (isSidecarSetRevision(fields)) errors.push(...validateSidecarSetPatch(fields.data));
  return errors;
}

function isSidecarSetRevision(fields: Record<string, unknown>): boolean {
  const meta = isRecord(fields.metadata) ? fields.metadata : {};
  return isRecord(meta.labels) && typeof meta.labels[kruiseRevisionLabels.sidecarSetName] === "string";
}

/**
 * Kruise restores a revision by applying `data` to the SidecarSet as a strategic-merge patch;
 * the patches it writes replace the spec whole (`$patch: replace`), which is what podvisor
 * applies. A hand-written patch that merges instead is refused rather than half-applied.
 */
function validateSidecarSetPatch(data: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const spec = readObject(data.spec, "data.spec", errors);
  if (spec === undefined) errors.push({ type: "Required", path: "data.spec" });
  if (!spec) return errors;
  const directive = readString(spec.$patch, "data.spec.$patch", errors);
  if (directive !== "replace" && directive !== null)
    errors.push({
      type: "NotSupported",
      path: "data.spec.$patch",
      value: directive ?? "",
      detail:
        'supported values: "replace" (podvisor restores a SidecarSet revision as Kruise writes it: a patch that replaces the spec)',
    });
  for (const field of sidecarSetRevisionFields) {
    for (const [i, item] of objectItems(spec[field], `data.spec.${field}`, errors))
      if (field !== "patchPodMetadata" && typeof item.name !== "string")
        errors.push({ type: "Required", path: `data.spec.${field}[${i}].name` });
  }
  return errors;
}
