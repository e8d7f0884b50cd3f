/**
 * Whether the `podvisor run` that wrote a run directory is still running. A run killed with
 * SIGKILL never records its end; readers then must not show its pods Running for ever, nor wait
 * for them (`logs -f`, `get -w`). The pid alone is not enough (pids are reused), so run.json also
 * records the process's start time as the kernel reports it (/proc/<pid>/stat field 22, clock
 * ticks since boot); where /proc is missing the pid alone decides.
 */
import { readFileSync } from "node:fs";
import type { ContainerStatus, Pod } from "../api/index.js";

/** The kernel's start time of `pid`, or undefined where /proc cannot say. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (comm) may contain spaces and parentheses: count fields after its closing ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

export function isRecordedRunAlive(run: { pid: number; processStartTime?: string | undefined }): boolean {
  try {
    process.kill(run.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else (then it is not our run either, unless the start time matches).
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (run.processStartTime === undefined) return true;
  const now = processStartTime(run.pid);
  return now === undefined || now === run.processStartTime;
}

/**
 * A pod of a lost run as a cluster shows a lost node's pods: the last known status, not ready,
 * with the reason NodeLost (what `kubectl get pods` printed for them). Finished pods are as they were.
 */
export function asLastKnown(pod: Pod, run: { pid: number }): Pod {
  const phase = pod.status?.phase;
  if (pod.status === undefined || phase === "Succeeded" || phase === "Failed") return pod;
  const notReady = (statuses: ContainerStatus[] | undefined) =>
    statuses?.map((s) => ({ ...s, ready: false }));
  const initContainerStatuses = notReady(pod.status.initContainerStatuses);
  const containerStatuses = notReady(pod.status.containerStatuses);
  return {
    ...pod,
    status: {
      ...pod.status,
      reason: "NodeLost",
      message: `the podvisor run (pid ${run.pid}) that ran this pod ended without recording its end; this is its last known status`,
      conditions: (pod.status.conditions ?? []).map((c) =>
        c.type === "Ready" || c.type === "ContainersReady"
          ? { ...c, status: "False", reason: "NodeLost" }
          : c,
      ),
      ...(initContainerStatuses ? { initContainerStatuses } : {}),
      ...(containerStatuses ? { containerStatuses } : {}),
    },
  };
}
