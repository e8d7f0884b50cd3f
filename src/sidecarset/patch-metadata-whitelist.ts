/**
 * The `patchPodMetadata` whitelist, as Kruise's SidecarSet webhook checks it on create and update
 * (`ValidateSidecarSetPatchMetadataWhitelist`, pkg/control/sidecarcontrol/util.go; the whitelist
 * from `GetSidecarSetPatchMetadataWhiteList`, pkg/util/configuration): the ConfigMap
 * `kruise-configuration` in Kruise's namespace (`kruise-system`), key
 * `SidecarSet_PatchPodMetadata_WhiteList`, JSON `{"rules": [{"selector": LabelSelector,
 * "allowedAnnotationKeyExprs": [regexp, ...]}]}`. A rule applies to the SidecarSets its selector
 * matches by their own labels (every SidecarSet without a selector); every key a SidecarSet patches
 * must match one allowed expression of the rules that apply (unanchored, as Go's `MatchString`).
 * Without the ConfigMap or the key, or with no rule applying, Kruise refuses every SidecarSet that
 * patches pod metadata (the `SidecarSetPatchPodMetadataDefaultsAllowed` feature gate, off by
 * default, would allow them): podvisor does the same, offline, with the ConfigMap from its input.
 */
import {
  type FieldError,
  isRecord,
  type Fields,
  kruiseNamespace,
  validateLabelSelector,
  compileGoRegexp,
} from "../api/index.js";
import { matchesLabelSelector, type LabelSelectorShape } from "./label-selector.js";

export const kruiseConfiguration = {
  namespace: kruiseNamespace,
  name: "kruise-configuration",
  patchMetadataWhitelistKey: "SidecarSet_PatchPodMetadata_WhiteList",
} as const;

const where = `ConfigMap ${kruiseConfiguration.namespace}/${kruiseConfiguration.name}`;

/**
 * The whitelist's JSON text from the input's `kruise-system/kruise-configuration` ConfigMap;
 * undefined when there is no such ConfigMap or it lacks the key (Kruise: "not found").
 */
