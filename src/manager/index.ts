/**
 * manager/ is podvisor's kube-controller-manager for `podvisor run`: imperative shells that drive
 * the pure controller planners (controllers/) on the local clock. `JobRunner` asks the Job
 * planner what to do with a Job's pods, creates and deletes them through a handle the caller
 * gives (the agent's pod workers in `run`), and publishes the Job's status. A later controller's
 * runner goes beside it.
 */
export { JobRunner, type JobPodHandle, type JobRunnerDeps, type JobRunnerOptions } from "./job-runner.js";
export { ReplicaSetRunner, type WorkloadRunnerDeps } from "./replica-set-runner.js";
export { DeploymentRunner } from "./deployment-runner.js";
export { type OwnedPodHandle, toOwnedPodView } from "./owned-pod-handle.js";
export { StatefulSetRunner, type StatefulSetRunnerDeps } from "./stateful-set-runner.js";
export { DaemonSetRunner, type DaemonSetRunnerDeps } from "./daemon-set-runner.js";
export { CronJobRunner, type CronJobJobHandle, type CronJobRunnerDeps } from "./cron-job-runner.js";
