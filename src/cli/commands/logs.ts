/**
 * `podvisor logs POD [-c CONTAINER | --all-containers] [--previous] [-f] [--timestamps] [--prefix]`
 * from the run's CRI log files, with kubectl's rules: no -c picks the
 * `kubectl.kubernetes.io/default-container` annotation or the first container (saying so on
 * stderr when there was a choice); --previous reads the instance before the current one; -f
 * follows the current instance until it ends (the pod file says so) or the run ends.
 */
import { existsSync } from "node:fs";
import { once } from "node:events";
import { dirname } from "node:path";
import type { Container, ContainerStatus, Pod } from "../../api/index.js";
import { PodvisorError } from "../../shared/index.js";
import {
  containerLogPath,
  isRunFinished,
  readPod,
  waitForChange,
  type RunDirectory,
} from "../../store/index.js";
import { formatCriLog } from "../printers/cri-log.js";
import { logSize, readLogLines, sinceOffset, tailOffset } from "./log-file-reader.js";
import { notFoundMessage, openViewSource, type SourceOptions, type ViewContext } from "./get-source.js";

export interface LogsOptions extends SourceOptions {
  container?: string;
  allContainers: boolean;
  previous: boolean;
  follow: boolean;
  timestamps: boolean;
  prefix: boolean;
  /** `--tail N`: only the last N lines (kubectl's default -1: all). */
  tail?: number;
  /** `--since DURATION`, as the time from which lines are shown. */
  sinceMs?: number;
  pollMs?: number;
}

/** A log the user asked for cannot be shown; the message is kubectl's. */
export class LogsUnavailableError extends PodvisorError {
  readonly code = "LOGS_UNAVAILABLE";
}

const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

export async function logsCommand(podName: string, options: LogsOptions, ctx: ViewContext): Promise<number> {
  const source = await openViewSource({ ...options, filename: [] }, ctx);
  const run = source.run;
  const pod = source.pods().find((p) => p.metadata.name === podName);
  if (pod === undefined || run === undefined) {
    ctx.stderr.write(`${notFoundMessage("pods", podName)}\n`);
    return 1;
  }
  const containers = pickContainers(pod, options, ctx);
  const plans = containers.map((c) => planLog(run, pod, c, options.previous));
  const failed = plans.find((p) => "error" in p);
  if (failed && "error" in failed) {
    ctx.stderr.write(`${failed.error}\n`);
    return 1;
  }
  const prefixOf = (c: Container) => (options.prefix ? `pod/${podName}/${c.name}` : undefined);
  // Without -f, one container after the other (as kubectl --all-containers); with -f, all at once.
  const isFollowing = options.follow && !options.previous;
  const tasks = plans.map((plan, i) => async () => {
    if ("error" in plan) return;
    const container = containers[i];
    if (container === undefined) return;
    const format = {
      timestamps: options.timestamps,
      ...(options.prefix ? { prefix: prefixOf(container) ?? "" } : {}),
    };
    const start = Math.max(
      options.tail !== undefined && options.tail >= 0 ? await tailOffset(plan.path, options.tail) : 0,
      options.sinceMs !== undefined ? await sinceOffset(plan.path, options.sinceMs) : 0,
    );
    const offset = await printFrom(plan.path, start, format, ctx);
    if (!options.follow || options.previous) return;
    await follow(run, pod, container.name, { ...plan, offset }, format, options.pollMs ?? 250, ctx);
  });
  if (isFollowing) await Promise.all(tasks.map((task) => task()));
  else for (const task of tasks) await task();
  return 0;
}

