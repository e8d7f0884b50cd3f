import { readFileSync } from "node:fs";
import { canonicalSignal, type NamedSignal } from "../../api/index.js";

/** process.kill that ignores a process already gone. Node knows each signal by its usual name. */
export function sendSignal(pid: number, signal: NamedSignal): void {
  try {
    process.kill(pid, canonicalSignal(signal) ?? signal);
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
