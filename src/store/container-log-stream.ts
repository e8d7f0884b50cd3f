/**
 * One container's log from the state directory, as the kubelet serves it (`GetContainerLogs`:
 * pkg/kubelet/kubelet_pods.go `validateContainerLogStatus`, cri-client pkg/logs `ReadLogs`):
 * which instance's file (the current one, or with `previous` the one before), then its records
 * from `tailLines`/`since` on, formatted, cut at `limitBytes`, and with `follow` the lines
 * written later until the instance ends. `podvisor logs` prints it; `podvisor node` serves it
 * to the API server (`kubectl logs`). The pod file in the state directory says which instance
 * is current and when it has ended.
 */
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { ContainerStatus, Pod } from "../api/index.js";
import type { Clock } from "../shared/index.js";
import { formatCriLog } from "./cri-log.js";
import { logSize, readLogLines, sinceOffset, tailOffset } from "./log-file-reader.js";
import {
  containerLogPath,
  isRunFinished,
  readPod,
  waitForChange,
  type RunDirectory,
} from "./state-reader.js";

/** The file to read, or why there is none (the kubelet's message, served as 400 Bad Request). */
export type ContainerLogPlan = { path: string; restartCount: number } | { error: string };

export interface ContainerLogOptions {
  timestamps: boolean;
  /** `[pod/NAME/CONTAINER] ` before each line (`kubectl logs --prefix`). */
  prefix?: string;
  /** Only the last N lines (kubectl `--tail`; absent or negative: all). */
  tailLines?: number;
  /** Only records at or after this time (`--since`, `--since-time`). */
  sinceMs?: number;
  /** Stop after this many bytes of output (`--limit-bytes`). */
  limitBytes?: number;
  /** Keep writing what the instance writes until it ends (`-f`). */
  follow: boolean;
  /** How often the files are looked at when fs.watch says nothing. */
  pollMs: number;
  /** Ends a follow early (the client went away). */
  signal?: AbortSignal;
}

/** Writes one chunk; resolves when the reader can take more. */
export type LogChunkWriter = (chunk: Buffer) => Promise<void>;

/** Which instance's log `containerName` has, per its status in `pod` (kubelet `validateContainerLogStatus`). */
export function planContainerLog(
  run: RunDirectory,
  pod: Pod,
  containerName: string,
  previous: boolean,
): ContainerLogPlan {
  const podName = pod.metadata.name ?? "";
  const ref = { namespace: pod.metadata.namespace ?? "default", name: podName };
  const status = statusOf(pod, containerName);
  if (
    status === undefined ||
    (status.restartCount === 0 && isWaiting(status) && !hasLog(run, ref, containerName, 0))
  ) {
    const reason =
      status?.state?.waiting?.reason ?? (status === undefined ? "PodInitializing" : "ContainerCreating");
    if (!previous)
      return { error: `container "${containerName}" in pod "${podName}" is waiting to start: ${reason}` };
  }
  // While a container waits to restart, its newest log is the instance that just ended.
  let current = status?.restartCount ?? 0;
  while (
    current > 0 &&
    !hasLog(run, ref, containerName, current) &&
    status !== undefined &&
    isWaiting(status)
  )
    current--;
  if (!previous) return { path: containerLogPath(run, ref, containerName, current), restartCount: current };
  const before = current - 1;
  if (before < 0 || !hasLog(run, ref, containerName, before))
    return { error: `previous terminated container "${containerName}" in pod "${podName}" not found` };
  return { path: containerLogPath(run, ref, containerName, before), restartCount: before };
}

/** Streams the planned file to `write` with the options; resolves when done (or the limit is hit). */
export async function streamContainerLog(
  run: RunDirectory,
  pod: Pod,
  containerName: string,
  plan: { path: string; restartCount: number },
  options: ContainerLogOptions,
  write: LogChunkWriter,
  clock: Clock,
): Promise<void> {
  const output = limitedWriter(write, options.limitBytes);
  const start = Math.max(
    options.tailLines !== undefined && options.tailLines >= 0
      ? await tailOffset(plan.path, options.tailLines)
      : 0,
    options.sinceMs !== undefined ? await sinceOffset(plan.path, options.sinceMs) : 0,
  );
  let offset = await writeFrom(plan.path, start, options, output);
  if (!options.follow) return;
  for (;;) {
    if (output.isFull() || options.signal?.aborted === true) return;
    // Rotated (the kubelet's containerLogMaxSize): the current file starts again from 0.
    if ((await logSize(plan.path)) < offset) offset = 0;
    offset = await writeFrom(plan.path, offset, options, output);
    if (hasInstanceEnded(run, pod, containerName, plan.restartCount)) {
      await writeFrom(plan.path, offset, options, output);
      return;
    }
    const dir = existsSync(dirname(plan.path)) ? dirname(plan.path) : run.dir;
    await waitForChange(dir, clock, options.pollMs, options.signal);
  }
}

function hasInstanceEnded(run: RunDirectory, pod: Pod, containerName: string, restartCount: number): boolean {
  const latest = readPod(run, pod.metadata.name ?? "", pod.metadata.namespace ?? "default");
  const status = latest === undefined ? undefined : statusOf(latest, containerName);
  return (
    latest === undefined ||
    isRunFinished(run) ||
    (status !== undefined &&
      (status.restartCount !== restartCount ||
        status.state?.terminated !== undefined ||
        isWaitingAfterRun(status)))
  );
}

interface LimitedWriter {
  write: LogChunkWriter;
  isFull(): boolean;
}

/** kubelet `logWriter.remain`: output beyond `limitBytes` is cut, then nothing more is written. */
function limitedWriter(write: LogChunkWriter, limitBytes: number | undefined): LimitedWriter {
  let remaining = limitBytes ?? Infinity;
  return {
    isFull: () => remaining <= 0,
    write: async (chunk) => {
      if (remaining <= 0) return;
      const cut = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
      remaining -= cut.length;
      await write(cut);
    },
  };
}

/** Writes the complete lines from `offset` on, streamed; returns the offset after them. */
async function writeFrom(
  path: string,
  offset: number,
  options: ContainerLogOptions,
  output: LimitedWriter,
): Promise<number> {
  const format = {
    timestamps: options.timestamps,
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
  };
  let end = offset;
  for await (const batch of readLogLines(path, offset)) {
    if (output.isFull()) break;
    // latin1 both ways: the bytes in the file are the bytes written.
    await output.write(Buffer.from(formatCriLog(batch.text, format), "latin1"));
    end = batch.endOffset;
  }
  return end;
}

function statusOf(pod: Pod, name: string): ContainerStatus | undefined {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find(
    (s) => s.name === name,
  );
}

function isWaiting(status: ContainerStatus): boolean {
  return status.state?.waiting !== undefined;
}

/** Waiting with a last state: the instance we followed has ended and a restart is pending. */
function isWaitingAfterRun(status: ContainerStatus): boolean {
  return status.state?.waiting !== undefined && status.lastState?.terminated !== undefined;
}

function hasLog(
  run: RunDirectory,
  ref: { namespace: string; name: string },
  container: string,
  n: number,
): boolean {
  return existsSync(containerLogPath(run, ref, container, n));
}
