/**
 * One `kubectl get pods` row, as the API server's table printer builds it (kubernetes
 * `pkg/printers/internalversion/printers.go` `printPod`). The rules, in order, are
 * docs/rules/printing.md; the quirks (positional regular statuses, backwards walk,
 * `Init:i/N` from the status index) are kept on purpose.
 */
import { isSidecar, parseTime, type Container, type ContainerStatus, type Pod } from "../api/index.js";
import { humanDuration } from "./human-duration.js";

export interface PodRow {
  NAME: string;
  READY: string;
  STATUS: string;
  RESTARTS: string;
  AGE: string;
  /** `-o wide` only. */
  IP?: string;
  NODE?: string;
  "NOMINATED NODE"?: string;
  "READINESS GATES"?: string;
}

export interface PrintPodOptions {
  /** Epoch milliseconds the ages are measured from. */
  now: number;
  /** Add the `-o wide` columns. */
  wide?: boolean;
}

/** Restarts and the latest `lastState.terminated.finishedAt` among the statuses counted so far. */
interface RestartTally {
  count: number;
  lastMs: number | undefined;
}

const NONE = "<none>";

/** The row `kubectl get pod` prints for `pod` (docs/rules/printing.md "STATUS, READY and RESTARTS"). */
export function printPodRow(pod: Pod, options: PrintPodOptions): PodRow {
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  let reason: string = status.phase ?? "";
  if (status.reason !== undefined && status.reason !== "") reason = status.reason;
  if (conditions.some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated"))
    reason = "SchedulingGated";

  const initContainers = pod.spec.initContainers ?? [];
  // The printer indexes spec init containers by name; a later duplicate wins, as in a Go map.
  const initByName = new Map<string, Container>(initContainers.map((c) => [c.name, c]));
  const isRestartable = (name: string): boolean => {
    const container = initByName.get(name);
    return container !== undefined && isSidecar(container);
  };
  const total = pod.spec.containers.length + initContainers.filter(isSidecar).length;
  let ready = 0;
  const all: RestartTally = { count: 0, lastMs: undefined };
  const sidecars: RestartTally = { count: 0, lastMs: undefined };

  let isInitializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (const [index, s] of initStatuses.entries()) {
    addRestarts(all, s);
    const restartable = isRestartable(s.name);
    if (restartable) addRestarts(sidecars, s);
    const terminated = s.state?.terminated;
    const waiting = s.state?.waiting;
    if (terminated !== undefined && terminated.exitCode === 0) continue;
    if (restartable && s.started === true) {
      if (s.ready) ready++;
      continue;
    }
    if (terminated !== undefined) {
      reason = initTerminatedReason(terminated.reason, terminated.signal, terminated.exitCode);
    } else if (
      waiting?.reason !== undefined &&
      waiting.reason !== "" &&
      waiting.reason !== "PodInitializing"
    ) {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${index}/${initContainers.length}`;
    }
    isInitializing = true;
    break;
  }

  let restarts = all;
  const initialized = conditions.find((c) => c.type === "Initialized");
  if (!isInitializing || initialized?.status === "True") {
    restarts = { ...sidecars };
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const s = statuses[i];
      if (s === undefined) continue;
      addRestarts(restarts, s);
      const waiting = s.state?.waiting;
      const terminated = s.state?.terminated;
      if (waiting?.reason !== undefined && waiting.reason !== "") reason = waiting.reason;
      else if (terminated?.reason !== undefined && terminated.reason !== "") reason = terminated.reason;
      else if (terminated !== undefined) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      } else if (s.ready && s.state?.running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      reason = conditions.some((c) => c.type === "Ready" && c.status === "True") ? "Running" : "NotReady";
    }
  }

  if (pod.metadata.deletionTimestamp !== undefined) {
    if (status.reason === "NodeLost") reason = "Unknown";
    else if (status.phase !== "Succeeded" && status.phase !== "Failed") reason = "Terminating";
  }

  let restartsCell = String(restarts.count);
  if (restarts.count !== 0 && restarts.lastMs !== undefined) {
    restartsCell = `${restarts.count} (${humanDuration(options.now - restarts.lastMs)} ago)`;
  }
  const createdMs = parseTime(pod.metadata.creationTimestamp);
  const row: PodRow = {
    NAME: pod.metadata.name ?? "",
    READY: `${ready}/${total}`,
    STATUS: reason,
    RESTARTS: restartsCell,
    AGE: createdMs === undefined ? "<unknown>" : humanDuration(options.now - createdMs),
  };
  if (options.wide === true) {
    const gates = pod.spec.readinessGates ?? [];
    const trueGates = gates.filter(
      (g) => conditions.find((c) => c.type === g.conditionType)?.status === "True",
    ).length;
    row.IP = status.podIPs?.[0]?.ip ?? NONE;
    row.NODE = pod.spec.nodeName !== undefined && pod.spec.nodeName !== "" ? pod.spec.nodeName : NONE;
    row["NOMINATED NODE"] =
      status.nominatedNodeName !== undefined && status.nominatedNodeName !== ""
        ? status.nominatedNodeName
        : NONE;
    row["READINESS GATES"] = gates.length === 0 ? NONE : `${trueGates}/${gates.length}`;
  }
  return row;
}

function addRestarts(tally: RestartTally, s: ContainerStatus): void {
  tally.count += s.restartCount;
  const finishedMs = parseTime(s.lastState?.terminated?.finishedAt);
  if (finishedMs !== undefined && (tally.lastMs === undefined || finishedMs > tally.lastMs))
    tally.lastMs = finishedMs;
}

function initTerminatedReason(
  reason: string | undefined,
  signal: number | undefined,
  exitCode: number,
): string {
  if (reason !== undefined && reason !== "") return `Init:${reason}`;
  if (signal !== undefined && signal !== 0) return `Init:Signal:${signal}`;
  return `Init:ExitCode:${exitCode}`;
}
