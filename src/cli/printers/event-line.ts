/**
 * Lifecycle events as `kubectl get events -w` prints them:
 * `LAST SEEN   TYPE      REASON      OBJECT           MESSAGE`. Streaming rows use fixed widths.
 */
import type { PodvisorEvent } from "../../shared/index.js";
import { paint, red, yellow } from "./ansi.js";
import { neutralizeControls } from "./neutralize-controls.js";

export const eventHeader = formatColumns(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);

export function formatEventLine(event: PodvisorEvent, options: { color: boolean }): string {
  const object = `${event.involvedObject.kind.toLowerCase()}/${event.involvedObject.name}`;
  // Messages carry container text (termination messages): never let it reach the terminal raw.
  const row = formatColumns(["0s", event.type, event.reason, object, neutralizeControls(event.message)]);
  if (event.type !== "Warning") return row;
  return paint(
    row,
    event.reason === "BackOff" || event.reason === "Unhealthy" || event.reason === "ProbeWarning"
      ? yellow
      : red,
    options.color,
  );
}

function formatColumns([lastSeen, type, reason, object, message]: [
  string,
  string,
  string,
  string,
  string,
]): string {
  return `${lastSeen.padEnd(11)}${type.padEnd(9)}${reason.padEnd(21)}${object.padEnd(28)} ${message}`.replace(
    /\s+$/,
    "",
  );
}
