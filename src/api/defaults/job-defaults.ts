/**
 * Job defaults (pkg/apis/batch/v1/defaults.go SetDefaults_Job) plus what the Job strategy's
 * `generateSelector` adds on create: the controller-uid/job-name labels on the pod template and
 * the `batch.kubernetes.io/controller-uid` selector, unless `manualSelector` is true.
 */
import { controllerUidLabel } from "../validation/job.js";
import { isRecord, type Fields } from "../validation/shape.js";
import type { DefaultingContext } from "./defaulting-context.js";
import { defaultObjectMeta } from "./object-meta-defaults.js";
import { defaultPodSpec } from "./pod-defaults.js";

export const jobNameLabel = "batch.kubernetes.io/job-name";

export function defaultJob(job: Fields, context: DefaultingContext): void {
  defaultObjectMeta(job, context);
  const spec = job.spec;
  if (!isRecord(spec)) return;
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  if (spec.parallelism === undefined) spec.parallelism = 1;
  if (spec.backoffLimit === undefined)
    spec.backoffLimit = spec.backoffLimitPerIndex === undefined ? 6 : 2147483647;
  if (spec.completionMode === undefined) spec.completionMode = "NonIndexed";
  if (spec.suspend === undefined) spec.suspend = false;
  if (spec.manualSelector === undefined) spec.manualSelector = false;
  if (spec.podReplacementPolicy === undefined)
    spec.podReplacementPolicy = spec.podFailurePolicy === undefined ? "TerminatingOrFailed" : "Failed";
  if (spec.template === undefined) spec.template = {};
  const template = spec.template;
  if (!isRecord(template)) return;
  if (template.metadata === undefined) template.metadata = {};
  const meta = job.metadata;
  const templateMeta = template.metadata;
  if (isRecord(templateMeta) && isRecord(meta)) {
    if (templateMeta.labels === undefined) templateMeta.labels = {};
    const labels = templateMeta.labels;
    if (
      isRecord(labels) &&
      (meta.labels === undefined || (isRecord(meta.labels) && Object.keys(meta.labels).length === 0))
    ) {
      if (Object.keys(labels).length > 0) meta.labels = { ...labels };
    }
    if (isRecord(labels) && spec.manualSelector !== true) {
      const uid = meta.uid as string;
      const name = meta.name;
      for (const [key, value] of [
        [controllerUidLabel, uid],
        [jobNameLabel, name],
        ["controller-uid", uid],
        ["job-name", name],
      ] as const) {
        if (labels[key] === undefined && typeof value === "string") labels[key] = value;
      }
      if (spec.selector === undefined) spec.selector = {};
      if (isRecord(spec.selector)) {
        if (spec.selector.matchLabels === undefined) spec.selector.matchLabels = {};
        const matchLabels = spec.selector.matchLabels;
        if (isRecord(matchLabels) && matchLabels[controllerUidLabel] === undefined)
          matchLabels[controllerUidLabel] = uid;
      }
    }
  }
  if (isRecord(template.spec)) defaultPodSpec(template.spec, { isJobTemplate: true });
}
