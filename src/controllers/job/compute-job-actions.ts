/**
 * One sync of a Job, decided: upstream `syncJob` + `manageJob` + `trackJobStatusAndRemoveFinalizers`
 * (kubernetes/kubernetes pkg/controller/job/job_controller.go) as a pure function from the Job,
 * its pods and the time to a plan. The shell creates/deletes the pods, records the events, writes
 * `status`, and calls again when a pod changes or at `wakeAtMs`.
 * https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
 */
import { formatTime, parseTime, type Job, type JobCondition, type JobStatus } from "../../api/index.js";
import { effectiveJobSpec, type EffectiveJobSpec } from "./effective-job-spec.js";
import type { JobActions, JobControllerOptions, JobEvent, JobPodDeleteReason } from "./job-actions.js";
import { ensureJobCondition, isJobFinished } from "./job-conditions.js";
import { type JobPodCounts, countJobPods } from "./job-pod-counts.js";
import { hashedPodNameSuffix } from "./job-pod-name.js";
import type { JobPodView } from "./job-pod-view.js";
import {
  COMPLETIONS_REACHED,
  decideJobFailure,
  enactJobOutcome,
  findFinishedCondition,
} from "./job-outcome.js";
import {
  type PodFailureBackoff,
  backoffExpiresAtMs,
  computeBackoffRecord,
  defaultPodFailureBackoff,
} from "./pod-failure-backoff.js";
import {
  type JobPodToCreate,
  firstPendingIndexes,
  namePodsToCreate,
  selectPodsForRemoval,
  wantActivePods,
} from "./plan-pod-changes.js";

/**
 * `pods` must hold every pod this Job created that still exists, finished ones included:
 * counters are derived from them, not accumulated (podvisor never garbage-collects a running
 * Job's pods, so it needs neither tracking finalizers nor `uncountedTerminatedPods`).
 */
export function computeJobActions(
  job: Job,
  pods: readonly JobPodView[],
  nowMs: number,
  options: JobControllerOptions = {},
): JobActions {
  const previous = job.status ?? {};
  if (isJobFinished(job)) {
    return {
      createPods: 0,
      podsToCreate: [],
      deletePods: [],
      status: previous,
      events: [],
      isFinished: true,
    };
  }
  const spec = effectiveJobSpec(job.spec);
  const counts = countJobPods(spec, pods);
  const sync = new SyncState(counts);
  let conditions: JobCondition[] = [...(previous.conditions ?? [])];
  let startTime = previous.startTime ?? (spec.isSuspended ? undefined : formatTime(nowMs));
  let failed = counts.failedPods.length;
  let wakeAtMs: number | undefined;

  let finished = findFinishedCondition(conditions);
  if (finished === undefined) {
    const decision = decideJobFailure(spec, failed, pods, parseTime(startTime), nowMs);
    finished = decision.failure;
    wakeAtMs = decision.wakeAtMs;
  }

  if (finished !== undefined) {
    // A failing Job counts every pod it stops as failed ("every non-terminated pod is considered failed").
    if (finished.type === "FailureTarget") failed += counts.activePods.length;
    const reason: JobPodDeleteReason = finished.type === "SuccessCriteriaMet" ? "Completed" : finished.reason;
    for (const pod of counts.activePods) sync.deletePod(pod, reason);
  } else {
    const backoffEndMs = manageJobPods(job, spec, counts, pods, nowMs, options, sync);
    if (backoffEndMs !== undefined) wakeAtMs = Math.min(wakeAtMs ?? backoffEndMs, backoffEndMs);
    const succeeded = counts.succeeded;
    const isComplete =
      sync.active === 0 && (spec.completions === undefined ? succeeded > 0 : succeeded >= spec.completions);
    if (isComplete) {
      finished = COMPLETIONS_REACHED;
    } else {
      const suspension = spec.isSuspended
        ? ensureJobCondition(conditions, "Suspended", "True", "JobSuspended", "Job suspended", nowMs)
        : ensureJobCondition(conditions, "Suspended", "False", "JobResumed", "Job resumed", nowMs);
      conditions = suspension.conditions;
      if (suspension.isChanged && spec.isSuspended) {
        sync.events.push({ type: "Normal", reason: "Suspended", message: "Job suspended" });
      } else if (suspension.isChanged) {
        sync.events.push({ type: "Normal", reason: "Resumed", message: "Job resumed" });
        // activeDeadlineSeconds counts continuous activity: resuming restarts the clock.
        startTime = formatTime(nowMs);
      }
    }
  }

  let isFinished = false;
  let completionTime = previous.completionTime;
  if (finished !== undefined) {
    wakeAtMs = undefined;
    const outcome = enactJobOutcome(conditions, finished, sync.terminating, nowMs);
    conditions = outcome.conditions;
    isFinished = outcome.isFinished;
    completionTime = outcome.completionTimeIfComplete ?? completionTime;
    if (outcome.event !== undefined) sync.events.push(outcome.event);
  }

  const status: JobStatus = {
    ...previous,
    conditions,
    ready: sync.ready,
    terminating: sync.terminating,
    uncountedTerminatedPods: {},
  };
  // int32 counters are `omitempty` upstream; ready and terminating are pointers and always written.
  setOrDelete(status, "active", sync.active === 0 ? undefined : sync.active);
  setOrDelete(status, "succeeded", counts.succeeded === 0 ? undefined : counts.succeeded);
  setOrDelete(status, "failed", failed === 0 ? undefined : failed);
  setOrDelete(status, "startTime", startTime);
  setOrDelete(status, "completionTime", completionTime);
  if (conditions.length === 0) delete status.conditions;
  const { podsToCreate, deletePods, events } = sync;
  const actions: JobActions = {
    createPods: podsToCreate.length,
    podsToCreate,
    deletePods,
    status,
    events,
    isFinished,
  };
  if (wakeAtMs !== undefined) actions.wakeAtMs = wakeAtMs;
  return actions;
}

