/**
 * The timeline model of pods from what a run recorded: each pod object (spec order, roles, last
 * status), its status history (store's pod-status.jsonl) and its events. With a history the lanes
 * are exact; without one (saved objects, a run recorded before the history existed) they are
 * rebuilt from the last status and the events (history-from-status.ts). Pure: the caller passes
 * `nowMs` for a pod that is still running.
 */
import { parseTime, type ConditionStatus, type Pod, type PodPhase } from "../api/index.js";
import type { PodStatusTransition } from "../store/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import type { ConditionLane, PodTimeline, TimelineModel, TimelineSegment } from "./timeline-model.js";
import { buildContainerLane, segmentLabel, type ContainerPoint } from "./container-lanes.js";
import { historyFromStatus } from "./history-from-status.js";
import { containersInSpecOrder } from "./pod-containers.js";

export interface PodTimelineInput {
  /** The pod as last recorded: its spec gives the lanes and their order. */
  pod: Pod;
  /** Status transitions, oldest first; lines of other pods are ignored. */
  history?: readonly PodStatusTransition[];
  /** Events; those of other objects are ignored. */
  events?: readonly PodvisorEvent[];
}

export interface TimelineOptions {
  /** Where the picture of a pod that has not finished ends (the run is live); else its last record. */
  nowMs?: number;
  /** Show only the last `sinceMs` before the end (`--since`). */
  sinceMs?: number;
}

const finishedTailShare = 0.04;
const finishedTailMinMs = 200;

/** Conditions drawn as bands, in the order the pod's life passes them; PodScheduled is always True here. */
const conditionOrder = ["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"];

export function buildTimeline(
  inputs: readonly PodTimelineInput[],
  options: TimelineOptions = {},
): TimelineModel {
  const pods = inputs.map((input) => buildPodTimeline(input, options));
  const originMs = Math.min(...pods.map((pod) => pod.startMs));
  const endMs = Math.max(...pods.map((pod) => pod.endMs));
  const model: TimelineModel = {
    pods,
    originMs: Number.isFinite(originMs) ? originMs : 0,
    startMs: Number.isFinite(originMs) ? originMs : 0,
    endMs: Number.isFinite(endMs) ? endMs : 0,
  };
  return options.sinceMs !== undefined ? clipTimeline(model, model.endMs - options.sinceMs) : model;
}

export function buildPodTimeline(input: PodTimelineInput, options: TimelineOptions = {}): PodTimeline {
  const { pod } = input;
  const namespace = pod.metadata.namespace ?? "default";
  const name = pod.metadata.name ?? "";
  const events = (input.events ?? []).filter(
    (event) =>
      event.involvedObject.kind === "Pod" &&
      event.involvedObject.name === name &&
      event.involvedObject.namespace === namespace,
  );
  const recorded = ownHistory(input.history ?? [], pod);
  const history = recorded.length > 0 ? recorded : historyFromStatus(pod, events);
  const firstMs = history[0]?.timeMs ?? 0;
  // status.startTime has whole seconds only: a recorded history starts the picture more exactly.
  const startMs =
    recorded.length > 0 ? firstMs : Math.min(firstMs, parseTime(pod.status?.startTime) ?? firstMs);
  const ownEvents = events.filter((event) => event.timeMs >= startMs);
  const lastMs = Math.max(
    startMs,
    ...history.map((line) => line.timeMs),
    ...ownEvents.map((event) => event.timeMs),
  );
  const isTerminal = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
  // A pod that finished is drawn a little past its last record, so its final states show.
  const endMs = isTerminal
    ? lastMs + Math.max(finishedTailMinMs, (lastMs - startMs) * finishedTailShare)
    : Math.max(lastMs, options.nowMs ?? lastMs);

  const points = new Map<string, ContainerPoint[]>();
  const phases: { timeMs: number; value: PodPhase }[] = [];
  const conditions = new Map<string, { timeMs: number; value: ConditionStatus }[]>();
  for (const line of history) {
    if (line.phase !== undefined) phases.push({ timeMs: line.timeMs, value: line.phase });
    for (const [type, status] of Object.entries(line.conditions ?? {})) {
      const list = conditions.get(type) ?? [];
      list.push({ timeMs: line.timeMs, value: status });
      conditions.set(type, list);
    }
    for (const state of line.containers ?? []) {
      const list = points.get(state.name) ?? [];
      list.push({ timeMs: line.timeMs, state });
      points.set(state.name, list);
    }
  }
  const lanes = containersInSpecOrder(pod).map(({ name: container, role, fieldPath }) =>
    buildContainerLane(
      container,
      role,
      points.get(container) ?? [],
      ownEvents.filter((event) => event.involvedObject.fieldPath === fieldPath),
      endMs,
    ),
  );
  return {
    namespace,
    name,
    startMs,
    endMs,
    phases: toSpans(phases, endMs).map(({ value, startMs: from, endMs: to }) => ({
      phase: value,
      startMs: from,
      endMs: to,
    })),
    conditions: orderConditions(conditions).map(([type, list]) => ({
      type,
      segments: toSpans(list, endMs).map(({ value, startMs: from, endMs: to }) => ({
        status: value,
        startMs: from,
        endMs: to,
      })),
    })),
    lanes,
    source: recorded.length > 0 ? "history" : "status",
    isTruncated: recorded.some((line) => line.truncated === true),
  };
}

