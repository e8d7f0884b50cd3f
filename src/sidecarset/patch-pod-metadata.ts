/**
 * `spec.patchPodMetadata` (Kruise `PatchPodMetadata`, sidecarcontrol/util.go): Retain adds an
 * annotation the pod lacks, Overwrite sets it, MergePatchJson merges the JSON value into the
 * pod's (RFC 7386, as evanphx/json-patch `MergePatch`). Returns the new annotations or the key
 * whose value is not JSON.
 */
import type { SidecarSetPatchPodMetadata } from "../api/sidecarset/index.js";

export function patchPodAnnotations(
  annotations: Readonly<Record<string, string>>,
  patches: readonly SidecarSetPatchPodMetadata[],
): { annotations: Record<string, string> } | { invalidKey: string; detail: string } {
  const out = { ...annotations };
  for (const patch of patches) {
    for (const [key, value] of Object.entries(patch.annotations ?? {})) {
      switch (patch.patchPolicy ?? "Retain") {
        case "Retain":
          if (!Object.hasOwn(out, key)) out[key] = value;
          break;
        case "Overwrite":
          out[key] = value;
          break;
        case "MergePatchJson": {
          const origin = out[key];
          if (origin === undefined || origin === "") {
            out[key] = value;
            break;
          }
          try {
            out[key] = JSON.stringify(mergePatch(JSON.parse(origin), JSON.parse(value)));
          } catch (error) {
            return {
              invalidKey: key,
              detail: `MergePatchJson: ${error instanceof Error ? error.message : String(error)}`,
            };
          }
          break;
        }
      }
    }
  }
  return { annotations: out };
}

/** RFC 7386 JSON Merge Patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
