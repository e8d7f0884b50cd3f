/**
 * The pod's containers as the engine sees them: every init container (regular init or sidecar,
 * KEP-753) and every regular container, with its role and spec, plus the small facts about a
 * container instance that several rules share ("started", "live").
 */
import { isSidecar, type Container, type Pod } from "../api/index.js";
import type { ContainerRecord, ContainerRole } from "./pod-state.js";

export interface ContainerSpecEntry {
  name: string;
  role: ContainerRole;
  spec: Container;
  /** Position within `spec.initContainers` or `spec.containers`. */
  index: number;
}

/** Init containers (regular init and sidecars) in spec order (A2). */
export function listInitContainers(pod: Pod): ContainerSpecEntry[] {
  return (pod.spec.initContainers ?? []).map((spec, index) => ({
    name: spec.name,
    role: isSidecar(spec) ? "sidecar" : "init",
    spec,
    index,
  }));
}

/** Regular (`spec.containers`) containers in spec order (A5). */
export function listRegularContainers(pod: Pod): ContainerSpecEntry[] {
  return pod.spec.containers.map((spec, index) => ({ name: spec.name, role: "regular", spec, index }));
}

/** Every container of the pod: init containers first, then regular ones, each in spec order. */
export function listContainerSpecs(pod: Pod): ContainerSpecEntry[] {
  return [...listInitContainers(pod), ...listRegularContainers(pod)];
}

/**
 * `containerStatus.started` (section 0): running, and the startup probe succeeded for this
 * instance if one is defined. `running` already implies postStart returned (F2).
 */
export function hasStarted(spec: Container, record: ContainerRecord): boolean {
  if (record.state.kind !== "running") return false;
  return spec.startupProbe === undefined || record.probes.startup === "Success";
}

/** A process exists or is being created for this container: it may still run. */
export function isLive(record: ContainerRecord | undefined): boolean {
  return record !== undefined && (record.state.kind === "starting" || record.state.kind === "running");
}
