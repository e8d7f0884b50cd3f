/**
 * The timeline of one or more pods as data: what `renderTimelineSvg` draws and what the web UI
 * embeds. Times are epoch milliseconds; the picture labels them as seconds from `originMs`.
 */
import type { ConditionStatus, PodPhase } from "../api/index.js";

/** Init containers run to completion first, sidecars (restartable init containers) alongside the app. */
export type ContainerRole = "init" | "sidecar" | "app";

/** A container's state over an interval; `ready` is running with its readiness passed. */
export type SegmentKind = "waiting" | "running" | "ready" | "terminated";

export interface TimelineSegment {
  kind: SegmentKind;
  startMs: number;
  endMs: number;
  /** The waiting or terminated reason (ContainerCreating, CrashLoopBackOff, Completed, Error, …). */
  reason?: string;
  exitCode?: number;
  /** What the picture writes on the segment: "CrashLoopBackOff 2s", "exit 1", "ready". */
  label: string;
  /** The segment ends because the pod's picture ends, not because the state changed. */
  isOpen: boolean;
}

export interface TimelineMarker {
  timeMs: number;
  /** restart: the container's restart count rose; probeFailure: an Unhealthy event; killing: Killing. */
  kind: "restart" | "probeFailure" | "killing";
  label: string;
}

export interface ContainerLane {
  name: string;
  role: ContainerRole;
  segments: TimelineSegment[];
  markers: TimelineMarker[];
  restartCount: number;
}

export interface PhaseSegment {
  phase: PodPhase;
  startMs: number;
  endMs: number;
}

export interface ConditionSegment {
  status: ConditionStatus;
  startMs: number;
  endMs: number;
}

export interface ConditionLane {
  type: string;
  segments: ConditionSegment[];
}

export interface PodTimeline {
  namespace: string;
  name: string;
  /** When the pod started (status.startTime or its first recorded status). */
  startMs: number;
  endMs: number;
  phases: PhaseSegment[];
  conditions: ConditionLane[];
  /** Init containers, sidecars and app containers in spec order. */
  lanes: ContainerLane[];
  /** How the lanes were derived: the recorded status history (exact) or the last status and events. */
  source: "history" | "status";
  /** The history stopped recording this pod (pod-status-history.ts's bound). */
  isTruncated: boolean;
}

export interface TimelineModel {
  pods: PodTimeline[];
  /** The shared axis: time 0 is the earliest pod's start, the window ends at `endMs`. */
  originMs: number;
  startMs: number;
  endMs: number;
}
