/**
 * A saved core/v1 Event (`kubectl get events -o json`) as the timeline reads events. kubectl's
 * events keep only the first and last of a repeated event (`count`), so a crash loop saved this
 * way shows its last BackOff, not each one; a run's events.jsonl keeps every one.
 */
import { isRecord, parseTime, type Fields } from "../api/index.js";
import type { EventReason, InvolvedObject, PodvisorEvent } from "../shared/index.js";

export function eventFromCoreEvent(object: Fields): PodvisorEvent | undefined {
  const about = isRecord(object.involvedObject) ? object.involvedObject : undefined;
  if (about === undefined || about.kind !== "Pod" || typeof about.name !== "string") return undefined;
  const series = isRecord(object.series) ? object.series : {};
  const timeMs =
    parseTime(text(object.lastTimestamp)) ??
    parseTime(text(series.lastObservedTime)) ??
    parseTime(text(object.eventTime)) ??
    parseTime(text(object.firstTimestamp));
  if (timeMs === undefined || typeof object.reason !== "string") return undefined;
  const involvedObject: InvolvedObject = {
    kind: "Pod",
    namespace: typeof about.namespace === "string" ? about.namespace : "default",
    name: about.name,
    ...(typeof about.fieldPath === "string" ? { fieldPath: about.fieldPath } : {}),
  };
  return {
    type: object.type === "Warning" ? "Warning" : "Normal",
    // Any reason is drawn the same way; the timeline looks only at the ones it knows.
    reason: object.reason as EventReason,
    message: typeof object.message === "string" ? object.message : "",
    involvedObject,
    timeMs,
    source: "kubelet",
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
