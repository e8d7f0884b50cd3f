/**
 * Canary SidecarSets (Kruise 1.9, apis/apps/v1beta1/sidecarset_types.go): a SidecarSet annotated
 * `apps.kruise.io/sidecarset-canary: "true"` (exactly) with `apps.kruise.io/sidecarset-base:
 * <name>` is the canary of that base. In every pod the canary is injected into, the base is not
 * (`sidecarsetMutatingPod`), and the two may share container names, since the conflict check
 * ignores the base (`validateSidecarConflict`). Kruise's SidecarSet webhook refuses a canary whose
 * base is itself, missing or a canary too, and one that is not `updateStrategy.type: NotUpdate`
 * (`validateSidecarSetCanaryAnnotations`); offline "exists" means "is in the input".
 */
import type { FieldError } from "../api/index.js";
import { kruiseAnnotations } from "../api/index.js";
import { isRecord, type Fields } from "../api/index.js";

/** Kruise `IsCanarySidecarSet`: the base's name, or undefined for a SidecarSet that is no canary. */
export function canaryBaseOf(sidecarSet: { metadata?: unknown }): string | undefined {
  const meta = isRecord(sidecarSet.metadata) ? sidecarSet.metadata : {};
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const base = annotations[kruiseAnnotations.sidecarSetBase];
  return annotations[kruiseAnnotations.sidecarSetCanary] === "true" && typeof base === "string" && base !== ""
    ? base
    : undefined;
}

/** Kruise's checks of a canary against the SidecarSets of the input (all of them, as decoded). */
export function validateCanarySidecarSet(sidecarSet: Fields, all: readonly Fields[]): FieldError[] {
  const base = canaryBaseOf(sidecarSet);
  if (base === undefined) return [];
  const meta = isRecord(sidecarSet.metadata) ? sidecarSet.metadata : {};
  const path = `metadata.annotations[${kruiseAnnotations.sidecarSetBase}]`;
  const errors: FieldError[] = [];
  const found = all.find((other) => isRecord(other.metadata) && other.metadata.name === base);
  if (base === meta.name)
    errors.push({ type: "Invalid", path, value: base, detail: "base sidecarSet cannot be itself" });
  else if (!found)
    errors.push({
      type: "Invalid",
      path,
      value: base,
      detail: `fetch base sidecarSet[${base}] failed: sidecarsets.apps.kruise.io "${base}" not found (put the base SidecarSet in the input)`,
    });
  else if (canaryBaseOf(found) !== undefined)
    errors.push({ type: "Invalid", path, value: base, detail: "base sidecarSet cannot be canary" });
  const spec = isRecord(sidecarSet.spec) ? sidecarSet.spec : {};
  const strategy = isRecord(spec.updateStrategy) ? spec.updateStrategy : {};
  if (strategy.type !== "NotUpdate")
    errors.push({
      type: "Invalid",
      path: "spec.updateStrategy.type",
      value: strategy.type,
      detail: "RollingUpdate is not supported for canary sidecarSet (set updateStrategy.type: NotUpdate)",
    });
  return errors;
}