/** The plan so far and the live counters it changes. */
class SyncState {
  readonly events: JobEvent[] = [];
  readonly deletePods: JobActions["deletePods"] = [];
  podsToCreate: JobPodToCreate[] = [];
  active: number;
  ready: number;
  terminating: number;

  constructor(counts: JobPodCounts) {
    this.active = counts.activePods.length;
    this.ready = counts.ready;
    this.terminating = counts.terminating;
  }

  deletePod(pod: JobPodView, reason: JobPodDeleteReason): void {
    this.deletePods.push({ name: pod.name, reason });
    this.events.push({ type: "Normal", reason: "SuccessfulDelete", message: `Deleted pod: ${pod.name}` });
    this.active--;
    this.terminating++;
    if (pod.isReady === true) this.ready--;
  }

  createPods(created: JobPodToCreate[]): void {
    this.podsToCreate = created;
    for (const pod of created) {
      this.events.push({ type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${pod.name}` });
    }
    this.active += created.length;
  }
}

/**
 * Upstream `manageJob`: a suspended Job deletes its active pods; otherwise surplus pods are
 * deleted or missing ones created — never both in one sync — unless the replacement backoff has
 * not expired, whose end is returned.
 */
function manageJobPods(
  job: Job,
  spec: EffectiveJobSpec,
  counts: JobPodCounts,
  pods: readonly JobPodView[],
  nowMs: number,
  options: JobControllerOptions,
  sync: SyncState,
): number | undefined {
  if (spec.isSuspended) {
    for (const pod of counts.activePods) sync.deletePod(pod, "Suspended");
    return undefined;
  }
  const wantActive = wantActivePods(spec, counts);
  const surplus = selectPodsForRemoval(spec, counts.activePods, Math.max(0, sync.active - wantActive));
  for (const pod of surplus) sync.deletePod(pod, "TooManyActive");
  const missing = wantActive - (spec.isOnlyReplacingFailedPods ? sync.terminating : 0) - sync.active;
  if (surplus.length > 0 || missing <= 0) return undefined;

  const record = computeBackoffRecord(counts.succeededPods, counts.failedPods);
  const backoffEndMs = backoffExpiresAtMs(record, nowMs, podFailureBackoffOf(options));
  if (backoffEndMs !== undefined) return backoffEndMs;

  const indexes = spec.isIndexed
    ? firstPendingIndexes(spec, counts, pods, missing)
    : Array.from({ length: missing }, () => undefined);
  const seed = job.metadata.uid ?? job.metadata.name ?? "";
  const suffixOf = options.podNameSuffix ?? ((ordinal: number) => hashedPodNameSuffix(`${seed}/${ordinal}`));
  sync.createPods(namePodsToCreate(job.metadata.name ?? "", pods, indexes, suffixOf));
  return undefined;
}

function podFailureBackoffOf(options: JobControllerOptions): PodFailureBackoff {
  const backoff = options.podFailureBackoff ?? defaultPodFailureBackoff;
  const capMs = options.podBackoffCapMs;
  return capMs === undefined ? backoff : (failures) => Math.min(backoff(failures), capMs);
}

type OptionalStatusKey = "active" | "succeeded" | "failed" | "startTime" | "completionTime";

function setOrDelete<K extends OptionalStatusKey>(
  status: JobStatus,
  key: K,
  value: JobStatus[K] | undefined,
): void {
  if (value === undefined) delete status[key];
  else status[key] = value;
}
