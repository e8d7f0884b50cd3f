import { mkdir, stat } from "node:fs/promises";
import { ContainerStartError } from "../../shared/index.js";
import type { ContainerLaunchSpec } from "../port.js";
import type { BindMount } from "./launch-command.js";
import { ensureMountPoint, insideOf } from "./sandbox-volumes.js";

/**
 * The bind mounts for a container's volumeMounts, shallowest mountPath first (as containerd
 * orders them, so nested mounts land on top): source = the volume's directory or its subPath
 * (created if missing, as the kubelet does). Creates missing mount points on the host and appends
 * each path it created to `createdPaths`, for removal with the sandbox.
 */
export async function prepareBindMounts(
  spec: ContainerLaunchSpec,
  volumeDirs: Record<string, string>,
  createdPaths: string[],
): Promise<BindMount[]> {
  const mounts = [...spec.mounts].sort((a, b) => depth(a.mountPath) - depth(b.mountPath));
  const binds: BindMount[] = [];
  for (const mount of mounts) {
    const volumeDir = volumeDirs[mount.volume];
    const where = `container "${spec.name}" volume "${mount.volume}" at "${mount.mountPath}"`;
    if (volumeDir === undefined) {
      throw new ContainerStartError(`${where}: the pod has no such volume`, "CreateContainerConfigError");
    }
    let source = volumeDir;
    if (mount.subPath !== undefined && mount.subPath !== "") {
      source = insideOf(volumeDir, mount.subPath, `${where}: subPath`);
      await mkdir(source, { recursive: true, mode: 0o777 }).catch(() => undefined);
    }
    const isDirectory = (await stat(source)).isDirectory();
    try {
      createdPaths.push(...(await ensureMountPoint(mount.mountPath, isDirectory)));
    } catch (cause) {
      throw new ContainerStartError(
        `${where}: cannot create the mount point on the host (${String(cause)}); create it, or run podvisor as root`,
        "CreateContainerError",
        cause,
      );
    }
    binds.push({ source, target: mount.mountPath, readOnly: mount.readOnly, isDirectory });
  }
  return binds;
}

function depth(path: string): number {
  return path.split("/").filter(Boolean).length;
}
