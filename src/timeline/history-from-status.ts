/**
 * A status history rebuilt from what saved objects keep (`kubectl get pod -o yaml` and
 * `kubectl get events -o json`), for pods without a recorded one. It is approximate: the status
 * keeps only the current and the last state of each container (whole seconds), so the earlier
 * instances of a crash loop come from the events — Started opens a run, BackOff a
 * CrashLoopBackOff wait — and a condition is taken to have held its other value until its
 * lastTransitionTime.
 */
import { parseTime, type ConditionStatus, type ContainerStatus, type Pod } from "../api/index.js";
import type { ContainerTransition, PodStatusTransition } from "../store/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import { containersInSpecOrder } from "./pod-containers.js";

interface Point {
  timeMs: number;
  /** Ties: events (0) before the last status (1). */
  order: number;
  line: Omit<PodStatusTransition, "timeMs" | "namespace" | "name">;
}

export function historyFromStatus(pod: Pod, events: readonly PodvisorEvent[]): PodStatusTransition[] {
  const status = pod.status ?? {};
  const eventTimes = events.map((event) => event.timeMs);
  const startMs =
    parseTime(status.startTime) ?? parseTime(pod.metadata.creationTimestamp) ?? Math.min(...eventTimes, 0);
  const points: Point[] = [];
  const containers = containersInSpecOrder(pod);
  const hasInit = containers.some((container) => container.role !== "app");
  const statuses = new Map<string, ContainerStatus>(
    [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])].map((s) => [s.name, s]),
  );
  points.push({ timeMs: startMs, order: 0, line: { phase: "Pending" } });
  for (const condition of status.conditions ?? []) {
    if (condition.type === "PodScheduled") continue;
    const changedMs = parseTime(condition.lastTransitionTime ?? undefined) ?? startMs;
    const other: ConditionStatus = condition.status === "True" ? "False" : "True";
    if (changedMs > startMs && condition.status === "True")
      points.push({ timeMs: startMs, order: 0, line: { conditions: { [condition.type]: other } } });
    points.push({
      timeMs: Math.max(changedMs, startMs),
      order: 1,
      line: { conditions: { [condition.type]: condition.status } },
    });
  }
  for (const { name, role, fieldPath } of containers) {
    const waiting = role === "app" && hasInit ? "PodInitializing" : "ContainerCreating";
    let restartCount = 0;
    const at = (timeMs: number, order: number, state: Omit<ContainerTransition, "name" | "restartCount">) =>
      points.push({ timeMs, order, line: { containers: [{ name, restartCount, ...state }] } });
    at(startMs, 0, { state: "waiting", reason: waiting, ready: false });
    let started = 0;
    for (const event of events.filter((e) => e.involvedObject.fieldPath === fieldPath)) {
      if (event.reason === "Started") {
        restartCount = started++;
        at(event.timeMs, 0, { state: "running", ready: false });
      } else if (event.reason === "BackOff") {
        at(event.timeMs, 0, { state: "waiting", reason: "CrashLoopBackOff", ready: false });
      }
    }
    const containerStatus = statuses.get(name);
    if (containerStatus === undefined) continue;
    restartCount = containerStatus.restartCount;
    const last = containerStatus.lastState?.terminated;
    if (last !== undefined) {
      const finishedMs = parseTime(last.finishedAt);
      if (finishedMs !== undefined)
        at(finishedMs, 1, {
          state: "terminated",
          exitCode: last.exitCode,
          ready: false,
          ...(last.reason !== undefined ? { reason: last.reason } : {}),
        });
    }
    const state = containerStatus.state ?? {};
    const ready = containerStatus.ready;
    if (state.running !== undefined) {
      at(parseTime(state.running.startedAt) ?? startMs, 1, { state: "running", ready });
    } else if (state.terminated !== undefined) {
      const terminated = state.terminated;
      const startedMs = parseTime(terminated.startedAt);
      if (startedMs !== undefined) at(startedMs, 1, { state: "running", ready: false });
      at(parseTime(terminated.finishedAt) ?? startedMs ?? startMs, 1, {
        state: "terminated",
        exitCode: terminated.exitCode,
        ready: false,
        ...(terminated.reason !== undefined ? { reason: terminated.reason } : {}),
      });
    } else if (state.waiting !== undefined) {
      const sinceMs = Math.max(parseTime(last?.finishedAt) ?? startMs, startMs);
      at(sinceMs, 1, {
        state: "waiting",
        ready: false,
        ...(state.waiting.reason ? { reason: state.waiting.reason } : {}),
      });
    }
  }
  if (status.phase !== undefined && status.phase !== "Pending") {
    const changedMs = phaseChangeMs(pod) ?? startMs;
    points.push({ timeMs: changedMs, order: 1, line: { phase: status.phase } });
  }
  const namespace = pod.metadata.namespace ?? "default";
  const name = pod.metadata.name ?? "";
  return points
    .sort((a, b) => a.timeMs - b.timeMs || a.order - b.order)
    .map((point) => ({ timeMs: point.timeMs, namespace, name, ...point.line }));
}

/** Running since the first container ran; Succeeded or Failed since the last one finished. */
function phaseChangeMs(pod: Pod): number | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  if (pod.status?.phase === "Running") {
    const starts = statuses.flatMap((s) => [parseTime(s.state?.running?.startedAt) ?? Infinity]);
    const first = Math.min(...starts);
    return Number.isFinite(first) ? first : undefined;
  }
  const ends = statuses.flatMap((s) => [parseTime(s.state?.terminated?.finishedAt) ?? -Infinity]);
  const last = Math.max(...ends);
  return Number.isFinite(last) ? last : undefined;
}
