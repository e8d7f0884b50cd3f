/**
 * Job validation, after upstream `ValidateJob` / `validateJobSpec` and the Job strategy's
 * `validateGeneratedSelector` (pkg/apis/batch/validation/validation.go). Expects a defaulted Job.
 */
import type { FieldError } from "../field-error.js";
import { validateObjectMeta } from "./object-meta.js";
import { validatePod } from "./pod.js";
import { invalid, isRecord, readBoolean, readInteger, readObject } from "./shape.js";

export const controllerUidLabel = "batch.kubernetes.io/controller-uid";

export function validateJob(job: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const fields = readObject(job, "<root>", errors);
  if (!fields) return errors;
  errors.push(...validateObjectMeta(fields.metadata, "metadata", { requireName: true }));
  const spec = readObject(fields.spec, "spec", errors);
  if (spec === null) return errors;
  if (spec === undefined) return [...errors, { type: "Required", path: "spec.template.spec.containers" }];

  for (const field of [
    "parallelism",
    "completions",
    "activeDeadlineSeconds",
    "backoffLimit",
    "ttlSecondsAfterFinished",
  ]) {
    const value = readInteger(spec[field], `spec.${field}`, errors);
    if (typeof value === "number" && value < 0)
      errors.push(invalid(`spec.${field}`, value, "must be greater than or equal to 0"));
  }
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== "NonIndexed" && mode !== "Indexed") {
    errors.push({
      type: "NotSupported",
      path: "spec.completionMode",
      value: mode,
      detail: 'supported values: "NonIndexed", "Indexed"',
    });
  }
  if (mode === "Indexed" && (spec.completions === undefined || spec.completions === null)) {
    errors.push({ type: "Required", path: "spec.completions", detail: "when completion mode is Indexed" });
  }
  readBoolean(spec.suspend, "spec.suspend", errors);
  const manualSelector = readBoolean(spec.manualSelector, "spec.manualSelector", errors);

  errors.push(...validatePod(spec.template ?? {}, "spec.template"));
  errors.push(...validateSelector(fields, spec, manualSelector === true));

  const template = isRecord(spec.template) ? spec.template : {};
  const restartPolicy = isRecord(template.spec) ? template.spec.restartPolicy : undefined;
  const path = "spec.template.spec.restartPolicy";
  // Always is what pod defaulting would have produced, so upstream reports it as missing too.
  if (restartPolicy === undefined || restartPolicy === "" || restartPolicy === "Always") {
    errors.push({ type: "Required", path, detail: 'valid values: "OnFailure", "Never"' });
  } else if (restartPolicy !== "OnFailure" && restartPolicy !== "Never") {
    errors.push({
      type: "NotSupported",
      path,
      value: restartPolicy,
      detail: 'supported values: "OnFailure", "Never"',
    });
  }
  return errors;
}

function validateSelector(
  job: Record<string, unknown>,
  spec: Record<string, unknown>,
  manual: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const selector = readObject(spec.selector, "spec.selector", errors);
  if (selector === null) return errors;
  if (selector === undefined) return [{ type: "Required", path: "spec.selector" }];
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  const template = isRecord(spec.template) ? spec.template : {};
  const labels =
    isRecord(template.metadata) && isRecord(template.metadata.labels) ? template.metadata.labels : {};
  if (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0) {
    errors.push(
      invalid(
        "spec.selector.matchExpressions",
        selector.matchExpressions,
        "not supported by podvisor; use matchLabels",
      ),
    );
  }
  if (Object.entries(matchLabels).some(([key, value]) => labels[key] !== value)) {
    errors.push(
      invalid("spec.template.metadata.labels", labels, "`selector` does not match template `labels`"),
    );
  }
  if (!manual) {
    const uid = isRecord(job.metadata) ? job.metadata.uid : undefined;
    const keys = Object.keys(matchLabels);
    if (keys.length !== 1 || matchLabels[controllerUidLabel] !== uid)
      errors.push(invalid("spec.selector", selector, "`selector` not auto-generated"));
  }
  return errors;
}
