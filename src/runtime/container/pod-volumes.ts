import type { PodSandboxSpec, ResolvedVolume } from "../port.js";
import { memoryVolumeSizeBytes, mountTmpfs, unmountTmpfs } from "./tmpfs-volume.js";
import { setVolumeOwnership } from "./volume-ownership.js";

/**
 * What the kubelet's volume plugins do to a pod's volumes beyond making them, once their
 * directories exist on the host (process/sandbox-volumes.ts makes them): a tmpfs for each
 * `medium: Memory` emptyDir, then the fsGroup's ownership (emptyDir read-write, the file volumes
 * read-only; hostPath is left as it is, as the kubelet leaves it). Returns the tmpfs mounts, which
 * `tearDownPodVolumes` unmounts before the pod's directory goes; on a failure it unmounts them itself.
 */
export async function setUpPodVolumes(
  spec: PodSandboxSpec,
  volumeDirs: Readonly<Record<string, string>>,
): Promise<string[]> {
  const tmpfsDirs: string[] = [];
  try {
    for (const volume of spec.volumes) {
      const dir = volumeDirs[volume.name];
      if (dir === undefined || volume.kind === "hostPath") continue;
      if (volume.kind === "emptyDir" && volume.medium === "Memory") {
        await mountTmpfs(
          volume.name,
          dir,
          memoryVolumeSizeBytes(volume.sizeLimitBytes, spec.memoryLimitBytes),
        );
        tmpfsDirs.push(dir);
      }
      await ownVolume(spec, volume, dir);
    }
  } catch (error) {
    await tearDownPodVolumes(tmpfsDirs);
    throw error;
  }
  return tmpfsDirs;
}

/** After new contents of the file volumes are swapped in (AtomicWriter), they get the fsGroup too. */
export async function ownUpdatedVolumes(
  spec: PodSandboxSpec,
  volumeDirs: Readonly<Record<string, string>>,
  volumes: readonly ResolvedVolume[],
): Promise<void> {
  for (const volume of volumes) {
    const dir = volumeDirs[volume.name];
    if (dir !== undefined && volume.kind === "files") await ownVolume(spec, volume, dir);
  }
}

export async function tearDownPodVolumes(tmpfsDirs: readonly string[]): Promise<void> {
  for (const dir of tmpfsDirs) await unmountTmpfs(dir);
}

async function ownVolume(spec: PodSandboxSpec, volume: ResolvedVolume, dir: string): Promise<void> {
  if (spec.fsGroup !== undefined) await setVolumeOwnership(dir, spec.fsGroup, volume.kind === "files");
}
