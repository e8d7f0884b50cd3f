/**
 * The engine's memory of a freshly admitted pod: every container known, nothing created yet.
 */
import type { Pod } from "../api/index.js";
import { listContainerSpecs } from "./container-specs.js";
import type { ContainerRecord, PodRuntimeState } from "./pod-state.js";

/** E4: the probe results a new container instance starts with. */
export const INITIAL_PROBES: ContainerRecord["probes"] = {
  startup: "Unknown",
  liveness: "Success",
  readiness: "Failure",
};

/**
 * A record for every init container (role "init" or "sidecar") and regular container, state
 * notCreated, restartCount 0, probes per E4. A container without a startupProbe keeps startup
 * "Unknown" here; the engine treats it as started as soon as it runs (`hasStarted`).
 */
export function createPodRuntimeState(pod: Pod, nowMs: number, node?: { hostIP: string }): PodRuntimeState {
  const containers: Record<string, ContainerRecord> = {};
  for (const entry of listContainerSpecs(pod)) {
    containers[entry.name] = {
      name: entry.name,
      role: entry.role,
      state: { kind: "notCreated" },
      restartCount: 0,
      probes: { ...INITIAL_PROBES },
    };
  }
  return node === undefined
    ? { admittedAtMs: nowMs, containers }
    : { admittedAtMs: nowMs, hostIP: node.hostIP, containers };
}
