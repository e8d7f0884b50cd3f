/**
 * Validation of the workload kinds podvisor runs, after upstream ValidateDeployment,
 * ValidateReplicaSet, ValidateStatefulSet, ValidateDaemonSet (pkg/apis/apps/validation),
 * ValidateReplicationController (pkg/apis/core/validation) and ValidateCronJob
 * (pkg/apis/batch/validation): the name, counts, a selector that selects the template's labels,
 * a pod template whose restartPolicy is Always (OnFailure/Never for a CronJob's Jobs). Expects a
 * defaulted object.
 */
import { parseCronSchedule } from "../cron-schedule.js";
import type { FieldError } from "../field-error.js";
import { isEmptyLabelSelector, matchesLabelSelector } from "../label-selector.js";
import type { LabelSelector } from "../types.js";
import { validateObjectMeta } from "./object-meta.js";
import { validatePod } from "./pod.js";
import { invalid, isRecord, readInteger, readObject, readString, type Fields } from "./shape.js";

const COUNT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["replicas", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds"],
  ReplicaSet: ["replicas", "minReadySeconds"],
  ReplicationController: ["replicas", "minReadySeconds"],
  StatefulSet: ["replicas", "minReadySeconds", "revisionHistoryLimit"],
  DaemonSet: ["minReadySeconds", "revisionHistoryLimit"],
  CronJob: ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"],
};

export function validateWorkload(kind: string, object: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const fields = readObject(object, "<root>", errors);
  if (!fields) return errors;
  errors.push(...validateObjectMeta(fields.metadata, "metadata", { requireName: true }));
  const spec = readObject(fields.spec, "spec", errors);
  if (spec === null) return errors;
  if (spec === undefined) return [...errors, { type: "Required", path: "spec" }];
  for (const field of COUNT_FIELDS[kind] ?? []) {
    const value = readInteger(spec[field], `spec.${field}`, errors);
    if (typeof value === "number" && value < 0)
      errors.push(invalid(`spec.${field}`, value, "must be greater than or equal to 0"));
  }
  if (kind === "CronJob") return [...errors, ...validateCronJobSpec(spec)];
  errors.push(...validatePod(spec.template ?? {}, "spec.template"));
  errors.push(...validateTemplateRestartPolicy(spec.template));
  errors.push(...validateSelector(kind, spec));
  if (kind === "StatefulSet") errors.push(...validateStatefulSetSpec(spec));
  return errors;
}

function validateTemplateRestartPolicy(template: unknown): FieldError[] {
  const policy = isRecord(template) && isRecord(template.spec) ? template.spec.restartPolicy : undefined;
  if (policy === undefined || policy === "Always") return [];
  return [
    {
      type: "NotSupported",
      path: "spec.template.spec.restartPolicy",
      value: policy,
      detail: 'supported values: "Always"',
    },
  ];
}

function validateSelector(kind: string, spec: Fields): FieldError[] {
  const template = isRecord(spec.template) ? spec.template : {};
  const labels = (
    isRecord(template.metadata) && isRecord(template.metadata.labels) ? template.metadata.labels : {}
  ) as Record<string, string>;
  let selector: LabelSelector;
  if (kind === "ReplicationController") {
    if (!isRecord(spec.selector) || Object.keys(spec.selector).length === 0)
      return [{ type: "Required", path: "spec.selector" }];
    selector = { matchLabels: spec.selector as Record<string, string> };
  } else {
    if (!isRecord(spec.selector)) return [{ type: "Required", path: "spec.selector" }];
    selector = spec.selector;
    if (isEmptyLabelSelector(selector))
      return [invalid("spec.selector", spec.selector, "empty selector is invalid for deployment")];
  }
  if (!matchesLabelSelector(selector, labels))
    return [invalid("spec.template.metadata.labels", labels, "`selector` does not match template `labels`")];
  return [];
}

