/**
 * A container's lane from its recorded transitions: each transition opens a segment that lasts
 * until the next one that changes what the picture shows (state, reason, exit code, readiness),
 * or until the pod's picture ends. A rising restart count marks a restart; the pod's events add
 * probe failures (Unhealthy) and kills (Killing) as ticks.
 */
import type { ContainerTransition } from "../store/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import type {
  ContainerLane,
  ContainerRole,
  SegmentKind,
  TimelineMarker,
  TimelineSegment,
} from "./timeline-model.js";
import { formatSpan } from "./format-span.js";

export interface ContainerPoint {
  timeMs: number;
  state: ContainerTransition;
}

export function buildContainerLane(
  name: string,
  role: ContainerRole,
  points: readonly ContainerPoint[],
  events: readonly PodvisorEvent[],
  endMs: number,
): ContainerLane {
  const segments: TimelineSegment[] = [];
  const markers: TimelineMarker[] = [];
  let restartCount = 0;
  const ordered = [...points].sort((a, b) => a.timeMs - b.timeMs);
  for (const [index, point] of ordered.entries()) {
    if (point.state.restartCount > restartCount && index > 0) {
      markers.push({ timeMs: point.timeMs, kind: "restart", label: `restart #${point.state.restartCount}` });
    }
    restartCount = Math.max(restartCount, point.state.restartCount);
    const kind = segmentKind(point.state);
    const last = segments[segments.length - 1];
    if (last !== undefined && sameLook(last, kind, point.state)) continue;
    if (last !== undefined) last.endMs = point.timeMs;
    segments.push({
      kind,
      startMs: point.timeMs,
      endMs: endMs,
      ...(point.state.reason !== undefined && kind !== "running" && kind !== "ready"
        ? { reason: point.state.reason }
        : {}),
      ...(point.state.exitCode !== undefined && kind === "terminated"
        ? { exitCode: point.state.exitCode }
        : {}),
      label: "",
      isOpen: false,
    });
  }
  for (const segment of segments) {
    segment.endMs = Math.max(segment.startMs, Math.min(segment.endMs, endMs));
    segment.label = segmentLabel(segment);
  }
  const lastSegment = segments[segments.length - 1];
  if (lastSegment !== undefined) lastSegment.isOpen = true;
  for (const event of events) {
    if (event.reason === "Unhealthy")
      markers.push({ timeMs: event.timeMs, kind: "probeFailure", label: event.message });
    else if (event.reason === "Killing")
      markers.push({ timeMs: event.timeMs, kind: "killing", label: event.message });
  }
  markers.sort((a, b) => a.timeMs - b.timeMs);
  return { name, role, segments, markers, restartCount };
}

function segmentKind(state: ContainerTransition): SegmentKind {
  if (state.state === "running") return state.ready ? "ready" : "running";
  return state.state;
}

function sameLook(segment: TimelineSegment, kind: SegmentKind, state: ContainerTransition): boolean {
  if (segment.kind !== kind) return false;
  if (kind === "running" || kind === "ready") return true;
  return segment.reason === state.reason && segment.exitCode === state.exitCode;
}

/** "CrashLoopBackOff 2s", "running 1.5s", "ready 10s", "Error (exit 1)". */
export function segmentLabel(segment: TimelineSegment): string {
  const span = formatSpan(segment.endMs - segment.startMs);
  switch (segment.kind) {
    case "waiting":
      return `${segment.reason ?? "Waiting"} ${span}`;
    case "running":
      return `running ${span}`;
    case "ready":
      return `ready ${span}`;
    case "terminated": {
      const exit = segment.exitCode !== undefined ? `exit ${segment.exitCode}` : "terminated";
      return segment.reason !== undefined ? `${segment.reason} (${exit})` : exit;
    }
  }
}
