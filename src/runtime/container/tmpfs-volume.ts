import { execFile } from "node:child_process";
import { totalmem } from "node:os";
import { promisify } from "node:util";
import { ContainerStartError } from "../../shared/index.js";
import type { PodSandboxSpec } from "../port.js";

const run = promisify(execFile);

/**
 * The size of a `medium: Memory` emptyDir's tmpfs (emptydir `calculateEmptyDirMemorySize`): the
 * node's memory, lowered to the pod's memory limit, lowered to the volume's `sizeLimit` — each only
 * when above zero and below what came before. podvisor's node allocatable is the host's memory.
 */
export function memoryVolumeSizeBytes(
  sizeLimitBytes: number | undefined,
  podMemoryLimitBytes: number | undefined,
  nodeMemoryBytes = totalmem(),
): number {
  let size = nodeMemoryBytes;
  for (const limit of [podMemoryLimitBytes, sizeLimitBytes])
    if (limit !== undefined && limit > 0 && limit <= size) size = limit;
  return size;
}

/**
 * Mounts a tmpfs of `sizeBytes` at the volume's directory on the host, as the kubelet's emptyDir
 * plugin does (`setupTmpfs`: `mount -t tmpfs -o size=<bytes> tmpfs <dir>`), so the engine
 * bind-mounts one memory-backed directory into every container of the pod. Needs root, as the
 * kubelet does; `checkPod` refuses the pod up front otherwise.
 */
export async function mountTmpfs(volume: string, dir: string, sizeBytes: number): Promise<void> {
  try {
    await run("mount", ["-t", "tmpfs", "-o", `size=${sizeBytes}`, "tmpfs", dir]);
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
    throw new ContainerStartError(
      `MountVolume.SetUp failed for volume "${volume}" : mount of a tmpfs at ${dir} failed: ${detail}`,
      "CreateContainerError",
      error,
    );
  }
}

/** Unmounts what `mountTmpfs` mounted; a directory no longer mounted is fine. */
export async function unmountTmpfs(dir: string): Promise<void> {
  await run("umount", [dir]).catch(() => undefined);
}

/** A memory emptyDir needs a mount on the host: without root the pod is refused before it starts. */
export function memoryVolumeProblems(spec: PodSandboxSpec, isRoot: boolean): string[] {
  if (isRoot) return [];
  return spec.volumes.flatMap((volume) =>
    volume.kind === "emptyDir" && volume.medium === "Memory"
      ? [
          `volume "${volume.name}": emptyDir medium Memory needs podvisor to run as root: the container backend mounts its tmpfs on the host, as the kubelet does (run as root, or drop medium: Memory)`,
        ]
      : [],
  );
}