export function findPatchMetadataWhitelist(
  objects: readonly { apiVersion: string; kind: string; object: Fields }[],
): string | undefined {
  for (const { apiVersion, kind, object } of objects) {
    if (apiVersion !== "v1" || kind !== "ConfigMap" || !isRecord(object.metadata)) continue;
    const { name, namespace } = object.metadata;
    if (name !== kruiseConfiguration.name || namespace !== kruiseConfiguration.namespace) continue;
    const value = isRecord(object.data)
      ? object.data[kruiseConfiguration.patchMetadataWhitelistKey]
      : undefined;
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

/**
 * Kruise's check of one (defaulted, otherwise valid) SidecarSet against the whitelist text.
 * Errors are on `spec.patchPodMetadata` (Kruise's path) or on the annotation a patch names.
 */
export function validatePatchMetadataWhitelist(
  sidecarSet: Fields,
  whitelistText: string | undefined,
): FieldError[] {
  const spec = isRecord(sidecarSet.spec) ? sidecarSet.spec : {};
  const patches = Array.isArray(spec.patchPodMetadata) ? spec.patchPodMetadata : [];
  if (patches.length === 0) return [];
  const path = "spec.patchPodMetadata";
  if (whitelistText === undefined)
    return [
      {
        type: "Required",
        path,
        detail: `SidecarSet patch metadata whitelist not found: Kruise allows patching pod annotations only with a whitelist in ${where}, key ${kruiseConfiguration.patchMetadataWhitelistKey}; put that ConfigMap in the input (docs/sidecarsets.md)`,
      },
    ];
  const parsed = parseWhitelist(whitelistText);
  if (typeof parsed === "string")
    return [
      {
        type: "Invalid",
        path,
        value: kruiseConfiguration.patchMetadataWhitelistKey,
        detail: `${where}: ${parsed}`,
      },
    ];

  const meta = isRecord(sidecarSet.metadata) ? sidecarSet.metadata : {};
  const labels: Record<string, string> = {};
  if (isRecord(meta.labels))
    for (const [key, value] of Object.entries(meta.labels))
      if (typeof value === "string") labels[key] = value;
  const allowed: RegExp[] = [];
  for (const [i, rule] of parsed.entries()) {
    if (rule.selector !== undefined) {
      const problems = validateLabelSelector(rule.selector as Fields, `rules[${i}].selector`);
      if (problems.length > 0)
        return [
          {
            type: "Invalid",
            path,
            value: kruiseConfiguration.patchMetadataWhitelistKey,
            detail:
              `${where}: rules[${i}].selector is not a valid label selector: ${problems[0]?.path ?? ""} ${problems[0]?.detail ?? ""}`.trim(),
          },
        ];
      if (!matchesLabelSelector(rule.selector, labels)) continue;
    }
    for (const expr of rule.allowedAnnotationKeyExprs) {
      const regexp = compileGoRegexp(expr);
      if (typeof regexp === "string")
        return [
          {
            type: "Invalid",
            path,
            value: kruiseConfiguration.patchMetadataWhitelistKey,
            detail: `${where}: allowedAnnotationKeyExprs ${JSON.stringify(expr)}: ${regexp}`,
          },
        ];
      allowed.push(regexp);
    }
  }
  if (allowed.length === 0)
    return [
      {
        type: "Forbidden",
        path,
        detail: `sidecarSet patch metadata annotation is not allowed: no rule of the whitelist in ${where} applies to this SidecarSet (a rule's selector matches the SidecarSet's own labels)`,
      },
    ];
  const errors: FieldError[] = [];
  patches.forEach((patch: unknown, i) => {
    const annotations = isRecord(patch) && isRecord(patch.annotations) ? patch.annotations : {};
    for (const key of Object.keys(annotations))
      if (!allowed.some((regexp) => regexp.test(key)))
        errors.push({
          type: "Forbidden",
          path: `${path}[${i}].annotations[${key}]`,
          detail: `sidecarSet patch metadata annotation(${key}) is not allowed by the whitelist in ${where}`,
        });
  });
  return errors;
}

interface WhitelistRule {
  selector: LabelSelectorShape | undefined;
  allowedAnnotationKeyExprs: string[];
}

/** Go `json.Unmarshal` into `SidecarSetPatchMetadataWhiteList`: unknown fields ignored, null allowed. */
function parseWhitelist(text: string): WhitelistRule[] | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `${kruiseConfiguration.patchMetadataWhitelistKey} is not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (value === null) return [];
  if (!isRecord(value)) return `${kruiseConfiguration.patchMetadataWhitelistKey} must be a JSON object`;
  if (value.rules === undefined || value.rules === null) return [];
  if (!Array.isArray(value.rules)) return "rules must be an array";
  const rules: WhitelistRule[] = [];
  for (const [i, rule] of value.rules.entries()) {
    if (rule === null) {
      rules.push({ selector: undefined, allowedAnnotationKeyExprs: [] });
      continue;
    }
    if (!isRecord(rule)) return `rules[${i}] must be an object`;
    const selector = rule.selector;
    if (selector !== undefined && selector !== null && !isRecord(selector))
      return `rules[${i}].selector must be a label selector`;
    const exprs = rule.allowedAnnotationKeyExprs;
    if (
      exprs !== undefined &&
      exprs !== null &&
      !(Array.isArray(exprs) && exprs.every((e) => typeof e === "string"))
    )
      return `rules[${i}].allowedAnnotationKeyExprs must be an array of strings`;
    rules.push({
      selector: isRecord(selector) ? selector : undefined,
      allowedAnnotationKeyExprs: Array.isArray(exprs) ? exprs : [],
    });
  }
  return rules;
}
