/**
 * The Event a workload controller records about its object (`kubectl describe deploy` shows them
 * with the controller as source), from what its pure planner says.
 */
import type { PodvisorEvent } from "../shared/index.js";

export interface PlannedEvent {
  type: PodvisorEvent["type"];
  reason: string;
  message: string;
}

export function controllerEvent(
  source: PodvisorEvent["source"],
  object: { kind: PodvisorEvent["involvedObject"]["kind"]; metadata: { namespace?: string; name?: string } },
  event: PlannedEvent,
  nowMs: number,
): PodvisorEvent {
  return {
    ...event,
    reason: event.reason as PodvisorEvent["reason"],
    source,
    timeMs: nowMs,
    involvedObject: {
      kind: object.kind,
      namespace: object.metadata.namespace ?? "default",
      name: object.metadata.name ?? "",
    },
  };
}
