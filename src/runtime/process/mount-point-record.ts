import { lstatSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMountedInAnyNamespace } from "./mounts-elsewhere.js";

/**
 * Issue 10 item 7: the host mount points the process backend created for a sandbox's volume
 * mounts (a mountPath that did not exist on the host) are recorded in the sandbox's directory as
 * they are made, so that the mount points of a run that died without removing its sandboxes
 * (SIGKILL) can be removed later — by the next `podvisor run` and by `podvisor cleanup`
 * (store/clean-lost-runs.ts). Removing a sandbox removes its mount points and this record with it.
 */
const RECORD = "mount-points.json";

/** Replaces the sandbox's record with `paths` (outermost first), atomically. */
export function recordMountPoints(podDir: string, paths: readonly string[]): void {
  const file = join(podDir, RECORD);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(paths)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Removes the mount points a sandbox's record lists (a sandbox left behind by a dead run). */
export function removeRecordedMountPoints(podDir: string): void {
  let paths: unknown;
  try {
    paths = JSON.parse(readFileSync(join(podDir, RECORD), "utf8"));
  } catch {
    return; // no mount point was made, or the record is unreadable: nothing we know to remove
  }
  if (Array.isArray(paths)) removeCreatedPaths(paths.filter((p): p is string => typeof p === "string"));
}

/**
 * Removes mount points made by ensureMountPoint, innermost first, leaving anything not empty
 * (an empty directory or an empty file is all a mount point ever was) and anything another mount
 * namespace still mounts on (its removal would detach another podvisor's container's mount).
 */
export function removeCreatedPaths(paths: readonly string[]): void {
  for (const path of [...paths].reverse()) {
    if (isMountedInAnyNamespace(path)) continue;
    try {
      const info = lstatSync(path);
      if (info.isDirectory()) rmdirSync(path);
      else if (info.isFile() && info.size === 0) unlinkSync(path);
    } catch {
      // gone already, not empty, or not ours to remove
    }
  }
}
