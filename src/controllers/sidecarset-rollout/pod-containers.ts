/**
 * Finding a SidecarSet's sidecars in a pod, wherever injection put them: a regular container
 * (Kruise, or podvisor's `legacy` mode) or a native sidecar in `initContainers` (podvisor's
 * `native` mode, or a native sidecar of the SidecarSet). An init container without
 * `restartPolicy: Always` is never a sidecar, so it is never found here and never patched.
 */
import type { Container, ContainerStatus, Pod } from "../../api/index.js";

export type PodContainerList = "containers" | "initContainers";

export interface PodContainerRef {
  list: PodContainerList;
  index: number;
  container: Container;
}

export function findSidecarInPod(pod: Pod, name: string): PodContainerRef | undefined {
  const containers = pod.spec.containers ?? [];
  const index = containers.findIndex((c) => c.name === name);
  const container = containers[index];
  if (container !== undefined) return { list: "containers", index, container };
  const init = pod.spec.initContainers ?? [];
  const initIndex = init.findIndex((c) => c.name === name && c.restartPolicy === "Always");
  const initContainer = init[initIndex];
  if (initContainer !== undefined)
    return { list: "initContainers", index: initIndex, container: initContainer };
  return undefined;
}

/** The kubelet's status of a container, from the status list of the container's own list. */
export function statusOfContainer(pod: Pod, ref: PodContainerRef): ContainerStatus | undefined {
  const statuses =
    ref.list === "containers" ? pod.status?.containerStatuses : pod.status?.initContainerStatuses;
  return (statuses ?? []).find((s) => s.name === ref.container.name);
}

/** Every status the kubelet reports, regular and init, for lookups by container name. */
export function allContainerStatuses(pod: Pod): ContainerStatus[] {
  return [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
}
