/**
 * The SVG elements the timeline is drawn with: a state rectangle with its data-* attributes and
 * tooltip, a label that is written only where it fits, row labels, the grid, the axis in seconds
 * and the legend. Every text goes through escapeMarkup.
 */
import type { TimelineModel } from "./timeline-model.js";
import { escapeMarkup } from "./escape-markup.js";
import { labelGutterPx, type TimelineLayout } from "./timeline-layout.js";
import { timelineLegend } from "./timeline-palette.js";

/** Width of one character of the 10 px labels, to decide whether a label fits its segment. */
const charWidthPx = 6;

export function rect(
  layout: TimelineLayout,
  startMs: number,
  endMs: number,
  top: number,
  height: number,
  fill: string,
  className: string,
  data: Record<string, string>,
  title: string,
): string {
  const x = layout.xOf(startMs);
  const width = Math.max(1, layout.xOf(endMs) - x);
  const attributes = Object.entries(data)
    .map(([key, value]) => ` data-${key}="${escapeMarkup(value)}"`)
    .join("");
  return `<rect class="${className}"${attributes} x="${round(x)}" y="${top}" width="${round(width)}" height="${height}" fill="${fill}" stroke="#ffffff" stroke-width="0.5"><title>${escapeMarkup(title)}</title></rect>`;
}

/** The label centred on its segment when it fits; nothing otherwise (the tooltip still has it). */
export function fittingLabel(
  layout: TimelineLayout,
  startMs: number,
  endMs: number,
  top: number,
  height: number,
  label: string,
  colour: string,
): string {
  const widthPx = layout.xOf(endMs) - layout.xOf(startMs);
  if (label.length * charWidthPx + 6 > widthPx) return "";
  const x = round((layout.xOf(startMs) + layout.xOf(endMs)) / 2);
  return `<text class="segment-label" x="${x}" y="${top + height / 2 + 3.5}" text-anchor="middle" font-size="10" fill="${colour}">${escapeMarkup(label)}</text>`;
}

export function rowLabel(text: string, top: number, height: number): string {
  const maxChars = Math.floor((labelGutterPx - 16) / charWidthPx);
  const shown = text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
  return `<text class="row-label" x="${labelGutterPx - 8}" y="${top + height / 2 + 4}" text-anchor="end">${escapeMarkup(shown)}${shown === text ? "" : `<title>${escapeMarkup(text)}</title>`}</text>`;
}

export function gridLines(model: TimelineModel, layout: TimelineLayout): string[] {
  return layout.ticksMs.map((tickMs) => {
    const x = round(layout.xOf(model.originMs + tickMs));
    return `<line class="grid" x1="${x}" x2="${x}" y1="8" y2="${layout.axisTopPx}" stroke="#f0f0f0"/>`;
  });
}

export function axis(model: TimelineModel, layout: TimelineLayout): string[] {
  const top = layout.axisTopPx;
  const out = [
    `<g class="axis">`,
    `<line x1="${layout.plotLeftPx}" x2="${layout.plotLeftPx + layout.plotWidthPx}" y1="${top}" y2="${top}" stroke="#525252"/>`,
    `<text class="axis-title" x="${layout.plotLeftPx - 8}" y="${top + 16}" text-anchor="end">seconds since pod start</text>`,
  ];
  for (const tickMs of layout.ticksMs) {
    const x = round(layout.xOf(model.originMs + tickMs));
    out.push(
      `<line x1="${x}" x2="${x}" y1="${top}" y2="${top + 4}" stroke="#525252"/>`,
      `<text class="tick" x="${x}" y="${top + 16}" text-anchor="middle">${seconds(tickMs)}</text>`,
    );
  }
  out.push("</g>");
  return out;
}

export function legend(top: number): string[] {
  const out = [`<g class="legend">`];
  timelineLegend.forEach((entry, index) => {
    const x = 8 + (index % 3) * 310;
    const y = top + Math.floor(index / 3) * 20;
    out.push(
      `<rect class="legend-swatch ${entry.className}" x="${x}" y="${y}" width="14" height="12" fill="${entry.colour}"/>`,
      `<text class="legend-label" x="${x + 20}" y="${y + 10}">${escapeMarkup(entry.label)}</text>`,
    );
  });
  out.push("</g>");
  return out;
}

/** "0s", "2.5s", "12s": the axis and the tooltips count seconds from the origin. */
export function seconds(ms: number): string {
  const tenths = Math.round(ms / 100) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)}s`;
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
