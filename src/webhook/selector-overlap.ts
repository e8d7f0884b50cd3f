/**
 * Whether two label selectors may select a common object, as Kruise decides it when it admits a
 * SidecarSet (pkg/util/selector.go `IsSelectorOverlapping`): they overlap unless one is disjoint
 * from the other in either direction. Disjoint is judged from the first selector's `matchLabels`,
 * `In` and `Exists` terms against the second's terms on the same key; `NotIn` and `DoesNotExist`
 * in the first, and keys only one side names, never make them disjoint. A heuristic, Kruise's own.
 */
import type { LabelSelector } from "../api/index.js";

export function isSelectorOverlapping(a: LabelSelector, b: LabelSelector): boolean {
  return !(isDisjoint(a, b) || isDisjoint(b, a));
}

/** A key's allowed values by `a`; `"ALL"` for Exists (Kruise's marker, kept verbatim). */
function allowedValues(selector: LabelSelector): Map<string, string[]> {
  const allowed = new Map<string, string[]>();
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) allowed.set(key, [value]);
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    if (operator === "In") allowed.set(key, [...(allowed.get(key) ?? []), ...values]);
    else if (operator === "Exists") allowed.set(key, ["ALL"]);
  }
  return allowed;
}

function isDisjoint(a: LabelSelector, b: LabelSelector): boolean {
  const allowed = allowedValues(a);
  for (const [key, value] of Object.entries(b.matchLabels ?? {})) {
    const values = allowed.get(key);
    if (values !== undefined && !values.includes("ALL") && !values.includes(value)) return true;
  }
  for (const { key, operator, values: theirs = [] } of b.matchExpressions ?? []) {
    const values = allowed.get(key);
    switch (operator) {
      case "In":
        if (values !== undefined && !values.includes("ALL") && !values.some((v) => theirs.includes(v)))
          return true;
        break;
      case "NotIn":
        // Kruise `sliceContains(req.Values, values)`: every value `a` allows is excluded.
        if (values !== undefined && values.every((v) => theirs.includes(v))) return true;
        break;
      case "Exists":
        if (values === undefined) return true;
        break;
      case "DoesNotExist":
        if (values !== undefined) return true;
        break;
    }
  }
  return false;
}