/** The lines of this pod: of its name, and from its uid's first line on (a StatefulSet pod re-created keeps its name). */
function ownHistory(history: readonly PodStatusTransition[], pod: Pod): PodStatusTransition[] {
  const namespace = pod.metadata.namespace ?? "default";
  const mine = history.filter((line) => line.namespace === namespace && line.name === pod.metadata.name);
  const uid = pod.metadata.uid;
  const from = uid === undefined ? -1 : mine.map((line) => line.uid).lastIndexOf(uid);
  return from > 0 ? mine.slice(from) : mine;
}

function toSpans<T>(
  points: readonly { timeMs: number; value: T }[],
  endMs: number,
): { value: T; startMs: number; endMs: number }[] {
  const spans: { value: T; startMs: number; endMs: number }[] = [];
  for (const point of points) {
    const last = spans[spans.length - 1];
    if (last !== undefined && last.value === point.value) continue;
    if (last !== undefined) last.endMs = point.timeMs;
    spans.push({ value: point.value, startMs: point.timeMs, endMs });
  }
  return spans;
}

function orderConditions<T>(conditions: Map<string, T>): [string, T][] {
  const rank = (type: string) => {
    const index = conditionOrder.indexOf(type);
    return index === -1 ? conditionOrder.length : index;
  };
  return [...conditions.entries()]
    .filter(([type]) => type !== "PodScheduled")
    .sort(([a], [b]) => rank(a) - rank(b));
}

/** Keeps what overlaps [fromMs, end]: segments cut at fromMs are relabelled with what is shown. */
function clipTimeline(model: TimelineModel, fromMs: number): TimelineModel {
  if (fromMs <= model.startMs) return model;
  const clip = <S extends { startMs: number; endMs: number }>(spans: readonly S[]): S[] =>
    spans
      .filter((span) => span.endMs > fromMs)
      .map((span) => ({ ...span, startMs: Math.max(span.startMs, fromMs) }));
  const clipSegments = (segments: readonly TimelineSegment[]) =>
    clip(segments).map((segment) => ({ ...segment, label: segmentLabel(segment) }));
  return {
    ...model,
    startMs: fromMs,
    pods: model.pods.map((pod) => ({
      ...pod,
      phases: clip(pod.phases),
      conditions: pod.conditions.map((lane): ConditionLane => ({ ...lane, segments: clip(lane.segments) })),
      lanes: pod.lanes.map((lane) => ({
        ...lane,
        segments: clipSegments(lane.segments),
        markers: lane.markers.filter((marker) => marker.timeMs >= fromMs),
      })),
    })),
  };
}
