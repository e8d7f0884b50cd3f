/**
 * The runs that may be lost: each run registers itself when its directory is made and leaves when
 * it records its end, so a `podvisor run` starting looks at those alone (clean-lost-runs.ts), not
 * at every run the state directory ever kept (8 ms for 256 old runs, and growing; issue 17). The
 * registry lives beside `runs/`, not in it, so that nothing listing runs (`get --run`, `latest`)
 * sees it: `<root>/live-runs/<run-id>`, an empty file.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function liveRunsDir(root: string): string {
  return join(root, "live-runs");
}

/** Call once the run's run.json exists: a scan that finds a marker without one removes it. */
export function registerLiveRun(root: string, runId: string): void {
  // As `runs/`: private to the user (run ids say when the user ran what).
  mkdirSync(liveRunsDir(root), { recursive: true, mode: 0o700 });
  writeFileSync(join(liveRunsDir(root), runId), "");
}

/** Never throws: a marker left behind is removed by the next scan, which finds the run settled. */
export function unregisterLiveRun(root: string, runId: string): void {
  try {
    rmSync(join(liveRunsDir(root), runId), { force: true });
  } catch {
    // Not ours to remove (a read-only state directory): harmless, as said above.
  }
}

/** The ids of the registered runs; none when the directory is missing (no run registered yet). */
export function listLiveRuns(root: string): string[] {
  try {
    return readdirSync(liveRunsDir(root));
  } catch {
    return [];
  }
}
