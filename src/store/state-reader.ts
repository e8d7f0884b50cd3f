/**
 * The read side of the state directory (docs/state-directory.md; the writer is state-store.ts).
 * `podvisor get/describe/logs` use it from another terminal while a run goes on, or after it.
 * Pods and Jobs are replaced atomically by the writer, so a read sees either the old or the new
 * file; `*.tmp` files (a write in progress) are skipped. Faults (no runs, a corrupt file) are
 * StateErrors whose message names the file and the fix.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync, watch } from "node:fs";
import { join } from "node:path";
import type { Job, Pod, Workload, WorkloadKind } from "../api/index.js";
import { workloadFolder } from "./state-store.js";
import { type PodvisorEvent, type Clock, StateError } from "../shared/index.js";
import type { RunMetadata } from "./state-store.js";
import type { PodStatusTransition } from "./pod-status-history.js";
import { isRecordedRunAlive } from "./run-liveness.js";

export interface RunDirectory {
  id: string;
  dir: string;
}

/** The run `runId`, or the newest one (`<root>/latest`). */
export function resolveRun(root: string, runId?: string): RunDirectory {
  if (runId !== undefined) {
    const dir = join(root, "runs", runId);
    if (!isDirectory(dir)) {
      throw new StateError(
        `run ${JSON.stringify(runId)} not found in the state directory ${root} (runs are under ${join(root, "runs")})`,
      );
    }
    return { id: runId, dir };
  }
  const latest = join(root, "latest");
  let dir: string;
  try {
    dir = realpathSync(latest);
  } catch {
    throw new StateError(
      `no runs in the state directory ${root}: start one with 'podvisor run -f FILE', pass --state-dir DIR, or read saved objects with -f FILE`,
    );
  }
  if (!isDirectory(dir))
    throw new StateError(`the state directory ${root} is corrupt: ${latest} is not a run directory`);
  return { id: dir.split("/").pop() ?? "", dir };
}

export function readRunMetadata(run: RunDirectory): RunMetadata | undefined {
  const path = join(run.dir, "run.json");
  if (!existsSync(path)) return undefined;
  return readJson<RunMetadata>(path);
}

/** Whether the run has ended: its run.json has a finish time, or its process is gone (isRunLost). */
export function isRunFinished(run: RunDirectory): boolean {
  const metadata = readRunMetadata(run);
  return metadata?.finishedAt !== undefined || (metadata !== undefined && !isRecordedRunAlive(metadata));
}

/** The run's podvisor died without recording its end (SIGKILL, a crash, a reboot). */
export function isRunLost(run: RunDirectory): boolean {
  return lostRunMetadata(run) !== undefined;
}

/** The run's run.json, read once, when the run is lost (isRunLost); else undefined. */
export function lostRunMetadata(run: RunDirectory): RunMetadata | undefined {
  const metadata = readRunMetadata(run);
  return metadata !== undefined && metadata.finishedAt === undefined && !isRecordedRunAlive(metadata)
    ? metadata
    : undefined;
}

/** Every Pod of the run, sorted by namespace and name as the API server lists them. */
export function readPods(run: RunDirectory): Pod[] {
  return readObjects<Pod>(run, "pods", "Pod");
}

export function readJobs(run: RunDirectory): Job[] {
  return readObjects<Job>(run, "jobs", "Job");
}

/** Every workload of one kind (Deployments, ReplicaSets, …) the run recorded. */
export function readWorkloads(run: RunDirectory, kind: WorkloadKind): Workload[] {
  return readObjects<Workload>(run, workloadFolder(kind), kind);
}

export function readPod(run: RunDirectory, name: string, namespace = "default"): Pod | undefined {
  const path = join(run.dir, "pods", `${namespace}_${name}.json`);
  if (!existsSync(path)) return undefined;
  return checkKind(readJson<Pod>(path), "Pod", path);
}

/** The events of the run, in the order they were recorded; a torn last line is skipped. */
export function readEvents(run: RunDirectory): PodvisorEvent[] {
  return readJsonLines<PodvisorEvent>(join(run.dir, "events.jsonl"));
}

/**
 * The run's pod status history (pod-status.jsonl, pod-status-history.ts), in the order recorded;
 * empty for a run recorded before the history existed.
 */
export function readPodStatusHistory(run: RunDirectory): PodStatusTransition[] {
  return readJsonLines<PodStatusTransition>(join(run.dir, "pod-status.jsonl"));
}

function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, "utf8").split("\n");
  const records: T[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    try {
      records.push(JSON.parse(line) as T);
    } catch (error) {
      // The writer appends whole lines; only the last one can be half-written while we read.
      if (index < lines.length - 1 && lines.slice(index + 1).some((l) => l.trim() !== "")) {
        throw new StateError(`the state directory is corrupt: ${path} line ${index + 1} is not JSON`, {
          cause: error,
        });
      }
    }
  });
  return records;
}

/** `logs/<ns>_<name>/<container>/<restartCount>.log` (CRI format). */
export function containerLogPath(
  run: RunDirectory,
  pod: { namespace: string; name: string },
  container: string,
  restartCount: number,
): string {
  return join(run.dir, "logs", `${pod.namespace}_${pod.name}`, container, `${restartCount}.log`);
}

/**
 * Resolves after something in `dir` changes, or after `fallbackMs` at the latest (fs.watch
 * misses events on some filesystems, and is unavailable on others: then this is plain polling).
 */
export function waitForChange(
  dir: string,
  clock: Clock,
  fallbackMs: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const abort = new AbortController();
    const done = () => {
      // A long follow calls this once per change with one signal: leave no listener behind.
      signal?.removeEventListener("abort", done);
      abort.abort();
      resolve();
    };
    signal?.addEventListener("abort", done, { once: true });
    try {
      const watcher = watch(dir, { signal: abort.signal });
      watcher.on("change", done);
      watcher.on("error", () => {});
    } catch {
      // no fs.watch here: the timer below is the fallback
    }
    clock.sleep(fallbackMs, abort.signal).then(done, () => {});
  });
}

function readObjects<T extends Pod | Job | Workload>(
  run: RunDirectory,
  folder: string,
  kind: T["kind"],
): T[] {
  const dir = join(run.dir, folder);
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new StateError(`cannot read ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return names
    .filter((n) => n.endsWith(".json"))
    .sort()
    .flatMap((n) => {
      const path = join(dir, n);
      // Deleted between readdir and read: it is gone, not corrupt.
      if (!existsSync(path)) return [];
      return [checkKind(readJson<T>(path), kind, path)];
    });
}

function readJson<T>(path: string): T {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new StateError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StateError(
      `the state directory is corrupt: ${path} is not valid JSON (${(error as Error).message}); remove that run or pass --run ID`,
      { cause: error },
    );
  }
}

function checkKind<T extends Pod | Job | Workload>(object: T, kind: T["kind"], path: string): T {
  const value = object as unknown as { kind?: unknown; metadata?: unknown; spec?: unknown };
  if (
    typeof value !== "object" ||
    value === null ||
    value.kind !== kind ||
    typeof value.metadata !== "object" ||
    typeof value.spec !== "object"
  ) {
    throw new StateError(`the state directory is corrupt: ${path} is not a ${kind} object`);
  }
  return object;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
