/**
 * Typed lifecycle events, worded as the kubelet and the Job controller word them
 * (`kubectl get events`). They feed the CLI's event stream, the state directory and `describe`.
 */
export type EventType = "Normal" | "Warning";

export type EventReason =
  | "Scheduled"
  | "Pulling"
  | "Pulled"
  | "ErrImageNeverPull"
  /** The kubelet could not find some of a pod's imagePullSecrets and pulls without them. */
  | "FailedToRetrieveImagePullSecret"
  | "Created"
  | "Started"
  | "Killing"
  | "BackOff"
  | "Failed"
  | "Completed"
  | "Unhealthy"
  | "ProbeWarning"
  | "FailedPostStartHook"
  | "FailedPreStopHook"
  | "ExceededGracePeriod"
  | "DeadlineExceeded"
  | "SuccessfulCreate"
  | "SuccessfulDelete"
  | "BackoffLimitExceeded"
  | "Suspended"
  | "Resumed"
  /** podvisor's own: a log or status could not be written to the state directory (a full disk). */
  | "FailedToWriteState"
  /** podvisor node refused a pod it cannot run faithfully (an admission reason, as kubelet's rejectPod records). */
  | "UnsupportedPodSpec"
  /** The pod's sandbox was lost (podvisor node restarted, A15) and is re-created (kubelet events.SandboxChanged). */
  | "SandboxChanged"
  | "FailedMount"
  /** The workload controllers' own reasons (deployment, statefulset, daemonset, cronjob controllers). */
  | "ScalingReplicaSet"
  | "SuccessfulUpdate"
  | "RecreatingFailedPod"
  | "FailedPlacement"
  | "SawCompletedJob"
  | "JobAlreadyActive"
  | "MissSchedule"
  | "FailedNeedsStart"
  | "UnparseableSchedule"
  | "TooManyMissedTimes";

export interface InvolvedObject {
  kind:
    | "Pod"
    | "Job"
    | "Deployment"
    | "ReplicaSet"
    | "ReplicationController"
    | "StatefulSet"
    | "DaemonSet"
    | "CronJob";
  namespace: string;
  name: string;
  /** e.g. "spec.initContainers{proxy}" or "spec.containers{app}" */
  fieldPath?: string;
}

export interface PodvisorEvent {
  type: EventType;
  reason: EventReason;
  message: string;
  involvedObject: InvolvedObject;
  /** Epoch milliseconds. */
  timeMs: number;
  /** The component that reported it, as in `kubectl describe`: "kubelet", "job-controller", "default-scheduler". */
  source:
    | "kubelet"
    | "job-controller"
    | "default-scheduler"
    | "replicaset-controller"
    | "replication-controller"
    | "deployment-controller"
    | "statefulset-controller"
    | "daemonset-controller"
    | "cronjob-controller";
}

export type EventSink = (event: PodvisorEvent) => void;
