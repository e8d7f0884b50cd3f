/**
 * controllers/job/ is podvisor's Job controller, decided purely: given a Job, a view of its pods and the time,
 * `computeJobActions` says which pods to create and delete, the Job's new status and conditions,
 * the events to record, and when to look again — the upstream job controller's syncJob/manageJob
 * rules (parallelism, completions, backoffLimit for Never and OnFailure, activeDeadlineSeconds,
 * replacement backoff, SuccessCriteriaMet/FailureTarget before Complete/Failed) for one process.
 * `buildJobPod` turns the template into the pods it creates; `printJobRow` prints `kubectl get jobs`.
 * No I/O, no clock, no randomness: manager/job-runner.ts carries the plan out.
 */
export { computeJobActions } from "./compute-job-actions.js";
export type {
  JobActions,
  JobControllerOptions,
  JobEvent,
  JobEventReason,
  JobPodDeleteReason,
} from "./job-actions.js";
export type { JobPodView } from "./job-pod-view.js";
export type { JobPodToCreate } from "./plan-pod-changes.js";
export {
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_COMPLETION_INDEX_ENV,
  JOB_LABEL,
  JobIdentityError,
  JobPodNameError,
  buildJobPod,
  hashedPodNameSuffix,
  jobPodGenerateName,
  jobPodName,
  podNameSuffixFromRandom,
} from "./job-pod-name.js";
export {
  DEFAULT_POD_FAILURE_BACKOFF_MS,
  MAX_POD_FAILURE_BACKOFF_MS,
  defaultPodFailureBackoff,
} from "./pod-failure-backoff.js";
export type { PodFailureBackoff } from "./pod-failure-backoff.js";
export { JOB_MESSAGE, JOB_REASON, isJobFinished } from "./job-conditions.js";
export { printJobRow } from "./job-columns.js";
export type { JobPrintStatus, JobRow } from "./job-columns.js";
