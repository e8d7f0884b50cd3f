/**
 * Each run records its pods' status, events and logs in a state directory, so that later
 * commands (`podvisor get/describe/logs`) can inspect a run from another terminal, during it or
 * after it. Layout (docs/state-directory.md):
 *
 *   <root>/runs/<run-id>/run.json                       run metadata (pid, argv, times)
 *   <root>/runs/<run-id>/events.jsonl                   one PodvisorEvent per line
 *   <root>/runs/<run-id>/pods/<ns>_<name>.json          the Pod with its latest status
 *   <root>/runs/<run-id>/jobs/<ns>_<name>.json          the Job with its latest status
 *   <root>/runs/<run-id>/logs/<ns>_<name>/<container>/<restartCount>.log   CRI log format
 *   <root>/latest                                       symlink to the newest run
 */
import {
  chmodSync,
  createWriteStream,
  mkdirSync,
  renameSync,
  symlinkSync,
  writeFileSync,
  type WriteStream,
} from "node:fs";
import { join } from "node:path";
import { homedir } from "node:os";
import type { Job, Pod } from "../api/index.js";
import { type PodvisorEvent, StateError } from "../shared/index.js";
import type { LogLine } from "../runtime/index.js";

export function defaultStateRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_STATE_HOME && env.XDG_STATE_HOME !== "" ? env.XDG_STATE_HOME : join(homedir(), ".local", "state");
  return join(base, "podvisor");
}

export interface RunMetadata {
  id: string;
  pid: number;
  argv: string[];
  startedAt: string;
  finishedAt?: string;
  exitCode?: number;
}

export class StateStore {
  readonly runDir: string;
  private readonly events: WriteStream;
  private readonly logs = new Map<string, WriteStream>();
  private metadata: RunMetadata;

  constructor(root: string, metadata: RunMetadata) {
    this.runDir = join(root, "runs", metadata.id);
    this.metadata = metadata;
    try {
      // Private to the user: runs hold Secret volumes, env and logs (docs/guarantees.md). A root
      // podvisor creates is 0700 as XDG asks of state homes; a root that exists keeps its mode, and
      // each run directory is 0700 whatever the umask.
      mkdirSync(join(root, "runs"), { recursive: true, mode: 0o700 });
      mkdirSync(this.runDir, { mode: 0o700 });
      chmodSync(this.runDir, 0o700);
      for (const dir of ["pods", "jobs", "logs"]) mkdirSync(join(this.runDir, dir), { recursive: true });
      this.writeJson("run.json", metadata);
      // Runs starting at once each replace the link atomically; remove-then-create raced (EEXIST).
      const link = join(root, `.latest-${metadata.id}`);
      symlinkSync(join("runs", metadata.id), link);
      renameSync(link, join(root, "latest"));
    } catch (error) {
      throw new StateError(
        `cannot create the state directory ${this.runDir}: ${(error as Error).message}; pass --state-dir to choose another place`,
        { cause: error },
      );
    }
    this.events = createWriteStream(join(this.runDir, "events.jsonl"), { flags: "a" });
  }

  recordEvent(event: PodvisorEvent): void {
    this.events.write(`${JSON.stringify(event)}\n`);
  }

  recordLog(pod: Pod, container: string, restartCount: number, line: LogLine): void {
    const key = `${podKey(pod)}/${container}/${restartCount}`;
    let stream = this.logs.get(key);
    if (!stream) {
      const dir = join(this.runDir, "logs", podKey(pod), container);
      mkdirSync(dir, { recursive: true });
      stream = createWriteStream(join(dir, `${restartCount}.log`), { flags: "a" });
      this.logs.set(key, stream);
    }
    // CRI log format, as the kubelet stores container logs: "<RFC3339Nano> <stream> <F|P> <text>".
    stream.write(
      `${new Date(line.timeMs).toISOString()} ${line.stream} ${line.partial ? "P" : "F"} ${line.text}\n`,
    );
  }

  recordPod(pod: Pod): void {
    this.writeJson(join("pods", `${podKey(pod)}.json`), pod);
  }

  recordJob(job: Job): void {
    this.writeJson(join("jobs", `${podKey(job)}.json`), job);
  }

  async close(exitCode: number, finishedAt: string): Promise<void> {
    this.metadata = { ...this.metadata, finishedAt, exitCode };
    this.writeJson("run.json", this.metadata);
    const streams = [this.events, ...this.logs.values()];
    await Promise.all(streams.map((s) => new Promise<void>((resolve) => s.end(resolve))));
  }

  /** Atomic replace, so a reader in another terminal never sees half a file. */
  private writeJson(relative: string, value: unknown): void {
    const target = join(this.runDir, relative);
    const temp = `${target}.tmp`;
    writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(temp, target);
  }
}

function podKey(object: { metadata: { namespace?: string; name?: string } }): string {
  return `${object.metadata.namespace ?? "default"}_${object.metadata.name ?? ""}`;
}
