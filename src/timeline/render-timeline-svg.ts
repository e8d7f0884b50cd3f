/**
 * The timeline as a self-contained SVG document (no external fonts, styles or scripts), the
 * picture the native-sidecar article draws by hand: per pod, the phase and the conditions as bands
 * on top, then a lane per container coloured by state, restarts, probe failures and kills as
 * ticks, a dashed line between the sidecars and the app, and a shared axis in seconds. Elements
 * carry classes and data-* attributes (pod, container, role, kind, reason, label) so tests and the
 * web UI read the structure, not the pixels; every text is escaped.
 */
import type { ContainerLane, PodTimeline, TimelineModel, TimelineSegment } from "./timeline-model.js";
import { escapeMarkup } from "./escape-markup.js";
import {
  layoutTimeline,
  bandRowPx,
  laneRowPx,
  type PodGroupLayout,
  type TimelineLayout,
} from "./timeline-layout.js";
import { axis, fittingLabel, gridLines, legend, rect, round, rowLabel, seconds } from "./svg-parts.js";
import {
  conditionColours,
  legendColour,
  phaseColours,
  segmentClass,
  timelineLegend,
} from "./timeline-palette.js";

export interface RenderTimelineOptions {
  /** Width of the picture (default 960). */
  widthPx?: number;
  /** Draw the legend below the axis (default true; the HTML page has its own). */
  showLegend?: boolean;
}

const font = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif";

