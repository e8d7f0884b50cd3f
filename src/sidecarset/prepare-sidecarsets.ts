/**
 * What injection needs from a set of manifests, prepared once for `run` (admission/) and
 * `inject` (cli/) alike: each SidecarSet defaulted and validated as Kruise's webhook would admit
 * it (against what the input holds for Kruise's cluster-side checks: the kruise-configuration
 * ConfigMap's patch-metadata whitelist, canary bases, pinned ControllerRevisions), and each
 * Namespace's labels with `kubernetes.io/metadata.name` added, as the API server sets it.
 */
import {
  defaultSidecarSet,
  isRecord,
  sidecarSetKinds,
  validateSidecarSet,
  type DefaultingContext,
  type FieldError,
  type Fields,
  type SidecarSet,
} from "../api/index.js";
import { namespaceNameLabel } from "./match-sidecarset.js";
import {
  readSidecarSetInput,
  validateSidecarSetInInput,
  type SidecarSetInput,
} from "./validate-sidecarset-input.js";

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  object: Fields;
}

export interface PreparedSidecarSets {
  /** The valid SidecarSets, defaulted, in input order. */
  sidecarSets: SidecarSet[];
  /** For each SidecarSet object of the input: its defaulted copy and every problem with it. */
  admitted: Map<Fields, { copy: Fields; errors: FieldError[] }>;
  /** Namespace name → its labels, `kubernetes.io/metadata.name` included. */
  namespaceLabels: Map<string, Record<string, string>>;
  /** What the input holds for the cluster-side checks: whitelist, canary bases, ControllerRevisions. */
  input: SidecarSetInput;
}

export function isSidecarSetKind(apiVersion: string, kind: string): boolean {
  return sidecarSetKinds.some((ref) => ref.apiVersion === apiVersion && ref.kind === kind);
}

/** Defaults and validates the SidecarSets of `objects` and reads their Namespaces' labels. */
export function prepareSidecarSets(
  objects: readonly ManifestObject[],
  context: DefaultingContext,
): PreparedSidecarSets {
  const input = readSidecarSetInput(objects);
  const prepared: PreparedSidecarSets = {
    sidecarSets: [],
    admitted: new Map(),
    namespaceLabels: new Map(),
    input,
  };
  for (const { apiVersion, kind, object } of objects) {
    if (isSidecarSetKind(apiVersion, kind)) {
      const copy = structuredClone(object);
      defaultSidecarSet(copy, context);
      const errors = [...validateSidecarSet(copy), ...validateSidecarSetInInput(copy, input)];
      prepared.admitted.set(object, { copy, errors });
      // Validated: the copy now has the shape its type describes.
      if (errors.length === 0) prepared.sidecarSets.push(copy as unknown as SidecarSet);
    } else if (kind === "Namespace" && apiVersion === "v1" && isRecord(object.metadata)) {
      const name = object.metadata.name;
      if (typeof name !== "string") continue;
      prepared.namespaceLabels.set(name, {
        ...stringLabels(object.metadata.labels),
        [namespaceNameLabel]: name,
      });
    }
  }
  return prepared;
}

function stringLabels(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (isRecord(value))
    for (const [key, item] of Object.entries(value)) if (typeof item === "string") labels[key] = item;
  return labels;
}
