/**
 * Where injected sidecars land (Kruise `mergeSidecarContainers`, `util.MergeVolumes`,
 * `mergeSidecarSecrets`): by name, in place when the pod already has one, else before or after
 * the pod's own.
 */
import type { FieldError, Fields } from "../api/index.js";
import { listOf, type BuiltSidecar } from "./build-sidecar-container.js";

export interface Placed {
  sidecar: BuiltSidecar;
  list: "initContainers" | "containers";
  before: boolean;
  sidecarSet: string;
  /** From the SidecarSet's initContainers: Kruise sorts these by name across all SidecarSets. */
  fromInit: boolean;
}

/**
 * Kruise `mergeSidecarContainers` for both lists: a sidecar whose name the list already has
 * replaces that container in place; the rest go before or after the pod's own, in order. A name
 * in the other list, or from two SidecarSets, is an error rather than an invalid pod.
 */
export function mergeIntoPod(spec: Fields, placed: readonly Placed[]): FieldError[] {
  const errors: FieldError[] = [];
  const lists = { initContainers: listOf(spec.initContainers), containers: listOf(spec.containers) };
  const seen = new Map<string, string>();
  for (const item of placed) {
    const other = item.list === "containers" ? "initContainers" : "containers";
    const clash = lists[other].findIndex((c) => c.name === item.sidecar.name);
    if (clash >= 0)
      errors.push({
        type: "Duplicate",
        path: `spec.${other}[${clash}].name`,
        value: item.sidecar.name,
        detail: `sidecarset/${item.sidecarSet} injects a container of this name into spec.${item.list}`,
      });
    const first = seen.get(item.sidecar.name);
    if (first !== undefined)
      errors.push({
        type: "Duplicate",
        path: `spec.${item.list}`,
        value: item.sidecar.name,
        detail: `injected by both sidecarset/${first} and sidecarset/${item.sidecarSet}`,
      });
    seen.set(item.sidecar.name, item.sidecarSet);
  }
  if (errors.length > 0) return errors;
  // Kruise sorts the init containers of all SidecarSets together by name (stably) before merging.
  const fromInit = placed.filter((p) => p.fromInit);
  fromInit.sort((a, b) => (a.sidecar.name < b.sidecar.name ? -1 : a.sidecar.name > b.sidecar.name ? 1 : 0));
  const ordered = [...fromInit, ...placed.filter((p) => !p.fromInit)];
  for (const listName of ["initContainers", "containers"] as const) {
    const items = ordered.filter((p) => p.list === listName);
    if (items.length === 0) continue;
    const origins = [...lists[listName]];
    const before: Fields[] = [];
    const after: Fields[] = [];
    for (const item of items) {
      const index = origins.findIndex((c) => c.name === item.sidecar.name);
      if (index >= 0) origins[index] = item.sidecar.container;
      else (item.before ? before : after).push(item.sidecar.container);
    }
    spec[listName] = [...before, ...origins, ...after];
  }
  return errors;
}

/** Kruise `MergeVolumes` / `mergeSidecarSecrets`: by name, the pod's first; secrets also dedupe the pod's own. */
export function mergeByName(original: Fields[], additional: Fields[], dedupeOriginal: boolean): Fields[] {
  const names = new Set<unknown>();
  const out: Fields[] = [];
  for (const item of original) {
    if (dedupeOriginal && names.has(item.name)) continue;
    names.add(item.name);
    out.push(item);
  }
  for (const item of additional) {
    if (names.has(item.name)) continue;
    names.add(item.name);
    out.push(item);
  }
  return out;
}
