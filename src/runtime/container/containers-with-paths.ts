import type { Container, Pod } from "../../api/index.js";

/** Every container of a pod with its field path ("spec.initContainers[0]"), init containers first. */
export function containersWithPaths(pod: Pod): { path: string; container: Container }[] {
  return [
    ...(pod.spec.initContainers ?? []).map((container, i) => ({
      path: `spec.initContainers[${i}]`,
      container,
    })),
    ...pod.spec.containers.map((container, i) => ({ path: `spec.containers[${i}]`, container })),
  ];
}
