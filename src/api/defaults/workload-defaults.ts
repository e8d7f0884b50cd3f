/**
 * Defaults of the workload kinds as the API server applies them on create: apps/v1
 * (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment, _ReplicaSet, _StatefulSet, _DaemonSet),
 * core/v1 SetDefaults_ReplicationController, batch/v1 SetDefaults_CronJob — plus the pod defaults
 * of each template. Mutates a decoded object in place; wrongly typed fields are left for validation.
 */
import { isRecord, type Fields } from "../validation/shape.js";
import type { DefaultingContext } from "./defaulting-context.js";
import { defaultJob } from "./job-defaults.js";
import { defaultObjectMeta } from "./object-meta-defaults.js";
import { defaultPodSpec } from "./pod-defaults.js";

export function defaultWorkload(kind: string, object: Fields, context: DefaultingContext): void {
  defaultObjectMeta(object, context);
  const spec = object.spec;
  if (!isRecord(spec)) return;
  switch (kind) {
    case "Deployment":
      setIfAbsent(spec, "replicas", 1);
      setIfAbsent(spec, "strategy", {});
      if (isRecord(spec.strategy)) {
        setIfAbsent(spec.strategy, "type", "RollingUpdate");
        if (spec.strategy.type === "RollingUpdate") {
          setIfAbsent(spec.strategy, "rollingUpdate", {});
          if (isRecord(spec.strategy.rollingUpdate)) {
            setIfAbsent(spec.strategy.rollingUpdate, "maxUnavailable", "25%");
            setIfAbsent(spec.strategy.rollingUpdate, "maxSurge", "25%");
          }
        }
      }
      setIfAbsent(spec, "revisionHistoryLimit", 10);
      setIfAbsent(spec, "progressDeadlineSeconds", 600);
      break;
    case "ReplicaSet":
      setIfAbsent(spec, "replicas", 1);
      break;
    case "ReplicationController":
      defaultReplicationController(object, spec);
      break;
    case "StatefulSet":
      setIfAbsent(spec, "replicas", 1);
      setIfAbsent(spec, "podManagementPolicy", "OrderedReady");
      setIfAbsent(spec, "updateStrategy", {});
      if (isRecord(spec.updateStrategy)) {
        setIfAbsent(spec.updateStrategy, "type", "RollingUpdate");
        if (spec.updateStrategy.type === "RollingUpdate") {
          setIfAbsent(spec.updateStrategy, "rollingUpdate", {});
          if (isRecord(spec.updateStrategy.rollingUpdate))
            setIfAbsent(spec.updateStrategy.rollingUpdate, "partition", 0);
        }
      }
      setIfAbsent(spec, "persistentVolumeClaimRetentionPolicy", {
        whenDeleted: "Retain",
        whenScaled: "Retain",
      });
      setIfAbsent(spec, "revisionHistoryLimit", 10);
      break;
    case "DaemonSet":
      setIfAbsent(spec, "updateStrategy", {});
      if (isRecord(spec.updateStrategy)) {
        setIfAbsent(spec.updateStrategy, "type", "RollingUpdate");
        if (spec.updateStrategy.type === "RollingUpdate") {
          setIfAbsent(spec.updateStrategy, "rollingUpdate", {});
          if (isRecord(spec.updateStrategy.rollingUpdate)) {
            setIfAbsent(spec.updateStrategy.rollingUpdate, "maxUnavailable", 1);
            setIfAbsent(spec.updateStrategy.rollingUpdate, "maxSurge", 0);
          }
        }
      }
      setIfAbsent(spec, "revisionHistoryLimit", 10);
      break;
    case "CronJob":
      setIfAbsent(spec, "concurrencyPolicy", "Allow");
      setIfAbsent(spec, "suspend", false);
      setIfAbsent(spec, "successfulJobsHistoryLimit", 3);
      setIfAbsent(spec, "failedJobsHistoryLimit", 1);
      defaultJobTemplate(spec);
      return;
  }
  const template = spec.template;
  if (isRecord(template) && isRecord(template.spec)) {
    defaultPodSpec(template.spec, { isJobTemplate: false });
    // SetDefaults_PodSpec also sets an empty pod securityContext; it is part of the hashed template.
    setIfAbsent(template.spec, "securityContext", {});
  }
}

/** core/v1 SetDefaults_ReplicationController: selector and labels from the template's labels. */
function defaultReplicationController(object: Fields, spec: Fields): void {
  const template = isRecord(spec.template) ? spec.template : undefined;
  const labels = template && isRecord(template.metadata) ? template.metadata.labels : undefined;
  if (isRecord(labels)) {
    if (spec.selector === undefined || (isRecord(spec.selector) && Object.keys(spec.selector).length === 0))
      spec.selector = { ...labels };
    const meta = object.metadata;
    if (
      isRecord(meta) &&
      (meta.labels === undefined || (isRecord(meta.labels) && Object.keys(meta.labels).length === 0))
    )
      meta.labels = { ...labels };
  }
  setIfAbsent(spec, "replicas", 1);
}

/** A CronJob's jobTemplate gets the Job spec defaults (its pods are created through a Job). */
function defaultJobTemplate(spec: Fields): void {
  const jobTemplate = spec.jobTemplate;
  if (!isRecord(jobTemplate) || !isRecord(jobTemplate.spec)) return;
  const jobSpec = jobTemplate.spec;
  // SetDefaults_Job without the selector generation, which happens when each Job is created.
  const probe: Fields = { metadata: {}, spec: { ...jobSpec, manualSelector: true } };
  defaultJob(probe, { nowMs: 0, ids: () => "" });
  const defaulted = probe.spec as Fields;
  for (const [key, value] of Object.entries(defaulted)) {
    if (key === "manualSelector" && jobSpec.manualSelector === undefined) continue;
    jobSpec[key] = value;
  }
}

function setIfAbsent(object: Fields, key: string, value: unknown): void {
  if (object[key] === undefined || object[key] === null) object[key] = value;
}
