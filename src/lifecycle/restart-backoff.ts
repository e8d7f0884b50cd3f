/**
 * CrashLoopBackOff (B4): client-go `flowcontrol.Backoff` exactly as the kubelet configures it
 * (kubelet.go: `NewBackOff(10s, 300s)` with `HasExpiredFunc` = "exit more than 600 s after the
 * entry's lastUpdate"; `crashLoopBackOff.maxContainerRestartPeriod` replaces the cap and lowers the
 * initial delay when smaller), driven the way `kuberuntime_manager.go` `doBackOff` drives it.
 */
import type { Pod } from "../api/index.js";
import type { BackoffEntry, ContainerRecord } from "./pod-state.js";
import { isImageChanged } from "./spec-change-kills.js";

export const INITIAL_BACKOFF_MS = 10_000;
export const DEFAULT_MAX_BACKOFF_MS = 300_000;
/** The kubelet's flat reset threshold (it overrides client-go's "2 × max"). */
export const BACKOFF_EXPIRY_MS = 600_000;

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** B4 / KEP-5593: a configured maximum replaces the cap; below 10 s it is also the initial delay. */
export function resolveBackoffPolicy(maxBackoffMs: number | undefined): BackoffPolicy {
  const maxMs = maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  return { initialMs: Math.min(INITIAL_BACKOFF_MS, maxMs), maxMs };
}

function hasExpired(entry: BackoffEntry, eventTimeMs: number): boolean {
  return eventTimeMs - entry.lastUpdateMs > BACKOFF_EXPIRY_MS;
}

/** client-go `IsInBackOffSince(id, eventTime)`: is `nowMs` still inside the window that began at the exit? */
export function isInBackOffSince(
  entry: BackoffEntry | undefined,
  eventTimeMs: number,
  nowMs: number,
): boolean {
  if (!entry || hasExpired(entry, eventTimeMs)) return false;
  return nowMs - eventTimeMs < entry.delayMs;
}

/**
 * client-go `Next(id, eventTime)`: a new or expired entry starts at the initial delay, otherwise the
 * delay doubles up to the cap; `lastUpdate` is the time of the start (the kubelet's clock at `Next`).
 */
export function nextBackoffEntry(
  entry: BackoffEntry | undefined,
  eventTimeMs: number,
  nowMs: number,
  policy: BackoffPolicy,
): BackoffEntry {
  if (!entry || hasExpired(entry, eventTimeMs)) return { delayMs: policy.initialMs, lastUpdateMs: nowMs };
  return { delayMs: Math.min(entry.delayMs * 2, policy.maxMs), lastUpdateMs: nowMs };
}

/** Go's `time.Duration.String()` for whole milliseconds: "10s", "1m20s", "5m0s", "1h0m0s", "500ms". */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = ((ms % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, "");
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** kubelet `format.Pod`: `<name>_<namespace>(<uid>)`. */
export function formatPodDescription(pod: Pod): string {
  return `${pod.metadata.name ?? ""}_${pod.metadata.namespace ?? "default"}(${pod.metadata.uid ?? ""})`;
}

/** The CrashLoopBackOff waiting message (doBackOff): `back-off 10s restarting failed container=app pod=web_default(uid)`. */
export function formatBackOffMessage(delayMs: number, containerName: string, pod: Pod): string {
  return `back-off ${formatGoDuration(delayMs)} restarting failed container=${containerName} pod=${formatPodDescription(pod)}`;
}

export type StartPlan =
  | { kind: "start"; backoff: BackoffEntry | undefined }
  | { kind: "backOff"; message: string; untilMs: number };

/**
 * doBackOff for one container the engine wants to (re)start. The event time is the last exit's
 * finishedAt; for a failed start attempt (A17) it is the failure time, so start failures back off
 * like crashes instead of spinning. A container that never ran starts without touching the entry
 * (the kubelet finds no exited status and skips `Next`), which is why the first restart after the
 * first exit is immediate (B4, issue #133472).
 */
export function planContainerStart(
  pod: Pod,
  record: ContainerRecord,
  nowMs: number,
  policy: BackoffPolicy,
): StartPlan {
  const eventTimeMs = lastEventTimeMs(record);
  if (eventTimeMs === undefined) return { kind: "start", backoff: record.backoff };
  const entry = hasBackoffKey(pod, record) ? record.backoff : undefined;
  if (entry && isInBackOffSince(entry, eventTimeMs, nowMs)) {
    return {
      kind: "backOff",
      message: formatBackOffMessage(entry.delayMs, record.name, pod),
      untilMs: eventTimeMs + entry.delayMs,
    };
  }
  return { kind: "start", backoff: nextBackoffEntry(entry, eventTimeMs, nowMs, policy) };
}

/**
 * The kubelet keys the entry by pod, container name and container hash (`getStableKey`): once the
 * spec names another image than the one the entry was recorded with, the entry is another key's
 * and the next start begins a fresh one (A16: no CrashLoopBackOff for the new image).
 */
function hasBackoffKey(pod: Pod, record: ContainerRecord): boolean {
  const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find(
    (c) => c.name === record.name,
  );
  return spec === undefined || !isImageChanged({ spec }, record);
}

/**
 * doBackOff's event time: the finishedAt of the container's latest exited instance. A start that
 * failed before any container was created (`retriesOnSync`: CreateContainerError,
 * CreateContainerConfigError, ErrImageNeverPull) left no exited instance, so the event time stays
 * the previous instance's exit, and a container that never ran has none: no back-off at all
 * (kuberuntime_manager.go `doBackOff` looks only at `ContainerStateExited` statuses). Any other
 * failed start (RunContainerError) left an exited container behind at the failure time.
 */
function lastEventTimeMs(record: ContainerRecord): number | undefined {
  switch (record.state.kind) {
    case "exited":
      return record.state.termination.finishedAtMs;
    case "startFailed":
      if (record.state.retriesOnSync) return record.lastTermination?.finishedAtMs;
      return record.state.atMs;
    default:
      return undefined;
  }
}
