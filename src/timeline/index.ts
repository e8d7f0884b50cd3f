/**
 * timeline/ draws a pod's life as the native-sidecar article draws it by hand (`podvisor
 * timeline`, the web UI): one lane per container coloured by state (waiting with its reason,
 * running, ready, terminated with its exit code), restarts, probe failures, the pod phase and
 * conditions on top, the sidecar/app boundary, a shared axis in seconds. `buildTimeline` turns
 * what a run recorded (pod objects, the status history, events) into a model; the layout and the
 * SVG/HTML renderers are pure functions of that model (ESLint keeps them free of node:* and the
 * clock). `readRunTimeline` is the one adapter: it reads a run's state directory.
 */
export {
  buildPodTimeline,
  buildTimeline,
  type PodTimelineInput,
  type TimelineOptions,
} from "./build-timeline.js";
export { historyFromStatus } from "./history-from-status.js";
export { eventFromCoreEvent } from "./event-from-core.js";
export type {
  ConditionLane,
  ConditionSegment,
  ContainerLane,
  ContainerRole,
  PhaseSegment,
  PodTimeline,
  SegmentKind,
  TimelineMarker,
  TimelineModel,
  TimelineSegment,
} from "./timeline-model.js";
export { renderTimelineSvg, type RenderTimelineOptions } from "./render-timeline-svg.js";
export { renderTimelineHtml, type RenderTimelineHtmlOptions } from "./render-timeline-html.js";
export { timelineLegend, type LegendEntry } from "./timeline-palette.js";
export { escapeMarkup } from "./escape-markup.js";
export { formatSpan } from "./format-span.js";
export {
  readRunTimeline,
  readTimelineInputs,
  type ReadRunTimelineOptions,
  type RunTimeline,
} from "./read-run-timeline.js";
