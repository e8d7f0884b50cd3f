import { chmod, lchown, lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** volume_linux.go: group read/write, read only for a read-only volume; directories also x and setgid. */
const RW_MASK = 0o660;
const RO_MASK = 0o440;
const EXEC_MASK = 0o110;
const SETGID = 0o2000;

/**
 * The kubelet's `SetVolumeOwnership` for a pod with `fsGroup` (pkg/volume/volume_linux.go
 * `changePermissionsRecursively`): every file and directory of the volume, deepest first and the
 * root last, gets group `fsGroup` (the owner stays) and its mode widened by the group bits — rw
 * for emptyDir, r for the read-only configMap, secret and downwardAPI volumes — plus x and setgid
 * on directories, so files created later inherit the group. Symlinks (AtomicWriter's `..data`)
 * are re-grouped but not chmodded (chmod would reach their target). As in the kubelet, a failed
 * chown or chmod does not stop the walk; the emptyDir, configMap, secret and downwardAPI plugins
 * pass no fsGroupChangePolicy, so the walk is always whole (OnRootMismatch applies only to
 * volumes podvisor does not provide).
 */
export async function setVolumeOwnership(dir: string, fsGroup: number, isReadOnly: boolean): Promise<void> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) await setVolumeOwnership(join(dir, name), fsGroup, isReadOnly);
  }
  await lchown(dir, -1, fsGroup).catch(() => undefined);
  if (info.isSymbolicLink()) return;
  const mask = (isReadOnly ? RO_MASK : RW_MASK) | (info.isDirectory() ? SETGID | EXEC_MASK : 0);
  await chmod(dir, (info.mode & 0o7777) | mask).catch(() => undefined);
}
