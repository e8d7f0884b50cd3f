/**
 * Conflicts between SidecarSets that select the same pod, as Kruise's validating webhook refuses
 * them when the second one is created (`validateSidecarConflict`): a container or init container
 * name in both, a volume of one name defined differently, an annotation patched by both where
 * either overwrites. Offline there is no creation order, so podvisor reports them on the pod they
 * meet in, naming both SidecarSets, and injects neither.
 */
import type { FieldError } from "../api/index.js";
import type { SidecarSet } from "../api/sidecarset/index.js";
import { isEqual } from "./json-patch.js";

export function checkSidecarSetConflicts(sidecarSets: readonly SidecarSet[]): FieldError[] {
  const errors: FieldError[] = [];
  const containers = new Map<string, string>();
  const volumes = new Map<string, { owner: string; volume: unknown }>();
  const annotations = new Map<string, { owner: string; policy: string }>();
  for (const sidecarSet of sidecarSets) {
    const name = sidecarSet.metadata.name ?? "";
    const spec = sidecarSet.spec;
    const own = [
      ...(spec.initContainers ?? []).map((c, i) => [c.name, `spec.initContainers[${i}].name`] as const),
      ...(spec.containers ?? []).map((c, i) => [c.name, `spec.containers[${i}].name`] as const),
    ];
    for (const [container, path] of own) {
      const other = containers.get(container);
      if (other !== undefined)
        errors.push({
          type: "Duplicate",
          path: `sidecarset/${name}: ${path}`,
          value: container,
          detail: `container ${container} already exist in sidecarset/${other}, which selects this pod too`,
        });
      else containers.set(container, name);
    }
    (spec.volumes ?? []).forEach((volume, i) => {
      const other = volumes.get(volume.name);
      if (other === undefined) volumes.set(volume.name, { owner: name, volume });
      else if (!isEqual(other.volume, volume))
        errors.push({
          type: "Invalid",
          path: `sidecarset/${name}: spec.volumes[${i}]`,
          value: volume.name,
          detail: `volume ${volume.name} is in conflict with sidecarset/${other.owner}, which selects this pod too`,
        });
    });
    (spec.patchPodMetadata ?? []).forEach((patch, i) => {
      const policy = patch.patchPolicy ?? "Retain";
      if (policy === "Retain") return;
      for (const key of Object.keys(patch.annotations ?? {})) {
        const other = annotations.get(key);
        if (other === undefined) annotations.set(key, { owner: name, policy });
        else if (policy === "Overwrite" || other.policy === "Overwrite")
          errors.push({
            type: "Invalid",
            path: `sidecarset/${name}: spec.patchPodMetadata[${i}].annotations`,
            value: key,
            detail: `annotation ${key} is in conflict with sidecarset/${other.owner}, which selects this pod too`,
          });
      }
    });
  }
  return errors;
}
