/**
 * The container backend: pods as real containers through the Docker Engine API that Docker and
 * Podman both serve — an infra container per pod owning its network, IPC and UTS namespaces (as
 * dockershim built sandboxes), images pulled by the kubelet's pull policy, output followed and
 * exits taken from the engine's wait API; a pod's later containers created ahead of their turn
 * and used only if the turn would create the same. docs/container-backend.md; the client choice in
 * docs/adr/0005-engine-api-client.md.
 */
export { ContainerBackend, type ContainerBackendOptions } from "./container-backend.js";
export { containerRuntimeCapabilities } from "./container-capabilities.js";
export type { ContainerCreateSpec } from "./container-config.js";
export { EngineError, EngineNotFoundError, ImagePullError } from "./container-errors.js";
export { connectEngine, type EngineConnection } from "./connect-engine.js";
export { EngineClient } from "./engine-client.js";
export { engineSocketCandidates } from "./engine-socket.js";
export type { PullPolicy } from "./image-pull-policy.js";
export { describeUnmounted, unmountLeftovers, type UnmountedLeftover } from "./leftover-mounts.js";
export { cleanupDeadRuns, isProcessAlive, type CleanupReport } from "./run-cleanup.js";
export {
  DEFAULT_PAUSE_IMAGE,
  openContainerRuntime,
  type OpenContainerRuntimeOptions,
} from "./open-container-runtime.js";
