/**
 * Leftovers of runs whose podvisor died without cleaning up (SIGKILL): their pod volume
 * directories, which hold Secret and ConfigMap files, are removed, and so are the host mount
 * points the process backend made for their volume mounts (issue 10 item 7; each pod directory
 * records them, runtime/process/mount-point-record.ts); their records (pods, events,
 * logs) stay, for `get`/`describe`/`logs`. The tmpfs mounts the container backend made on the host
 * for `medium: Memory` emptyDirs are unmounted first (lazily when busy), else the removal would
 * empty a live tmpfs and fail on its mount point. A cleaned run is marked (`cleanedAt` in
 * run.json), so it is done once.
 *
 * Each `podvisor run` does this at its start for the runs that registered themselves as live
 * (live-run-registry.ts): its start-up then costs what the unsettled runs cost, not the whole
 * history (issue 17). `podvisor cleanup`, on demand, looks at every run under `runs/`, those from
 * before the registry existed included, and drops markers left by runs that have settled.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { unmountLeftovers, type UnmountedLeftover } from "../runtime/container/index.js";
import { removeRecordedMountPoints } from "../runtime/process/index.js";
import { readRunMetadata } from "./state-reader.js";
import { isRecordedRunAlive } from "./run-liveness.js";
import { writeJsonAtomically } from "./coalesced-json-writer.js";
import { listLiveRuns, unregisterLiveRun } from "./live-run-registry.js";
import type { RunMetadata } from "./state-store.js";

export interface LostRunsCleanup {
  /** The ids of the runs cleaned now. */
  cleaned: string[];
  /** What was still mounted under their pod directories, by run. */
  unmounted: (UnmountedLeftover & { run: string })[];
}

/** "registered": the runs in the live-run registry (a run starting); "all": every run under `runs/`. */
export type LostRunsScope = "registered" | "all";

export function cleanLostRuns(root: string, nowMs: number, scope: LostRunsScope): LostRunsCleanup {
  const result: LostRunsCleanup = { cleaned: [], unmounted: [] };
  const registered = new Set(listLiveRuns(root));
  const ids = scope === "registered" ? registered : new Set([...listRuns(root), ...registered]);
  for (const id of ids) {
    const run = { id, dir: join(root, "runs", id) };
    let metadata: RunMetadata | undefined;
    try {
      metadata = readRunMetadata(run); // once: the state is decided from what was read
    } catch {
      // A corrupt run.json is the reader's to report, not ours to guess about; no later scan would
      // know better, so runs starting stop reading it (`podvisor cleanup` still does).
      if (registered.has(id)) unregisterLiveRun(root, id);
      continue;
    }
    // Unsettled: it neither recorded its end nor was cleaned. (No run.json: removed by hand, settled.)
    if (metadata !== undefined && metadata.finishedAt === undefined && metadata.cleanedAt === undefined) {
      // Its recorded process (pid and kernel start time) still runs: registered, for a later scan.
      if (isRecordedRunAlive(metadata)) continue;
      // Lost; if cleaning it failed it stays registered, and the next run tries again.
      if (!cleanRun(run, metadata, nowMs, result)) continue;
    }
    if (registered.has(id)) unregisterLiveRun(root, id);
  }
  return result;
}

function listRuns(root: string): string[] {
  try {
    return readdirSync(join(root, "runs"));
  } catch {
    return [];
  }
}

/** Removes the lost run's pod directories and marks it cleaned; false when that failed. */
function cleanRun(
  run: { id: string; dir: string },
  metadata: RunMetadata,
  nowMs: number,
  result: LostRunsCleanup,
): boolean {
  try {
    const pods = join(run.dir, "pods");
    for (const entry of existsSync(pods) ? readdirSync(pods, { withFileTypes: true }) : []) {
      if (!entry.isDirectory()) continue;
      for (const mount of unmountLeftovers(join(pods, entry.name)))
        result.unmounted.push({ ...mount, run: run.id });
      removeRecordedMountPoints(join(pods, entry.name));
      rmSync(join(pods, entry.name), { recursive: true, force: true });
    }
    writeJsonAtomically(join(run.dir, "run.json"), { ...metadata, cleanedAt: new Date(nowMs).toISOString() });
    result.cleaned.push(run.id);
    return true;
  } catch {
    // Not ours to remove (another user's files, a read-only directory): leaving it never stops a
    // run from starting.
    return false;
  }
}
