/**
 * Label selectors as SidecarSets use them. Matching is api/'s metav1.LabelSelector matching
 * (apimachinery `LabelSelectorAsSelector` + `Matches`); `isEmptySelector` is Kruise's
 * `selector.Empty()`: a SidecarSet whose selector is empty matches no pod (PodMatchedSidecarSet),
 * while an empty namespaceSelector matches all. What is here is only how kubectl prints one.
 */
import type { LabelSelector } from "../api/index.js";

/** The selector shape SidecarSets use: metav1.LabelSelector (api/types.ts). */
export type LabelSelectorShape = LabelSelector;
export { isEmptyLabelSelector as isEmptySelector, matchesLabelSelector } from "../api/index.js";

/** `app=web,tier in (a,b)`: how kubectl prints a selector, for explanations. */
export function formatLabelSelector(selector: LabelSelectorShape): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    if (operator === "Exists") parts.push(key);
    else if (operator === "DoesNotExist") parts.push(`!${key}`);
    else parts.push(`${key} ${operator === "In" ? "in" : "notin"} (${values.join(",")})`);
  }
  return parts.join(",");
}
