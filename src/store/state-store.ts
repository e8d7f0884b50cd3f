/**
 * Each run records its pods' status, events and logs in a state directory, so that later
 * commands (`podvisor get/describe/logs`) can inspect a run from another terminal, during it or
 * after it. Layout (docs/state-directory.md):
 *
 *   <root>/runs/<run-id>/run.json                       run metadata (pid, argv, times)
 *   <root>/runs/<run-id>/events.jsonl                   one PodvisorEvent per line
 *   <root>/runs/<run-id>/pod-status.jsonl               each pod's status changes (pod-status-history.ts)
 *   <root>/runs/<run-id>/pods/<ns>_<name>.json          the Pod with its latest status
 *   <root>/runs/<run-id>/jobs/<ns>_<name>.json          the Job with its latest status
 *   <root>/runs/<run-id>/deployments/<ns>_<name>.json   likewise replicasets/, statefulsets/, …
 *   <root>/runs/<run-id>/logs/<ns>_<name>/<container>/<restartCount>.log   CRI log format
 *   <root>/latest                                       symlink to the newest run
 *   <root>/live-runs/<run-id>                           empty: the run has not recorded its end (live-run-registry.ts)
 */
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { homedir } from "node:os";
import type { Job, Pod, Workload, WorkloadKind } from "../api/index.js";
import { type PodvisorEvent, StateError } from "../shared/index.js";
import type { LogLine } from "../runtime/index.js";
import type { Clock } from "../shared/index.js";
import { CoalescedJsonWriter, writeJsonAtomically } from "./coalesced-json-writer.js";
import { defaultLogRotation, LogFileWriter, type LogRotation } from "./log-file-writer.js";
import { diffPodStatus, type PodStatusSnapshot } from "./pod-status-history.js";
import { registerLiveRun, unregisterLiveRun } from "./live-run-registry.js";

export function defaultStateRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_STATE_HOME && env.XDG_STATE_HOME !== "" ? env.XDG_STATE_HOME : join(homedir(), ".local", "state");
  return join(base, "podvisor");
}

export interface RunMetadata {
  id: string;
  pid: number;
  /** The kernel's start time of `pid` (run-liveness.ts), so readers can tell a reused pid apart. */
  processStartTime?: string;
  /** When `podvisor cleanup` (or a later run) removed this lost run's volumes. */
  cleanedAt?: string;
  argv: string[];
  startedAt: string;
  finishedAt?: string;
  exitCode?: number;
}

export interface StateStoreOptions {
  /** Coalesces pod and Job writes (at most one per object every `statusWriteIntervalMs`); absent: write at once. */
  clock?: Clock;
  statusWriteIntervalMs?: number;
  /** Container log rotation (kubelet containerLogMaxSize/containerLogMaxFiles). */
  rotation?: LogRotation;
  /** A write failed (a full disk): reported once per file until writing works again; the run goes on. */
  onFault?: (fault: StateFault) => void;
}

export interface StateFault {
  path: string;
  error: Error;
  /** The pod whose log or status could not be written, if any. */
  pod?: { namespace: string; name: string };
}

/** A status change is written within this long (coalesced: 2000 containers starting are not 2000 writes). */
export const defaultStatusWriteIntervalMs = 200;

export class StateStore {
  readonly runDir: string;
  private readonly events: LogFileWriter;
  private readonly statusHistory: LogFileWriter;
  private readonly statusSnapshots = new Map<string, PodStatusSnapshot>();
  private readonly logs = new Map<string, LogFileWriter>();
  private readonly workloadFolders = new Set<string>();
  private readonly objects: CoalescedJsonWriter;
  private metadata: RunMetadata;

  constructor(
    private readonly root: string,
    metadata: RunMetadata,
    private readonly options: StateStoreOptions = {},
  ) {
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
      writeJsonAtomically(join(this.runDir, "run.json"), metadata);
      // After run.json: a run starting meanwhile that finds the marker must find run.json too.
      registerLiveRun(root, metadata.id);
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
    const now = () => options.clock?.now() ?? 0;
    this.events = new LogFileWriter(join(this.runDir, "events.jsonl"), {
      now,
      onError: (path, error) => this.fault({ path, error }),
    });
    this.statusHistory = new LogFileWriter(join(this.runDir, "pod-status.jsonl"), {
      now,
      onError: (path, error) => this.fault({ path, error }),
    });
    this.objects = new CoalescedJsonWriter({
      ...(options.clock ? { clock: options.clock } : {}),
      intervalMs: options.statusWriteIntervalMs ?? defaultStatusWriteIntervalMs,
      onError: (path, error, pod) => this.fault({ path, error, ...(pod ? { pod } : {}) }),
    });
  }

  recordEvent(event: PodvisorEvent): void {
    this.events.write(`${JSON.stringify(event)}\n`);
  }

