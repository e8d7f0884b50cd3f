/**
 * `podvisor logs POD [-c CONTAINER | --all-containers] [--previous] [-f] [--timestamps] [--prefix]`
 * from the run's CRI log files, with kubectl's rules: no -c picks the
 * `kubectl.kubernetes.io/default-container` annotation or the first container (saying so on
 * stderr when there was a choice); --previous reads the instance before the current one; -f
 * follows the current instance until it ends (the pod file says so) or the run ends.
 */
import { once } from "node:events";
import type { Container, Pod } from "../../api/index.js";
import { PodvisorError } from "../../shared/index.js";
import { planContainerLog, streamContainerLog } from "../../store/index.js";
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
  const plans = containers.map((c) => planContainerLog(run, pod, c.name, options.previous));
  const failed = plans.find((p) => "error" in p);
  if (failed && "error" in failed) {
    ctx.stderr.write(`Error from server (BadRequest): ${failed.error}\n`);
    return 1;
  }
  const write = async (chunk: Buffer) => {
    if (!ctx.stdout.write(chunk)) await once(ctx.stdout, "drain");
  };
  // Without -f, one container after the other (as kubectl --all-containers); with -f, all at once.
  const isFollowing = options.follow && !options.previous;
  const tasks = plans.map((plan, i) => async () => {
    const container = containers[i];
    if ("error" in plan || container === undefined) return;
    const logOptions = {
      timestamps: options.timestamps,
      ...(options.prefix ? { prefix: `pod/${podName}/${container.name}` } : {}),
      ...(options.tail !== undefined ? { tailLines: options.tail } : {}),
      ...(options.sinceMs !== undefined ? { sinceMs: options.sinceMs } : {}),
      follow: isFollowing,
      pollMs: options.pollMs ?? 250,
    };
    await streamContainerLog(run, pod, container.name, plan, logOptions, write, ctx.clock);
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
