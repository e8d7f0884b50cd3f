/**
 * Drives podvisor from the built `dist/`: in-process (a RunSession over the process runtime, wired
 * as `podvisor run` wires it, without the CLI's start-up) and through the CLI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { cliPath, type ContainerRuntime, type Dist, type Pod, type RunSession } from "./dist.js";
import { realNowMs } from "./stats.js";

export function createRuntime(dist: Dist, stateDir: string): ContainerRuntime {
  return dist.process.createProcessRuntime({ stateDir, clock: dist.clock.systemClock, hostIP: "127.0.0.1" });
}

export interface InProcessOptions {
  /** Each log line: the pod's name, the container's, the text; may end the run with session.deleteAll(). */
  onLine?: (pod: string, container: string, text: string, session: RunSession) => void;
  onPodStatus?: (pod: Pod, session: RunSession) => void;
  timeoutMs?: number;
}

let suffix = 0;

/** Runs the manifests in `yamlText` to the end in-process; after `timeoutMs` deletes everything and rejects. */
export async function runInProcess(
  dist: Dist,
  runtime: ContainerRuntime,
  yamlText: string,
  options: InProcessOptions = {},
): Promise<void> {
  const input = dist.api.loadRunInput([{ name: "bench.yaml", text: yamlText }], {
    nowMs: Date.now(),
    ids: randomUUID,
  });
  if (input.errors.length > 0) {
    throw new Error(`bench manifest rejected: ${JSON.stringify(input.errors).slice(0, 2000)}`);
  }
  const { onLine, onPodStatus } = options;
  const session: RunSession = new dist.session.RunSession(input, {
    runtime,
    clock: dist.clock.systemClock,
    nodeName: "bench",
    hostIP: "127.0.0.1",
    randomSuffix: () => `b${(suffix++).toString(36)}`,
    newUid: randomUUID,
    onEvent: () => undefined,
    onLog: (pod, container, line) => onLine?.(pod.metadata.name ?? "", container, line.text, session),
    ...(onPodStatus ? { onPodStatus: (pod: Pod) => onPodStatus(pod, session) } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      session.deleteAll(0);
      reject(new Error(`in-process run did not end within ${options.timeoutMs ?? 20_000} ms`));
    }, options.timeoutMs ?? 20_000);
  });
  try {
    const run = session.run();
    run.catch(() => undefined);
    await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** realNowMs() just before the spawn, and at 'close'. */
  startMs: number;
  endMs: number;
  pid: number | undefined;
  stderr: string[];
}

export interface CliOptions {
  onStdout?: (line: string, atMs: number) => void;
  onStderr?: (line: string, atMs: number) => void;
  onSpawn?: (child: ChildProcess) => void;
  timeoutMs?: number;
}

/** Live CLI children: killed if the benchmark itself is interrupted (their containers go with them). */
export const liveCliChildren = new Set<ChildProcess>();

/** `node dist/main.js run ARGS...`, following stdout and stderr line by line. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const startMs = realNowMs();
    const child = spawn(process.execPath, [cliPath, "run", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    liveCliChildren.add(child);
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`podvisor run ${args.join(" ")} did not end within ${timeoutMs} ms`));
    }, timeoutMs);
    const stderr: string[] = [];
    followLines(child.stdout, options.onStdout);
    followLines(child.stderr, (line, atMs) => {
      stderr.push(line);
      if (stderr.length > 50) stderr.shift();
      options.onStderr?.(line, atMs);
    });
    child.once("spawn", () => options.onSpawn?.(child));
    child.once("error", (error) => {
      liveCliChildren.delete(child);
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      liveCliChildren.delete(child);
      clearTimeout(timer);
      resolve({ code, signal, startMs, endMs: realNowMs(), pid: child.pid, stderr });
    });
  });
}

export function followLines(stream: Readable | null, handler?: (line: string, atMs: number) => void): void {
  if (!stream) return;
  let buffered = "";
  stream.on("data", (chunk: Buffer) => {
    const atMs = realNowMs();
    buffered += chunk.toString("utf8");
    let newline: number;
    while ((newline = buffered.indexOf("\n")) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      handler?.(line, atMs);
    }
  });
}

/** Pids of live processes whose command line contains `token` (to prove nothing was left). */
export function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(token)) found.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return found;
}
