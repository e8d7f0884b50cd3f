/**
 * The SidecarSet webhook's cluster-wide check (Kruise pkg/webhook/sidecarset/validating
 * `validateSidecarConflict`): a SidecarSet is refused when another SidecarSet whose selectors
 * overlap with its own (pod selector, and namespace selector when both have one) already has a
 * container of the same name (init containers against init containers, containers against
 * containers), a volume of the same name defined differently, or a patched pod annotation of the
 * same key where either overwrites. A canary's base is not another. The messages are Kruise's and
 * name the other SidecarSet; the caller names the one being admitted. Kruise runs this check only
 * on a SidecarSet that passed every other validation, and so does the caller.
 */
import { canonicalJson, canaryBaseOf } from "../sidecarset/index.js";
import { namespaceNameLabel } from "../sidecarset/index.js";
import {
  sidecarSetNamespaceScope,
  type FieldError,
  type LabelSelector,
  type SidecarSet,
} from "../api/index.js";
import { isSelectorOverlapping } from "./selector-overlap.js";

export function validateSidecarSetOverlap(sidecarSet: SidecarSet, all: readonly SidecarSet[]): FieldError[] {
  const name = sidecarSet.metadata.name ?? "";
  const base = canaryBaseOf(sidecarSet);
  // Kruise lists SidecarSets from the API, in name order; a later one wins a name's entry.
  const others = [...all]
    .filter((other) => other.metadata.name !== name && other.metadata.name !== base)
    .filter((other) => isOverlapping(sidecarSet, other))
    .sort((a, b) => compare(a.metadata.name ?? "", b.metadata.name ?? ""));
  const initContainers = new Map<string, string>();
  const containers = new Map<string, string>();
  const volumes = new Map<string, { owner: string; volume: unknown }>();
  const annotations = new Map<string, { owner: string; policy: string }>();
  for (const other of others) {
    const owner = other.metadata.name ?? "";
    for (const c of other.spec.initContainers ?? []) initContainers.set(c.name, owner);
    for (const c of other.spec.containers ?? []) containers.set(c.name, owner);
    for (const v of other.spec.volumes ?? []) volumes.set(v.name, { owner, volume: v });
    for (const patch of other.spec.patchPodMetadata ?? []) {
      if (patch.patchPolicy === "Retain") continue;
      for (const key of Object.keys(patch.annotations ?? {}))
        annotations.set(key, { owner, policy: patch.patchPolicy ?? "" });
    }
  }
  const errors: FieldError[] = [];
  const invalid = (path: string, value: string, detail: string) =>
    errors.push({ type: "Invalid", path, value, detail });
  // Kruise reports an init container under spec.containers too; its path is kept.
  for (const c of sidecarSet.spec.initContainers ?? []) {
    const other = initContainers.get(c.name);
    if (other !== undefined)
      invalid("spec.containers", c.name, `container ${c.name} already exist in ${other}`);
  }
  for (const c of sidecarSet.spec.containers ?? []) {
    const other = containers.get(c.name);
    if (other !== undefined)
      invalid("spec.containers", c.name, `container ${c.name} already exist in ${other}`);
  }
  for (const volume of sidecarSet.spec.volumes ?? []) {
    const other = volumes.get(volume.name);
    if (other !== undefined && canonicalJson(other.volume) !== canonicalJson(volume))
      invalid(
        "spec.volumes",
        volume.name,
        `volume ${volume.name} is in conflict with sidecarset ${other.owner}`,
      );
  }
  for (const patch of sidecarSet.spec.patchPodMetadata ?? []) {
    if (patch.patchPolicy === "Retain") continue;
    for (const key of Object.keys(patch.annotations ?? {})) {
      const other = annotations.get(key);
      if (other !== undefined && (patch.patchPolicy === "Overwrite" || other.policy === "Overwrite"))
        invalid(
          "spec.patchPodMetadata",
          key,
          `annotation ${key} is in conflict with sidecarset ${other.owner}`,
        );
    }
  }
  return errors;
}

/** Kruise `isSidecarSetNamespaceOverlapping` && `IsSelectorOverlapping` of the pod selectors. */
function isOverlapping(a: SidecarSet, b: SidecarSet): boolean {
  const [scopeA, scopeB] = [namespaceSelectorOf(a), namespaceSelectorOf(b)];
  if (scopeA !== undefined && scopeB !== undefined && !isSelectorOverlapping(scopeA, scopeB)) return false;
  return isSelectorOverlapping(a.spec.selector ?? {}, b.spec.selector ?? {});
}

/** A v1alpha1 `namespace` is the selector on the name label Kruise's conversion makes of it. */
function namespaceSelectorOf(sidecarSet: SidecarSet): LabelSelector | undefined {
  const scope = sidecarSetNamespaceScope(sidecarSet.spec);
  return scope.namespace !== undefined
    ? { matchLabels: { [namespaceNameLabel]: scope.namespace } }
    : scope.namespaceSelector;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
