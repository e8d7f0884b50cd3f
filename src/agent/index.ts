/**
 * agent/ is the imperative shell — podvisor's kubelet. A `PodWorker` per pod folds every fact
 * (process exits, hook returns, probe results, timers, deletion) into the pod's observed state,
 * asks the pure engine (lifecycle/) what to do, and does it against a ContainerRuntime: start and
 * stop containers, run hooks and probes, publish status and events. It knows nothing of where pods
 * come from or where their status goes: callers (run/, later node/) compose it with a source and
 * sinks.
 */
export { PodWorker, type PodWorkerDeps } from "./pod-worker.js";
export type {
  ContainerLogSink,
  EventSink,
  ObjectLookup,
  PodSource,
  PodSourceHandler,
  PodStatusSink,
} from "./ports.js";
