/**
 * Where things go: the x scale shared by every pod (seconds from the earliest pod's start), the
 * rows of each pod group (title, phase, conditions, container lanes) and the axis ticks at a
 * round step. Coordinates only; render-timeline-svg.ts draws them.
 */
import type { TimelineModel } from "./timeline-model.js";

export interface LayoutOptions {
  widthPx: number;
}

export const labelGutterPx = 190;
const rightMarginPx = 24;
export const titleRowPx = 22;
export const bandRowPx = 14;
export const laneRowPx = 22;
const groupGapPx = 18;
export const axisRowPx = 28;
/** Between the last sidecar (or init container) and the first app container. */
export const boundaryGapPx = 8;

export interface PodGroupLayout {
  topPx: number;
  phaseTopPx: number;
  conditionTopPx: number;
  /** The y of each container lane, in lane order. */
  laneTopsPx: number[];
  /** The y of the sidecar/app boundary line, when the pod has both. */
  boundaryPx: number | undefined;
  bottomPx: number;
}

export interface TimelineLayout {
  widthPx: number;
  heightPx: number;
  plotLeftPx: number;
  plotWidthPx: number;
  groups: PodGroupLayout[];
  axisTopPx: number;
  /** Axis ticks: ms since the origin, at a round step. */
  ticksMs: number[];
  xOf: (timeMs: number) => number;
}

export function layoutTimeline(model: TimelineModel, options: LayoutOptions): TimelineLayout {
  const plotLeftPx = labelGutterPx;
  const plotWidthPx = Math.max(100, options.widthPx - labelGutterPx - rightMarginPx);
  const spanMs = Math.max(1, model.endMs - model.startMs);
  const xOf = (timeMs: number) =>
    plotLeftPx +
    ((Math.min(Math.max(timeMs, model.startMs), model.endMs) - model.startMs) / spanMs) * plotWidthPx;
  let y = 8;
  const groups = model.pods.map((pod): PodGroupLayout => {
    const topPx = y;
    const phaseTopPx = topPx + titleRowPx;
    const conditionTopPx = phaseTopPx + bandRowPx + 2;
    y = conditionTopPx + pod.conditions.length * (bandRowPx + 2) + 6;
    let boundaryPx: number | undefined;
    const laneTopsPx = pod.lanes.map((lane, index) => {
      const previous = pod.lanes[index - 1];
      if (previous !== undefined && previous.role !== "app" && lane.role === "app") {
        boundaryPx = y + boundaryGapPx / 2;
        y += boundaryGapPx;
      }
      const top = y;
      y += laneRowPx;
      return top;
    });
    const bottomPx = y;
    y += groupGapPx;
    return { topPx, phaseTopPx, conditionTopPx, laneTopsPx, boundaryPx, bottomPx };
  });
  const axisTopPx = y - groupGapPx + 6;
  return {
    widthPx: options.widthPx,
    heightPx: axisTopPx + axisRowPx,
    plotLeftPx,
    plotWidthPx,
    groups,
    axisTopPx,
    ticksMs: axisTicksMs(model.startMs - model.originMs, model.endMs - model.originMs, plotWidthPx),
    xOf,
  };
}

/** Round steps (1, 2, 5 × 10ⁿ seconds, or 100 ms steps for short spans) about 80 px apart. */
function axisTicksMs(fromMs: number, toMs: number, plotWidthPx: number): number[] {
  const wanted = Math.max(2, Math.floor(plotWidthPx / 80));
  const rawStepMs = Math.max(1, (toMs - fromMs) / wanted);
  const steps = [
    100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000,
    3_600_000,
  ];
  const stepMs = steps.find((step) => step >= rawStepMs) ?? Math.ceil(rawStepMs / 3_600_000) * 3_600_000;
  const ticks: number[] = [];
  for (let tick = Math.ceil(fromMs / stepMs) * stepMs; tick <= toMs && ticks.length < 200; tick += stepMs)
    ticks.push(tick);
  return ticks;
}
