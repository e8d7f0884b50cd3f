import type { Pod } from "../../api/index.js";
import { containersWithPaths } from "./containers-with-paths.js";

/**
 * Pod fields the container backend honours but today's runtime port does not carry to it
 * (`ContainerLaunchSpec` has argv, env, workingDir, mounts and a stop signal only). Each is a
 * warning before a `podvisor run --runtime container`, so nothing is dropped silently; they go
 * away when the port passes command/args apart, resources, securityContext, the termination
 * message fields and shareProcessNamespace (issue 9).
 */
export function portGapWarnings(pod: Pod): string[] {
  const warnings: string[] = [];
  const notPassed = "not passed through the runtime port yet (issue 9); not applied";
  if (pod.spec.shareProcessNamespace === true) warnings.push(`spec.shareProcessNamespace: ${notPassed}`);
  if (pod.spec.securityContext !== undefined && Object.keys(pod.spec.securityContext).length > 0)
    warnings.push(`spec.securityContext: ${notPassed}`);
  for (const { path, container } of containersWithPaths(pod)) {
    if ((container.args?.length ?? 0) > 0 && (container.command?.length ?? 0) === 0)
      warnings.push(
        `${path}.args: the runtime port joins command and args, so args alone replace the image's ENTRYPOINT as well as its CMD; set command too`,
      );
    if (container.resources?.limits !== undefined && Object.keys(container.resources.limits).length > 0)
      warnings.push(`${path}.resources.limits: ${notPassed}`);
    if (container.securityContext !== undefined && Object.keys(container.securityContext).length > 0)
      warnings.push(`${path}.securityContext: ${notPassed}`);
    if (container.terminationMessagePolicy === "FallbackToLogsOnError")
      warnings.push(`${path}.terminationMessagePolicy: ${notPassed}`);
  }
  return warnings;
}
