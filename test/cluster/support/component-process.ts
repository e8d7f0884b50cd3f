/**
 * One control-plane component as a child process whose output goes to a log file.
 *
 * Nothing may outlive the test run, not even when the test process is killed: each component is
 * started under `setpriv --pdeathsig KILL` (as the process runtime backend starts containers), so
 * the kernel SIGKILLs it when its parent dies. setpriv execs the component, so the child's pid is
 * the component's own. A normal stop sends SIGTERM, then SIGKILL after a grace period.
 */
import { spawn } from "node:child_process";
import { appendFileSync, closeSync, openSync, readFileSync } from "node:fs";
import type { ComponentName } from "./control-plane-binaries.js";

export interface ComponentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ComponentProcess {
  name: ComponentName;
  pid: number;
  logPath: string;
  /** Settles when the process has exited (also when it exits on its own). */
  exited: Promise<ComponentExit>;
  hasExited(): boolean;
  stop(gracePeriodMs?: number): Promise<ComponentExit>;
}

const livePids = new Set<number>();
let exitHookInstalled = false;

/**
 * If the test process exits without stopping a component (an uncaught error, process.exit), the
 * component would only die through pdeathsig; kill it here too, synchronously, on the way out.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const pid of livePids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  });
}

export function startComponent(
  name: ComponentName,
  binaryPath: string,
  args: string[],
  logPath: string,
): ComponentProcess {
  installExitHook();
  const logFd = openSync(logPath, "a");
  const child = spawn("setpriv", ["--pdeathsig", "KILL", "--", binaryPath, ...args], {
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);
  let exit: ComponentExit | undefined;
  const exited = new Promise<ComponentExit>((resolve) => {
    child.once("error", (error) => {
      exit = { code: 127, signal: null };
      // Into the log, so that the start-up error quoting its tail names the cause.
      appendFileSync(logPath, `could not start setpriv (util-linux) for ${binaryPath}: ${error.message}\n`);
      resolve(exit);
    });
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      if (child.pid !== undefined) livePids.delete(child.pid);
      resolve(exit);
    });
  });
  if (child.pid !== undefined) livePids.add(child.pid);
  return {
    name,
    pid: child.pid ?? -1,
    logPath,
    exited,
    hasExited: () => exit !== undefined,
    async stop(gracePeriodMs = 10_000) {
      if (exit !== undefined) return exit;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), gracePeriodMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The last `lines` lines of a component's log, for a failure message. */
export function logTail(logPath: string, lines = 40): string {
  try {
    return readFileSync(logPath, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
