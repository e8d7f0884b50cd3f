/**
 * Leftovers of runs whose podvisor died without cleaning up (SIGKILL): their pod volume
 * directories, which hold Secret and ConfigMap files, are removed, and so are the host mount
 * points the process backend made for their volume mounts (issue 10 item 7; each pod directory
 * records them, runtime/process/mount-point-record.ts); their records (pods, events,
 * logs) stay, for `get`/`describe`/`logs`. Each `podvisor run` does this at its start, and
 * `podvisor cleanup` on demand. A cleaned run is marked (`cleanedAt` in run.json), so it is done once.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { removeRecordedMountPoints } from "../runtime/process/index.js";
import { isRunLost, readRunMetadata } from "./state-reader.js";
import { writeJsonAtomically } from "./coalesced-json-writer.js";

/** The ids of the runs cleaned now. */
export function cleanLostRuns(root: string, nowMs: number): string[] {
  let ids: string[];
  try {
    ids = readdirSync(join(root, "runs"));
  } catch {
    return [];
  }
  const cleaned: string[] = [];
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
        removeRecordedMountPoints(join(pods, entry.name));
        rmSync(join(pods, entry.name), { recursive: true, force: true });
      }
      writeJsonAtomically(join(run.dir, "run.json"), {
        ...metadata,
        cleanedAt: new Date(nowMs).toISOString(),
      });
      cleaned.push(id);
    } catch {
      // Nothing to remove, or not ours to remove: leaving it never stops a run from starting.
    }
  }
  return cleaned;
}
