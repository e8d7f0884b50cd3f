/**
 * The built CLI (dist/main.js) as a child process of a cluster test, under `setpriv --pdeathsig
 * KILL` so it dies with the test process, its stdout and stderr kept together for assertions and
 * post-mortems. `podvisor webhook`, `node` and `controller` are each started this way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "..", "..", "..");
export const cliPath = join(repoRoot, "dist", "main.js");

export interface PodvisorChild {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output: () => string;
  /** Its exit code (null when a signal ended it), once it has exited. */
  exited: Promise<number | null>;
  /** Sends `signal`, then SIGKILL after `killAfterMs`; resolves with the exit code once it has exited. */
  stop: (signal: NodeJS.Signals, killAfterMs: number) => Promise<number | null>;
}

/** `nodeArgs` go to node itself, before the CLI (e.g. the benchmark's `--cpu-prof`). */
export function spawnPodvisor(args: readonly string[], nodeArgs: readonly string[] = []): PodvisorChild {
  if (!existsSync(cliPath))
    throw new Error(`${cliPath} is missing: run npm run build before the cluster tests`);
  const child = spawn(
    "setpriv",
    ["--pdeathsig", "KILL", "--", process.execPath, ...nodeArgs, cliPath, ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr?.setEncoding("utf8").on("data", (c: string) => (output += c));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return {
    child,
    output: () => output,
    exited,
    stop: async (signal, killAfterMs) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
