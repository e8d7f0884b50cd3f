/** The plan one Job sync produces (see compute-job-actions.ts), and the options that tune it. */
import type { JobStatus } from "../../api/index.js";
import type { EventType } from "../../shared/index.js";
import type { JobFailureReason } from "./job-conditions.js";
import type { PodFailureBackoff } from "./pod-failure-backoff.js";
import type { JobPodToCreate } from "./plan-pod-changes.js";

export interface JobControllerOptions {
  /** Delay before replacing failed pods; default 10 s doubling to 10 min (upstream). */
  podFailureBackoff?: PodFailureBackoff;
  /** Caps that delay, e.g. a CLI flag for quick local retries; 0 replaces at once. */
  podBackoffCapMs?: number;
  /** Suffix for the n-th pod of this Job; default a hash of the Job's uid (or name) and n. */
  podNameSuffix?: (ordinal: number) => string;
}

/** Why a pod is deleted: the Job's failure reason, success, suspension, or surplus. */
export type JobPodDeleteReason = JobFailureReason | "Completed" | "Suspended" | "TooManyActive";

/** Upstream's Job event reasons (job-controller and its PodControl). */
export type JobEventReason =
  | "SuccessfulCreate"
  | "SuccessfulDelete"
  | "Completed"
  | "BackoffLimitExceeded"
  | "DeadlineExceeded"
  | "Suspended"
  | "Resumed";

export interface JobEvent {
  type: EventType;
  reason: JobEventReason;
  message: string;
}

export interface JobActions {
  /** How many pods to create now; always `podsToCreate.length`. */
  createPods: number;
  /** The pods to create, named as the SuccessfulCreate events name them: `buildJobPod(job, suffix, completionIndex)`. */
  podsToCreate: JobPodToCreate[];
  deletePods: { name: string; reason: JobPodDeleteReason }[];
  /** The Job's whole new status, to replace the old one. */
  status: JobStatus;
  events: JobEvent[];
  /** The Job carries `Complete=True` or `Failed=True`: stop syncing it. */
  isFinished: boolean;
  /** Sync again at this time even if no pod changes (deadline, replacement backoff). */
  wakeAtMs?: number;
}
