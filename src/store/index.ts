/**
 * store/ is the state directory (docs/state-directory.md): `StateStore` writes what a run does
 * (pods and Jobs with their status, events, container logs) as it happens, and the reader gives
 * it back to the kubectl-style commands (`get`, `describe`, `logs`), following a live run. A
 * container's log is read and streamed as the kubelet serves it (container-log-stream.ts), for
 * `podvisor logs` and for the kubelet API of `podvisor node`.
 * It is the status and event sink of `podvisor run`; `podvisor node` reports to the API server
 * instead (kube/).
 */
export {
  StateStore,
  defaultStateRoot,
  type RunMetadata,
  type StateFault,
  type StateStoreOptions,
  workloadFolder,
} from "./state-store.js";
export { defaultLogRotation, type LogRotation } from "./log-file-writer.js";
export { asLastKnown, isRecordedRunAlive, processStartTime } from "./run-liveness.js";
export {
  diffPodStatus,
  maxTransitionsPerPod,
  type ContainerTransition,
  type PodStatusSnapshot,
  type PodStatusTransition,
  type RecordedContainerState,
} from "./pod-status-history.js";
export { cleanLostRuns } from "./clean-lost-runs.js";
export {
  containerLogPath,
  isRunFinished,
  isRunLost,
  lostRunMetadata,
  readEvents,
  readJobs,
  readPod,
  readPods,
  readPodStatusHistory,
  readRunMetadata,
  readWorkloads,
  resolveRun,
  waitForChange,
  type RunDirectory,
} from "./state-reader.js";
export {
  fixedNanoTime,
  formatCriLog,
  parseCriLine,
  type CriRecord,
  type LogFormatOptions,
} from "./cri-log.js";
export {
  planContainerLog,
  streamContainerLog,
  type ContainerLogOptions,
  type ContainerLogPlan,
  type LogChunkWriter,
} from "./container-log-stream.js";
