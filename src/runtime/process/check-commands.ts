import type { ContainerLaunchSpec } from "../port.js";

/**
 * A container without `command` can never start on the process backend: there is no image to
 * take an entrypoint from. On a node that is a CreateContainerError retried forever; podvisor
 * reports it before anything starts, since no retry can fix it.
 */
export function checkCommands(containers: readonly ContainerLaunchSpec[]): string[] {
  return containers
    .filter((container) => container.argv.length === 0)
    .map(
      (container) =>
        `container "${container.name}" has no command (CreateContainerError): the process backend has no image filesystem to take an entrypoint from; set command (and args) for image "${container.image}"`,
    );
}
