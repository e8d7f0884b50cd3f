/**
 * A pod's containers as lanes: init containers (the restartable ones are sidecars, KEP-753) then
 * app containers, in spec order as the kubelet starts them, with the fieldPath their events name.
 */
import type { Pod } from "../api/index.js";
import type { ContainerRole } from "./timeline-model.js";

export interface LaneContainer {
  name: string;
  role: ContainerRole;
  fieldPath: string;
}

export function containersInSpecOrder(pod: Pod): LaneContainer[] {
  const inits = (pod.spec.initContainers ?? []).map((container): LaneContainer => ({
    name: container.name,
    role: container.restartPolicy === "Always" ? "sidecar" : "init",
    fieldPath: `spec.initContainers{${container.name}}`,
  }));
  const apps = pod.spec.containers.map((container): LaneContainer => ({
    name: container.name,
    role: "app",
    fieldPath: `spec.containers{${container.name}}`,
  }));
  return [...inits, ...apps];
}