function pickContainers(pod: Pod, options: LogsOptions, ctx: ViewContext): Container[] {
  const init = pod.spec.initContainers ?? [];
  const all = [...init, ...pod.spec.containers];
  const name = pod.metadata.name ?? "";
  if (options.allContainers) return all;
  let wanted = options.container;
  if (wanted === undefined) {
    const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
    if (annotated !== undefined && annotated !== "") {
      if (all.some((c) => c.name === annotated)) wanted = annotated;
      else ctx.stderr.write(`Default container name "${annotated}" not found in pod ${name}\n`);
    }
  }
  if (wanted === undefined) {
    const first = pod.spec.containers[0];
    if (first === undefined) throw new LogsUnavailableError(`pod ${name} has no containers`);
    wanted = first.name;
    if (pod.spec.containers.length > 1 || init.length > 0) {
      const names = [...pod.spec.containers.map((c) => c.name), ...init.map((c) => `${c.name} (init)`)];
      ctx.stderr.write(`Defaulted container "${wanted}" out of: ${names.join(", ")}\n`);
    }
  }
  const container = all.find((c) => c.name === wanted);
  if (container === undefined)
    throw new LogsUnavailableError(`container ${wanted} is not valid for pod ${name}`);
  return [container];
}

type LogPlan = { path: string; restartCount: number } | { error: string };

function planLog(run: RunDirectory, pod: Pod, container: Container, previous: boolean): LogPlan {
  const podName = pod.metadata.name ?? "";
  const ref = { namespace: pod.metadata.namespace ?? "default", name: podName };
  const status = statusOf(pod, container.name);
  const badRequest = (message: string) => ({ error: `Error from server (BadRequest): ${message}` });
  if (
    status === undefined ||
    (status.restartCount === 0 && isWaiting(status) && !hasLog(run, ref, container.name, 0))
  ) {
    const reason =
      status?.state?.waiting?.reason ?? (status === undefined ? "PodInitializing" : "ContainerCreating");
    if (!previous)
      return badRequest(`container "${container.name}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  // While a container waits to restart, its newest log is the instance that just ended.
  let current = status?.restartCount ?? 0;
  while (
    current > 0 &&
    !hasLog(run, ref, container.name, current) &&
    status !== undefined &&
    isWaiting(status)
  )
    current--;
  if (!previous) return { path: containerLogPath(run, ref, container.name, current), restartCount: current };
  const before = current - 1;
  if (before < 0 || !hasLog(run, ref, container.name, before)) {
    return badRequest(`previous terminated container "${container.name}" in pod "${podName}" not found`);
  }
  return { path: containerLogPath(run, ref, container.name, before), restartCount: before };
}

/** Prints the complete lines from `offset` on, streamed; returns the offset after them. */
async function printFrom(
  path: string,
  offset: number,
  format: { timestamps: boolean; prefix?: string },
  ctx: ViewContext,
): Promise<number> {
  let end = offset;
  for await (const batch of readLogLines(path, offset)) {
    // latin1 both ways: the bytes in the file are the bytes printed.
    if (!ctx.stdout.write(Buffer.from(formatCriLog(batch.text, format), "latin1")))
      await once(ctx.stdout, "drain");
    end = batch.endOffset;
  }
  return end;
}

async function follow(
  run: RunDirectory,
  pod: Pod,
  containerName: string,
  plan: { path: string; restartCount: number; offset: number },
  format: { timestamps: boolean; prefix?: string },
  pollMs: number,
  ctx: ViewContext,
): Promise<void> {
  let offset = plan.offset;
  for (;;) {
    // Rotated (the kubelet's containerLogMaxSize): the current file starts again from 0.
    if ((await logSize(plan.path)) < offset) offset = 0;
    offset = await printFrom(plan.path, offset, format, ctx);
    const latest = readPod(run, pod.metadata.name ?? "", pod.metadata.namespace ?? "default");
    const status = latest === undefined ? undefined : statusOf(latest, containerName);
    const ended =
      latest === undefined ||
      isRunFinished(run) ||
      (status !== undefined &&
        (status.restartCount !== plan.restartCount ||
          status.state?.terminated !== undefined ||
          isWaitingAfterRun(status)));
    if (ended) {
      await printFrom(plan.path, offset, format, ctx);
      return;
    }
    const dir = existsSync(dirname(plan.path)) ? dirname(plan.path) : run.dir;
    await waitForChange(dir, ctx.clock, pollMs);
  }
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
