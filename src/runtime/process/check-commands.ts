import type { ContainerLaunchSpec } from "../port.js";

/**
 * A container without `command` can never start on the process backend: there is no image to
 * take an entrypoint from, and `args` alone would run the first argument as the program. On a
 * node that is a CreateContainerError retried forever; podvisor reports every such container
 * (init containers, sidecars and regular ones alike) before anything starts, since no retry can
 * fix it.
 */
export function checkCommands(containers: readonly ContainerLaunchSpec[]): string[] {
  return containers
    .filter((container) => lacksCommand(container))
    .map((container) => {
      const detail = `container "${container.name}" has no command (CreateContainerError): the process backend has no image filesystem to take an entrypoint from; set command (and args) for image "${container.image}"`;
      return container.fieldPath ? `${container.fieldPath}.command: Required value: ${detail}` : detail;
    });
}

/** No `command` (only `args`, or nothing): a node would take the entrypoint from the image. */
export function lacksCommand(container: ContainerLaunchSpec): boolean {
  return container.usesImageEntrypoint === true || container.argv.length === 0;
}
