/**
 * Valid pod fields the process backend runs without honouring, each named with its field path so
 * the user hears about it before the run starts (printed as kubectl prints API warnings). Fields
 * that make a faithful run impossible (mountPaths it cannot bind, a missing command) are problems
 * instead, and stop the run (check-mounts.ts, check-commands.ts).
 */
import type { Container, Pod } from "../../api/index.js";

export function unhonouredFields(pod: Pod): string[] {
  const warnings: string[] = [];
  const spec = pod.spec;
  if (spec.securityContext !== undefined && Object.keys(spec.securityContext).length > 0) {
    warnings.push(
      "spec.securityContext: ignored by the process backend: containers run as podvisor's own user",
    );
  }
  if (spec.shareProcessNamespace === true) {
    warnings.push(
      "spec.shareProcessNamespace: ignored by the process backend: each container keeps its own pid namespace",
    );
  }
  const groups: [string, Container[]][] = [
    ["initContainers", spec.initContainers ?? []],
    ["containers", spec.containers],
  ];
  for (const [field, containers] of groups) {
    containers.forEach((container, i) => {
      const path = `spec.${field}[${i}]`;
      if (container.resources?.limits !== undefined && Object.keys(container.resources.limits).length > 0) {
        warnings.push(
          `${path}.resources.limits: not enforced by the process backend (no cgroups); requests and limits are still reported`,
        );
      }
      if (container.securityContext !== undefined && Object.keys(container.securityContext).length > 0) {
        warnings.push(
          `${path}.securityContext: ignored by the process backend: the container runs as podvisor's own user`,
        );
      }
    });
  }
  return warnings;
}
