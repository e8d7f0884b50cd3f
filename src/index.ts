/**
 * podvisor's public library API: pure functions over Kubernetes objects, the same ones the CLI
 * uses. Nothing here touches the platform or the clock; time is passed in (`now`, epoch ms).
 */
export { printPodRow, getPodPhase, humanDuration } from "./status/index.js";
export type { PodRow, PrintPodOptions, PodPhaseOptions } from "./status/index.js";
export { podRequests, podLimits } from "./resources/index.js";
export { printJobRow } from "./controllers/job/index.js";
export { decodeManifests } from "./api/index.js";
export { loadRunInput } from "./admission/index.js";
export { formatFieldError } from "./api/index.js";
export type { FieldError } from "./api/index.js";
export { computePodActions, createPodRuntimeState, observe } from "./lifecycle/index.js";
export type { PodActions, PodRuntimeState, Observation } from "./lifecycle/index.js";
export type * from "./api/index.js";
