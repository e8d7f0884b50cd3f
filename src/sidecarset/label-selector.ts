/**
 * metav1.LabelSelector matching (apimachinery `LabelSelectorAsSelector` + `Matches`): every
 * matchLabels pair and every matchExpressions requirement must hold. Expects a validated
 * selector. `isEmptySelector` is Kruise's `selector.Empty()`: a SidecarSet whose selector is
 * empty matches no pod (PodMatchedSidecarSet), while an empty namespaceSelector matches all.
 */
export interface LabelSelectorShape {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function isEmptySelector(selector: LabelSelectorShape): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
}

export function matchesLabelSelector(
  selector: LabelSelectorShape,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    switch (operator) {
      case "In":
        if (!has || value === undefined || !values.includes(value)) return false;
        break;
      case "NotIn":
        if (has && value !== undefined && values.includes(value)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

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
