/**
 * `updateStrategy.priorityStrategy` and `scatterStrategy` of a RollingUpdate SidecarSet, as
 * Kruise's SidecarSet webhook checks them (`UpdatePriorityStrategy.FieldsValidation`,
 * apis/apps/pub/update_priority.go; `UpdateScatterStrategy.FieldsValidation`,
 * apis/apps/v1beta1/scatter_strategy.go). Kruise stops at the first problem of each and reports
 * it as Required on the strategy's path; so does podvisor.
 */
import type { FieldError } from "../field-error.js";
import { isRecord, type Fields } from "../validation/shape.js";
import { validateLabelSelector } from "./validate-label-selector.js";

export function validateUpdateOrder(strategy: Fields, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const priority = priorityProblem(strategy.priorityStrategy);
  if (priority) errors.push({ type: "Required", path: `${path}.priorityStrategy`, detail: priority });
  const scatter = scatterProblem(strategy.scatterStrategy);
  if (scatter) errors.push({ type: "Required", path: `${path}.scatterStrategy`, detail: scatter });
  return errors;
}

function priorityProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) return "must be an object";
  const weights = Array.isArray(value.weightPriority) ? value.weightPriority : [];
  const orders = Array.isArray(value.orderPriority) ? value.orderPriority : [];
  if (weights.length > 0 && orders.length > 0)
    return "only one of weightPriority and orderPriority can be used";
  for (const term of weights) {
    const weight = isRecord(term) ? term.weight : undefined;
    if (typeof weight !== "number" || weight < 0 || weight > 100)
      return "weight must be valid number in the range 1-100";
    const selector = isRecord(term) ? term.matchSelector : undefined;
    if (!isRecord(selector) || Object.keys(selector).every((k) => isEmpty(selector[k])))
      return "selector can not be empty";
    const invalid = validateLabelSelector(selector, "matchSelector")[0];
    if (invalid) return `invalid selector ${invalid.detail ?? ""}`;
  }
  for (const term of orders)
    if (!isRecord(term) || typeof term.orderedKey !== "string" || term.orderedKey === "")
      return "order key can not be empty";
  return undefined;
}

function scatterProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return "must be an array";
  const seen = new Set<string>();
  for (const term of value) {
    const key = isRecord(term) && typeof term.key === "string" ? term.key : "";
    const termValue = isRecord(term) && typeof term.value === "string" ? term.value : "";
    if (key === "") return "key should not be empty";
    const id = `${key}:${termValue}`;
    if (seen.has(id)) return `duplicated key=${key} value=${termValue}`;
    seen.add(id);
  }
  return undefined;
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.keys(value).length === 0;
  return value === undefined || value === null;
}
