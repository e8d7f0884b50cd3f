import { accessSync, constants, existsSync } from "node:fs";
import { dirname } from "node:path";
import type { ContainerLaunchSpec, PodSandboxSpec } from "../port.js";
import type { Isolation } from "./detect-isolation.js";

const ENABLE_NAMESPACES =
  "run podvisor as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)";

/**
 * Every mount the process backend cannot honour here, one message per mount naming the container,
 * the volume, the mountPath and the fix. Containers without mounts never fail this check.
 */
export function checkMounts(
  isolation: Isolation,
  pod: PodSandboxSpec,
  containers: readonly ContainerLaunchSpec[],
): string[] {
  const problems: string[] = [];
  const volumes = new Set(pod.volumes.map((v) => v.name));
  for (const container of containers) {
    for (const mount of container.mounts) {
      const where = `container "${container.name}" mounts volume "${mount.volume}" at "${mount.mountPath}"`;
      if (!volumes.has(mount.volume)) {
        problems.push(`${where}, but the pod has no volume "${mount.volume}"; add it to spec.volumes`);
      } else if (isolation.kind === "none") {
        problems.push(
          `${where}: this host cannot give the container a private mount namespace (${isolation.why}); ${ENABLE_NAMESPACES}`,
        );
      } else if (!canCreate(mount.mountPath)) {
        problems.push(
          `${where}: the mount point does not exist and this user cannot create it on the host; create it (mkdir -p ${mount.mountPath}), or run podvisor as root`,
        );
      }
    }
  }
  return problems;
}

/** True when `path` exists or its nearest existing ancestor is writable (so mkdir -p can make it). */
function canCreate(path: string): boolean {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return false;
    current = parent;
  }
  if (current === path) return true;
  try {
    accessSync(current, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
