/**
 * The adapter from a run's state directory to the timeline model: each pod's object, its status
 * history (pod-status.jsonl) and its events (events.jsonl). Reading while the run goes on is
 * safe (the writer replaces pod files atomically and appends whole lines), so a live run's
 * timeline ends at `nowMs`; a finished or lost run's ends at its last record.
 */
import type { Pod } from "../api/index.js";
import {
  asLastKnown,
  isRunFinished,
  lostRunMetadata,
  readEvents,
  readPodStatusHistory,
  readPods,
  type RunDirectory,
} from "../store/index.js";
import { buildTimeline, type PodTimelineInput, type TimelineOptions } from "./build-timeline.js";
import type { TimelineModel } from "./timeline-model.js";

export interface ReadRunTimelineOptions extends TimelineOptions {
  /** Only these pods (by name, in this order); default every pod of the run. */
  podNames?: readonly string[];
  /** Only pods of this namespace (default: any). */
  namespace?: string;
}

export interface RunTimeline {
  model: TimelineModel;
  /** Names asked for that the run does not have. */
  missing: string[];
}

/** The inputs of buildTimeline for the run's pods, and the names it does not have. */
export function readTimelineInputs(
  run: RunDirectory,
  podNames?: readonly string[],
  namespace?: string,
): { inputs: PodTimelineInput[]; missing: string[] } {
  const lost = lostRunMetadata(run);
  const pods = readPods(run)
    .filter((pod) => namespace === undefined || (pod.metadata.namespace ?? "default") === namespace)
    .map((pod) => (lost ? asLastKnown(pod, lost) : pod));
  const selected: Pod[] =
    podNames === undefined || podNames.length === 0
      ? pods
      : podNames.flatMap((name) => pods.filter((pod) => pod.metadata.name === name));
  const missing = (podNames ?? []).filter((name) => !pods.some((pod) => pod.metadata.name === name));
  const history = selected.length > 0 ? readPodStatusHistory(run) : [];
  const events = selected.length > 0 ? readEvents(run) : [];
  return { inputs: selected.map((pod) => ({ pod, history, events })), missing };
}

/** The timeline of a run's pods; `nowMs` counts only while the run is live. */
export function readRunTimeline(run: RunDirectory, options: ReadRunTimelineOptions = {}): RunTimeline {
  const { inputs, missing } = readTimelineInputs(run, options.podNames, options.namespace);
  const isLive = !isRunFinished(run);
  const model = buildTimeline(inputs, {
    ...(isLive && options.nowMs !== undefined ? { nowMs: options.nowMs } : {}),
    ...(options.sinceMs !== undefined ? { sinceMs: options.sinceMs } : {}),
  });
  return { model, missing };
}
