import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** A mount a dead run left under one of its pod directories, and how it was taken away. */
export interface UnmountedLeftover {
  path: string;
  /** The filesystem type mountinfo names (`tmpfs` for a `medium: Memory` emptyDir). */
  fsType: string;
  /** Busy (a process still has a file open or its working directory there): detached with `umount -l`. */
  isLazy: boolean;
}

/**
 * The mounts at or below `dir` in a mountinfo text (proc(5): field 5 is the mount point, with
 * octal escapes such as `\040` for a space; the filesystem type follows the ` - ` separator),
 * deepest first so that a mount on top of another goes before it.
 */
export function mountsUnder(dir: string, mountinfo: string): { path: string; fsType: string }[] {
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  const found: { path: string; fsType: string }[] = [];
  for (const line of mountinfo.split("\n")) {
    const [fields, after] = line.split(" - ");
    const point = fields?.split(" ")[4];
    if (point === undefined || after === undefined) continue;
    const path = point.replace(/\\([0-7]{3})/g, (_, octal: string) =>
      String.fromCharCode(parseInt(octal, 8)),
    );
    if (path === dir || path.startsWith(prefix)) found.push({ path, fsType: after.split(" ")[0] ?? "" });
  }
  return found.sort((a, b) => b.path.length - a.path.length);
}

/**
 * Unmounts what a run whose podvisor was SIGKILLed left mounted under its pod directory — the
 * container backend mounts each `medium: Memory` emptyDir as a tmpfs on the host (tmpfs-volume.ts),
 * and only a live run unmounts it — so the directory can be removed and the memory is given back.
 * A busy mount (a process still inside it) is detached lazily (`umount -l`), as the kernel then
 * frees it when the last user goes. Throws when a mount stays, so that the caller does not remove
 * the files of a still mounted filesystem.
 */
export function unmountLeftovers(
  dir: string,
  mountinfo = readFileSync("/proc/self/mountinfo", "utf8"),
): UnmountedLeftover[] {
  const unmounted: UnmountedLeftover[] = [];
  for (const mount of mountsUnder(dir, mountinfo)) {
    try {
      execFileSync("umount", [mount.path], { stdio: "pipe" });
      unmounted.push({ ...mount, isLazy: false });
    } catch {
      execFileSync("umount", ["-l", mount.path], { stdio: "pipe" });
      unmounted.push({ ...mount, isLazy: true });
    }
  }
  return unmounted;
}

/** How a cleanup says it: `tmpfs /path` or `tmpfs /path (busy: detached lazily)`. */
export function describeUnmounted(mount: UnmountedLeftover): string {
  return `${mount.fsType} ${mount.path}${mount.isLazy ? " (busy: detached lazily)" : ""}`;
}
