/**
 * Which run the UI shows: the one `--run` names, or whatever `<state-dir>/latest` points at now,
 * so a `podvisor run` started after the page opened takes over the page. An empty state
 * directory is not an error here: the page says so and waits for the first run.
 */
import { join } from "node:path";
import type { Pod } from "../../api/index.js";
import { StateError } from "../../shared/index.js";
import { isRunFinished, readPod, resolveRun, type RunDirectory } from "../../store/index.js";
import { readRunPods } from "../commands/get-source.js";

export type RunLookup = { run: RunDirectory; live: boolean } | { run: undefined; message: string };

export class UiRunSource {
  constructor(
    readonly stateDir: string,
    private readonly runId: string | undefined,
  ) {}

  /** The run to show now, or why there is none; throws only for faults other than the state directory's. */
  lookUp(): RunLookup {
    try {
      const run = resolveRun(this.stateDir, this.runId);
      return { run, live: !isRunFinished(run) };
    } catch (error) {
      if (error instanceof StateError) return { run: undefined, message: error.message };
      throw error;
    }
  }

  pods(run: RunDirectory): Pod[] {
    return readRunPods(run);
  }

  pod(run: RunDirectory, namespace: string, name: string): Pod | undefined {
    return readPod(run, name, namespace);
  }

  /** The folder whose changes mean the pod list changed: the run's pods/, or the root before any run. */
  watchedDir(lookup: RunLookup): string {
    return lookup.run === undefined ? this.stateDir : join(lookup.run.dir, "pods");
  }
}
