/**
 * The colours of the picture and the legend that explains them. A CrashLoopBackOff or image pull
 * wait is drawn apart from an ordinary wait (ContainerCreating, PodInitializing): it is what the
 * pod is stuck on.
 */
import type { TimelineSegment } from "./timeline-model.js";

export interface LegendEntry {
  className: string;
  colour: string;
  label: string;
}

const troubleReasons = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "ErrImageNeverPull",
  "CreateContainerError",
  "CreateContainerConfigError",
  "RunContainerError",
]);

export const timelineLegend: readonly LegendEntry[] = [
  { className: "waiting", colour: "#f4d35e", label: "waiting (ContainerCreating, PodInitializing, …)" },
  {
    className: "waiting-trouble",
    colour: "#ee964b",
    label: "waiting: CrashLoopBackOff, image pull back-off",
  },
  { className: "running", colour: "#9ecae1", label: "running, not ready" },
  { className: "ready", colour: "#41ab5d", label: "running and ready" },
  { className: "terminated-ok", colour: "#bdbdbd", label: "terminated, exit 0" },
  { className: "terminated-error", colour: "#d7301f", label: "terminated, exit code ≠ 0" },
  { className: "restart", colour: "#08306b", label: "▼ restart" },
  { className: "probe-failure", colour: "#a50f15", label: "| probe failure (Unhealthy)" },
  { className: "killing", colour: "#252525", label: "× killing" },
];

export const phaseColours: Readonly<Record<string, string>> = {
  Pending: "#f4d35e",
  Running: "#6baed6",
  Succeeded: "#41ab5d",
  Failed: "#d7301f",
  Unknown: "#969696",
};

export const conditionColours: Readonly<Record<string, string>> = {
  True: "#41ab5d",
  False: "#e5e5e5",
  Unknown: "#969696",
};

/** The legend class of a segment. */
export function segmentClass(segment: TimelineSegment): string {
  switch (segment.kind) {
    case "waiting":
      return troubleReasons.has(segment.reason ?? "") ? "waiting-trouble" : "waiting";
    case "terminated":
      return segment.exitCode === undefined || segment.exitCode === 0 ? "terminated-ok" : "terminated-error";
    default:
      return segment.kind;
  }
}

export function legendColour(className: string): string {
  return timelineLegend.find((entry) => entry.className === className)?.colour ?? "#969696";
}
