/**
 * agent/ is the imperative shell — podvisor's kubelet. A `PodWorker` per pod folds every fact
 * (process exits, hook returns, probe results, timers, deletion) into the pod's observed state,
 * asks the pure engine (lifecycle/) what to do, and does it against a ContainerRuntime: start and
 * stop containers, run hooks and probes, publish status. `JobRunner` does the same for Jobs with
 * jobs/, and `RunSession` holds one `podvisor run`. The state directory (state-store.ts,
 * state-reader.ts) records runs for the kubectl-style commands.
 */
export { RunSession, type RunInput, type RunResult, type RunSessionDeps } from "./run-session.js";
export { PodWorker, type PodWorkerDeps } from "./pod-worker.js";
export { JobRunner, type JobRunnerOptions } from "./job-runner.js";
export { StateStore, defaultStateRoot } from "./state-store.js";
