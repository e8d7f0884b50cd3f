import { readFileSync } from "node:fs";

/** process.kill that ignores a process already gone. */
export function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** The launcher's one child in a new pid namespace: the container's PID 1. */
export function findInitPid(launcherPid: number | undefined): number | undefined {
  if (launcherPid === undefined) return undefined;
  try {
    const children = readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, "utf8")
      .trim()
      .split(/\s+/);
    const pid = Number(children[children.length - 1]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
