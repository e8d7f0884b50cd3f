/**
 * Leftovers of runs whose podvisor died without cleaning up (SIGKILL): their pod volume
 * directories, which hold Secret and ConfigMap files, are removed, and so are the host mount
 * points the process backend made for their volume mounts (issue 10 item 7; each pod directory
 * records them, runtime/process/mount-point-record.ts); their records (pods, events,
 * logs) stay, for `get`/`describe`/`logs`. The tmpfs mounts the container backend made on the host
 * for `medium: Memory` emptyDirs are unmounted first (lazily when busy), else the removal would
 * empty a live tmpfs and fail on its mount point. Each `podvisor run` does this at its start, and
 * `podvisor cleanup` on demand. A cleaned run is marked (`cleanedAt` in run.json), so it is done once.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { unmountLeftovers, type UnmountedLeftover } from "../runtime/container/leftover-mounts.js";
import { removeRecordedMountPoints } from "../runtime/process/index.js";
import { isRunLost, readRunMetadata } from "./state-reader.js";
import { writeJsonAtomically } from "./coalesced-json-writer.js";

export interface LostRunsCleanup {
  /** The ids of the runs cleaned now. */
  cleaned: string[];
  /** What was still mounted under their pod directories, by run. */
  unmounted: (UnmountedLeftover & { run: string })[];
}

export function cleanLostRuns(root: string, nowMs: number): LostRunsCleanup {
  const result: LostRunsCleanup = { cleaned: [], unmounted: [] };
  let ids: string[];
  try {
    ids = readdirSync(join(root, "runs"));
  } catch {
    return result;
  }
  for (const id of ids) {
    const run = { id, dir: join(root, "runs", id) };
    let metadata;
    try {
      metadata = readRunMetadata(run);
      if (metadata === undefined || metadata.cleanedAt !== undefined || !isRunLost(run)) continue;
    } catch {
      continue; // a corrupt run.json is the reader's to report, not ours to guess about
    }
    try {
      const pods = join(run.dir, "pods");
      for (const entry of readdirSync(pods, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        for (const mount of unmountLeftovers(join(pods, entry.name)))
          result.unmounted.push({ ...mount, run: id });
        removeRecordedMountPoints(join(pods, entry.name));
        rmSync(join(pods, entry.name), { recursive: true, force: true });
      }
      writeJsonAtomically(join(run.dir, "run.json"), {
        ...metadata,
        cleanedAt: new Date(nowMs).toISOString(),
      });
      result.cleaned.push(id);
    } catch {
      // Nothing to remove, or not ours to remove: leaving it never stops a run from starting.
    }
  }
  return result;
}
