/**
 * metav1.LabelSelector validation (apimachinery `ValidateLabelSelector`): label keys and values,
 * operators, and values required for In/NotIn and forbidden for Exists/DoesNotExist.
 */
import type { FieldError } from "../field-error.js";
import { isQualifiedName, isValidLabelValue } from "../validation/names.js";
import { checkStringArray, checkStringMap, invalid, objectItems, readString } from "../validation/shape.js";

const operators = ["In", "NotIn", "Exists", "DoesNotExist"];

export function validateLabelSelector(selector: Record<string, unknown>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const matchLabels = checkStringMap(selector.matchLabels, `${path}.matchLabels`, errors) ?? {};
  for (const [key, value] of Object.entries(matchLabels)) {
    for (const msg of isQualifiedName(key)) errors.push(invalid(`${path}.matchLabels`, key, msg));
    for (const msg of isValidLabelValue(value)) errors.push(invalid(`${path}.matchLabels`, value, msg));
  }
  for (const [i, requirement] of objectItems(selector.matchExpressions, `${path}.matchExpressions`, errors)) {
    const itemPath = `${path}.matchExpressions[${i}]`;
    const key = readString(requirement.key, `${itemPath}.key`, errors);
    if (typeof key === "string")
      for (const msg of isQualifiedName(key)) errors.push(invalid(`${itemPath}.key`, key, msg));
    const operator = readString(requirement.operator, `${itemPath}.operator`, errors);
    const values = checkStringArray(requirement.values, `${itemPath}.values`, errors) ?? [];
    if (typeof operator !== "string") {
      if (operator === undefined) errors.push({ type: "Required", path: `${itemPath}.operator` });
      continue;
    }
    if (!operators.includes(operator)) {
      errors.push({
        type: "NotSupported",
        path: `${itemPath}.operator`,
        value: operator,
        detail: `supported values: ${operators.map((o) => JSON.stringify(o)).join(", ")}`,
      });
    } else if ((operator === "In" || operator === "NotIn") && values.length === 0) {
      errors.push({
        type: "Required",
        path: `${itemPath}.values`,
        detail: "must be specified when `operator` is 'In' or 'NotIn'",
      });
    } else if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
      errors.push({
        type: "Forbidden",
        path: `${itemPath}.values`,
        detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      });
    }
    for (const value of values)
      for (const msg of isValidLabelValue(value)) errors.push(invalid(`${itemPath}.values`, value, msg));
  }
  return errors;
}
