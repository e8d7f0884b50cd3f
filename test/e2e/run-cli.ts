/**
 * Runs the built CLI (`dist/main.js`) as a user would, with its own state directory.
 * `npm test` builds first. Real processes, short real timings; assertions are about order and
 * outcome, never about how long something took.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "..", "..");
export const cliPath = join(repoRoot, "dist", "main.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stateDir: string;
}

export interface CliRun {
  child: ChildProcess;
  stdoutSoFar(): string;
  stderrSoFar(): string;
  /** Resolves when stdout contains `text`. */
  waitForOutput(text: string): Promise<void>;
  /** Resolves when stderr (events, pod rows) contains `text`. */
  waitForStderr(text: string): Promise<void>;
  done: Promise<CliResult>;
}

export function startCli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; stateDir?: string } = {},
): CliRun {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "podvisor-e2e-"));
  const child = spawn(process.execPath, [cliPath, ...args, "--state-dir", stateDir], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  const stderrWaiters: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const w of waiters.filter((w) => stdout.includes(w.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    for (const w of stderrWaiters.filter((w) => stderr.includes(w.text))) {
      stderrWaiters.splice(stderrWaiters.indexOf(w), 1);
      w.resolve();
    }
  });
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  else child.stdin.end();
  const done = new Promise<CliResult>((resolvePromise) =>
    child.on("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr, stateDir })),
  );
  return {
    child,
    stdoutSoFar: () => stdout,
    stderrSoFar: () => stderr,
    waitForOutput: (text) =>
      stdout.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolveWait) => waiters.push({ text, resolve: resolveWait })),
    waitForStderr: (text) =>
      stderr.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolveWait) => stderrWaiters.push({ text, resolve: resolveWait })),
    done,
  };
}

export function runCli(
  args: string[],
  options: { stdin?: string; stateDir?: string } = {},
): Promise<CliResult> {
  return startCli(args, options).done;
}

/** The lines a container printed, without the `pod container │ ` prefix, in order. */
export function linesOf(stdout: string, container: string): string[] {
  return stdout
    .split("\n")
    .filter((line) => line.split(" │ ")[0]?.split(" ")[1] === container)
    .map((line) => line.slice(line.indexOf(" │ ") + 3));
}

/** The position of the first stdout line containing `text`; fails the test when absent. */
export function positionOf(stdout: string, text: string): number {
  const index = stdout.split("\n").findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`output has no line containing ${JSON.stringify(text)}:\n${stdout}`);
  return index;
}

export function readStatusFile(path: string): {
  items: { kind: string; metadata: { name: string }; status?: Record<string, unknown> }[];
} {
  return JSON.parse(readFileSync(path, "utf8")) as {
    items: { kind: string; metadata: { name: string }; status?: Record<string, unknown> }[];
  };
}

/** PIDs of processes whose command line contains `marker` (Linux /proc). */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