export function renderTimelineSvg(model: TimelineModel, options: RenderTimelineOptions = {}): string {
  const layout = layoutTimeline(model, { widthPx: options.widthPx ?? 960 });
  const showLegend = options.showLegend !== false;
  const legendHeightPx = showLegend ? 20 * Math.ceil(timelineLegend.length / 3) + 8 : 0;
  const heightPx = layout.heightPx + legendHeightPx;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="podvisor-timeline" width="${layout.widthPx}" height="${heightPx}" viewBox="0 0 ${layout.widthPx} ${heightPx}" style="${font};font-size:11px">`,
    `<rect class="background" x="0" y="0" width="${layout.widthPx}" height="${heightPx}" fill="#ffffff"/>`,
    ...gridLines(model, layout),
  ];
  model.pods.forEach((pod, index) => parts.push(...podGroup(pod, layout.groups[index]!, layout, model)));
  parts.push(...axis(model, layout));
  if (showLegend) parts.push(...legend(layout.axisTopPx + 34));
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

function podGroup(
  pod: PodTimeline,
  group: PodGroupLayout,
  layout: TimelineLayout,
  model: TimelineModel,
): string[] {
  const id = `${pod.namespace}/${pod.name}`;
  const out = [
    `<g class="pod" data-pod="${escapeMarkup(id)}" data-source="${pod.source}">`,
    `<text class="pod-title" x="8" y="${group.topPx + 15}" font-weight="bold" font-size="13">${escapeMarkup(id)}${pod.isTruncated ? " (history truncated)" : ""}</text>`,
    `<g class="band phase">`,
    rowLabel("phase", group.phaseTopPx, bandRowPx),
  ];
  for (const segment of pod.phases) {
    out.push(
      rect(
        layout,
        segment.startMs,
        segment.endMs,
        group.phaseTopPx,
        bandRowPx,
        phaseColours[segment.phase] ?? "#969696",
        "phase-segment",
        { phase: segment.phase },
        `${segment.phase}`,
      ),
    );
    out.push(
      fittingLabel(
        layout,
        segment.startMs,
        segment.endMs,
        group.phaseTopPx,
        bandRowPx,
        segment.phase,
        "#000000",
      ),
    );
  }
  out.push("</g>");
  pod.conditions.forEach((lane, index) => {
    const top = group.conditionTopPx + index * (bandRowPx + 2);
    out.push(
      `<g class="band condition" data-condition="${escapeMarkup(lane.type)}">`,
      rowLabel(lane.type, top, bandRowPx),
    );
    for (const segment of lane.segments) {
      out.push(
        rect(
          layout,
          segment.startMs,
          segment.endMs,
          top,
          bandRowPx,
          conditionColours[segment.status] ?? "#969696",
          "condition-segment",
          { status: segment.status },
          `${lane.type}=${segment.status}`,
        ),
      );
    }
    out.push("</g>");
  });
  if (group.boundaryPx !== undefined) {
    out.push(
      `<line class="boundary" x1="8" x2="${layout.plotLeftPx + layout.plotWidthPx}" y1="${group.boundaryPx}" y2="${group.boundaryPx}" stroke="#525252" stroke-dasharray="4 3"><title>sidecars and init containers above, app containers below</title></line>`,
    );
  }
  pod.lanes.forEach((lane, index) =>
    out.push(...containerLane(lane, group.laneTopsPx[index]!, layout, model)),
  );
  out.push("</g>");
  return out;
}

function containerLane(
  lane: ContainerLane,
  top: number,
  layout: TimelineLayout,
  model: TimelineModel,
): string[] {
  const height = laneRowPx - 4;
  const roleNote = lane.role === "app" ? "" : ` (${lane.role})`;
  const out = [
    `<g class="lane container" data-container="${escapeMarkup(lane.name)}" data-role="${lane.role}" data-restarts="${lane.restartCount}">`,
    rowLabel(`${lane.name}${roleNote}`, top, height),
  ];
  for (const segment of lane.segments) out.push(...segmentShape(segment, top, height, layout, model));
  for (const marker of lane.markers) {
    const x = round(layout.xOf(marker.timeMs));
    const title = `<title>${escapeMarkup(`${marker.label} at ${seconds(marker.timeMs - model.originMs)}`)}</title>`;
    const colour = legendColour(marker.kind === "probeFailure" ? "probe-failure" : marker.kind);
    const kind = marker.kind === "probeFailure" ? "probe-failure" : marker.kind;
    if (marker.kind === "restart")
      out.push(
        `<path class="marker restart" data-label="${escapeMarkup(marker.label)}" d="M${x - 4} ${top - 2} L${x + 4} ${top - 2} L${x} ${top + 4} Z" fill="${colour}">${title}</path>`,
      );
    else if (marker.kind === "probeFailure")
      out.push(
        `<line class="marker ${kind}" data-label="${escapeMarkup(marker.label)}" x1="${x}" x2="${x}" y1="${top + height - 6}" y2="${top + height + 2}" stroke="${colour}" stroke-width="2">${title}</line>`,
      );
    else
      out.push(
        `<path class="marker ${kind}" data-label="${escapeMarkup(marker.label)}" d="M${x - 3} ${top + 3} L${x + 3} ${top + 9} M${x + 3} ${top + 3} L${x - 3} ${top + 9}" stroke="${colour}" stroke-width="1.5">${title}</path>`,
      );
  }
  out.push("</g>");
  return out;
}

function segmentShape(
  segment: TimelineSegment,
  top: number,
  height: number,
  layout: TimelineLayout,
  model: TimelineModel,
): string[] {
  const className = segmentClass(segment);
  const data: Record<string, string> = { kind: segment.kind, label: segment.label };
  if (segment.reason !== undefined) data.reason = segment.reason;
  if (segment.exitCode !== undefined) data["exit-code"] = String(segment.exitCode);
  const when = `${seconds(segment.startMs - model.originMs)}–${seconds(segment.endMs - model.originMs)}`;
  const textColour = className === "terminated-error" ? "#ffffff" : "#000000";
  return [
    rect(
      layout,
      segment.startMs,
      segment.endMs,
      top,
      height,
      legendColour(className),
      `segment ${className}`,
      data,
      `${segment.label} (${when})`,
    ),
    fittingLabel(layout, segment.startMs, segment.endMs, top, height, segment.label, textColour),
  ];
}
