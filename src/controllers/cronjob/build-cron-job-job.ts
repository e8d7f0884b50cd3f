/**
 * The Job a CronJob creates (upstream `getJobFromTemplate2`): the jobTemplate's labels,
 * annotations and spec, the `batch.kubernetes.io/cronjob-scheduled-timestamp` annotation, a
 * controller ownerReference; and the Job `kubectl create job --from=cronjob/NAME` makes, annotated
 * `cronjob.kubernetes.io/instantiate: manual`.
 */
import { formatTime, type CronJob, type Job } from "../../api/index.js";
import { controllerRef } from "../workload-pods/index.js";
import { cronJobJobName } from "./compute-cron-job-actions.js";

export const SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

export function buildCronJobJob(cj: CronJob, scheduledMs: number): Job {
  const job = jobFromTemplate(cj, cronJobJobName(cj.metadata.name ?? "", scheduledMs));
  job.metadata.annotations = {
    ...job.metadata.annotations,
    [SCHEDULED_TIMESTAMP_ANNOTATION]: formatTime(scheduledMs),
  };
  return job;
}

/** `kubectl create job <jobName> --from=cronjob/<name>`. */
export function buildManualJob(cj: CronJob, jobName: string): Job {
  const job = jobFromTemplate(cj, jobName);
  job.metadata.annotations = { ...job.metadata.annotations, "cronjob.kubernetes.io/instantiate": "manual" };
  return job;
}

function jobFromTemplate(cj: CronJob, name: string): Job {
  const template = structuredClone(cj.spec.jobTemplate);
  const metadata: Job["metadata"] = {
    name,
    labels: { ...template.metadata?.labels },
    ownerReferences: [controllerRef("batch/v1", "CronJob", cj.metadata)],
  };
  if (template.metadata?.annotations !== undefined)
    metadata.annotations = { ...template.metadata.annotations };
  if (cj.metadata.namespace !== undefined) metadata.namespace = cj.metadata.namespace;
  return { apiVersion: "batch/v1", kind: "Job", metadata, spec: template.spec };
}
