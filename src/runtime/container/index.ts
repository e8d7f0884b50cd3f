/**
 * The container backend: pods as real containers through the Docker Engine API that Docker and
 * Podman both serve — an infra container per pod owning its network, IPC and UTS namespaces (as
 * dockershim built sandboxes), images pulled by the kubelet's pull policy, output followed and
 * exits taken from the engine's wait API; a pod's later containers created ahead of their turn
 * and used only if the turn would create the same. docs/container-backend.md; the client choice in
 * docs/adr/0005-engine-api-client.md.
 */
// What the rest of podvisor uses, and nothing that loads the backend itself: `podvisor run` on the
// process backend imports this folder too (leftover mounts, the runtime it may open), and the
// backend's modules and node:http load only when a container runtime first connects (issue 17).
export { describeUnmounted, unmountLeftovers, type UnmountedLeftover } from "./leftover-mounts.js";
export { cleanupDeadRuns, isProcessAlive, type CleanupReport } from "./run-cleanup.js";
export {
  DEFAULT_PAUSE_IMAGE,
  openContainerRuntime,
  type OpenContainerRuntimeOptions,
} from "./open-container-runtime.js";
