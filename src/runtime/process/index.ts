/**
 * The process backend (the embedded default): each container is a local process running its
 * `command` with exactly its environment, as PID 1 of its own pid + mount namespace on Linux, so
 * volume mountPaths are real bind mounts and no container outlives podvisor. docs/process-backend.md.
 */
export { createProcessRuntime, type ProcessRuntimeOptions } from "./process-runtime.js";
export {
  describeIsolation,
  detectIsolation,
  detectIsolationAsync,
  type Isolation,
} from "./detect-isolation.js";
export { processRuntimeCapabilities } from "./process-capabilities.js";
export { removeRecordedMountPoints } from "./mount-point-record.js";
