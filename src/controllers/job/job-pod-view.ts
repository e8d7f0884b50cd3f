/**
 * What the Job controller needs to know about one of its pods. The shell derives it from the pod
 * store; the decision code never sees a whole Pod.
 */
import type { PodPhase } from "../../api/index.js";

export interface JobPodView {
  name: string;
  phase: PodPhase;
  /** Deletion requested (upstream `deletionTimestamp != nil`), whether or not its processes have exited. */
  isTerminating: boolean;
  /** Sum of init and regular container restarts; drives the OnFailure backoff limit. */
  restartCounts: number;
  /** When the pod reached Succeeded/Failed (latest container finish); drives the replacement backoff. */
  finishedAtMs?: number;
  /** The pod's Ready condition is True; feeds `status.ready`. Absent means not ready. */
  isReady?: boolean;
  /** Indexed Jobs: the `batch.kubernetes.io/job-completion-index` annotation, parsed. */
  completionIndex?: number;
}