function validateStatefulSetSpec(spec: Fields): FieldError[] {
  const errors: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (policy !== "OrderedReady" && policy !== "Parallel")
    errors.push({
      type: "NotSupported",
      path: "spec.podManagementPolicy",
      value: policy,
      detail: 'supported values: "OrderedReady", "Parallel"',
    });
  if (isRecord(spec.ordinals)) {
    const start = readInteger(spec.ordinals.start, "spec.ordinals.start", errors);
    if (typeof start === "number" && start < 0)
      errors.push(invalid("spec.ordinals.start", start, "must be greater than or equal to 0"));
  }
  if (Array.isArray(spec.volumeClaimTemplates))
    spec.volumeClaimTemplates.forEach((claim: unknown, index) => {
      const name = isRecord(claim) && isRecord(claim.metadata) ? claim.metadata.name : undefined;
      if (typeof name !== "string" || name === "")
        errors.push({ type: "Required", path: `spec.volumeClaimTemplates[${index}].metadata.name` });
    });
  return errors;
}

function validateCronJobSpec(spec: Fields): FieldError[] {
  const errors: FieldError[] = [];
  const schedule = readString(spec.schedule, "spec.schedule", errors);
  if (schedule === undefined || schedule === "") errors.push({ type: "Required", path: "spec.schedule" });
  else if (typeof schedule === "string") {
    const parsed = parseCronSchedule(schedule);
    if (!parsed.ok) errors.push(invalid("spec.schedule", schedule, parsed.error));
    if (schedule.includes("TZ"))
      errors.push(
        invalid(
          "spec.schedule",
          schedule,
          "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        ),
      );
  }
  const timeZone = readString(spec.timeZone, "spec.timeZone", errors);
  if (typeof timeZone === "string") errors.push(...validateTimeZone(timeZone));
  const policy = spec.concurrencyPolicy;
  if (policy !== "Allow" && policy !== "Forbid" && policy !== "Replace")
    errors.push({
      type: "NotSupported",
      path: "spec.concurrencyPolicy",
      value: policy,
      detail: 'supported values: "Allow", "Forbid", "Replace"',
    });
  const jobTemplate = isRecord(spec.jobTemplate) ? spec.jobTemplate : undefined;
  const jobSpec = jobTemplate && isRecord(jobTemplate.spec) ? jobTemplate.spec : undefined;
  if (!jobSpec) return [...errors, { type: "Required", path: "spec.jobTemplate.spec.template" }];
  errors.push(...validatePod(jobSpec.template ?? {}, "spec.jobTemplate.spec.template"));
  const template = isRecord(jobSpec.template) ? jobSpec.template : {};
  const restartPolicy = isRecord(template.spec) ? template.spec.restartPolicy : undefined;
  if (restartPolicy !== "OnFailure" && restartPolicy !== "Never")
    errors.push(
      restartPolicy === undefined || restartPolicy === "Always"
        ? {
            type: "Required",
            path: "spec.jobTemplate.spec.template.spec.restartPolicy",
            detail: 'valid values: "OnFailure", "Never"',
          }
        : {
            type: "NotSupported",
            path: "spec.jobTemplate.spec.template.spec.restartPolicy",
            value: restartPolicy,
            detail: 'supported values: "OnFailure", "Never"',
          },
    );
  return errors;
}

/** batch validation `validateTimeZone`: IANA name rules, not "Local", and a zone the runtime knows. */
function validateTimeZone(timeZone: string): FieldError[] {
  const path = "spec.timeZone";
  if (timeZone === "") return [invalid(path, timeZone, "timeZone must be nil or non-empty string")];
  for (const part of timeZone.split("/"))
    if (part === "." || part === ".." || part.startsWith("-") || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))
      return [invalid(path, timeZone, `unknown time zone ${timeZone}`)];
  if (timeZone.toLowerCase() === "local")
    return [
      invalid(
        path,
        timeZone,
        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
      ),
    ];
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    return [invalid(path, timeZone, `unknown time zone ${timeZone}`)];
  }
  return [];
}