  recordLog(pod: Pod, container: string, restartCount: number, line: LogLine): void {
    const key = `${podKey(pod)}/${container}/${restartCount}`;
    let writer = this.logs.get(key);
    if (!writer) {
      const dir = join(this.runDir, "logs", podKey(pod), container);
      try {
        mkdirSync(dir, { recursive: true });
      } catch (error) {
        this.fault({ path: dir, error: error as Error, pod: podRef(pod) });
      }
      this.pruneInstances(pod, container, restartCount);
      writer = new LogFileWriter(join(dir, `${restartCount}.log`), {
        now: () => this.options.clock?.now() ?? line.timeMs,
        rotation: this.options.rotation ?? defaultLogRotation,
        onError: (path, error) => this.fault({ path, error, pod: podRef(pod) }),
      });
      this.logs.set(key, writer);
    }
    // CRI log format, as the kubelet stores container logs: "<RFC3339Nano> <stream> <F|P> <text>",
    // the text as the bytes the container wrote.
    writer.write(
      Buffer.concat([
        Buffer.from(`${new Date(line.timeMs).toISOString()} ${line.stream} ${line.partial ? "P" : "F"} `),
        line.raw ?? Buffer.from(line.text, "utf8"),
        newline,
      ]),
    );
  }

  /** The pod file (coalesced) and, when its status changed, a line of the status history. */
  recordPod(pod: Pod): void {
    this.objects.write(join(this.runDir, "pods", `${podKey(pod)}.json`), pod, podRef(pod));
    const key = podKey(pod);
    // `podvisor node` keeps no clock here (its pod files are written at once); the history still
    // needs a time.
    const nowMs = this.options.clock?.now() ?? Date.now();
    const { transition, snapshot } = diffPodStatus(this.statusSnapshots.get(key), pod, nowMs);
    this.statusSnapshots.set(key, snapshot);
    if (transition !== undefined) this.statusHistory.write(`${JSON.stringify(transition)}\n`);
  }

  recordJob(job: Job): void {
    this.objects.write(join(this.runDir, "jobs", `${podKey(job)}.json`), job);
  }

  /** A Deployment, ReplicaSet, StatefulSet, … with its latest status, under `<plural>/`. */
  recordWorkload(workload: Workload): void {
    const dir = join(this.runDir, workloadFolder(workload.kind));
    if (!this.workloadFolders.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.workloadFolders.add(dir);
    }
    this.objects.write(join(dir, `${podKey(workload)}.json`), workload);
  }

  /** Resolves once every status write started so far has landed (tests, readers in-process). */
  settled(): Promise<void> {
    return this.objects.settled();
  }

  async close(exitCode: number, finishedAt: string): Promise<void> {
    await this.objects.flushAll();
    for (const writer of [this.events, this.statusHistory, ...this.logs.values()]) writer.close();
    this.metadata = { ...this.metadata, finishedAt, exitCode };
    try {
      writeJsonAtomically(join(this.runDir, "run.json"), this.metadata);
    } catch (error) {
      // Registered still: the next run finds it dead without an end recorded, and cleans it.
      this.fault({ path: join(this.runDir, "run.json"), error: error as Error });
      return;
    }
    unregisterLiveRun(this.root, this.metadata.id);
  }

  /**
   * The kubelet keeps one dead instance per container (its container GC), and with it the logs
   * `--previous` reads; older instances' logs go when a new instance starts.
   */
  private pruneInstances(pod: Pod, container: string, restartCount: number): void {
    const prefix = `${podKey(pod)}/${container}/`;
    for (const [key, writer] of this.logs) {
      if (key.startsWith(prefix) && Number(key.slice(prefix.length)) < restartCount - 1) {
        writer.close();
        this.logs.delete(key);
      }
    }
    removeInstanceLogsBefore(join(this.runDir, "logs", podKey(pod), container), restartCount - 1);
  }

  private fault(fault: StateFault): void {
    this.options.onFault?.(fault);
  }
}

const newline = Buffer.from("\n");

function podKey(object: { metadata: { namespace?: string; name?: string } }): string {
  return `${object.metadata.namespace ?? "default"}_${object.metadata.name ?? ""}`;
}

function podRef(pod: Pod): { namespace: string; name: string } {
  return { namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "" };
}

/** Removes `<n>.log` and its rotated files for every instance n < `keepFrom`. */
function removeInstanceLogsBefore(dir: string, keepFrom: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const instance = /^(\d+)\.log(\.|$)/.exec(name)?.[1];
    if (instance !== undefined && Number(instance) < keepFrom) rmSync(join(dir, name), { force: true });
  }
}

/** The run directory's folder for a workload kind: its lower-case plural, as `kubectl get` names it. */
export function workloadFolder(kind: WorkloadKind): string {
  return `${kind.toLowerCase()}s`;
}
