/**
 * The timeline as one self-contained HTML page (no external assets: a CI artifact or a file
 * opened from disk shows the same): a title, the SVG inline and a legend.
 */
import type { TimelineModel } from "./timeline-model.js";
import { escapeMarkup } from "./escape-markup.js";
import { renderTimelineSvg, type RenderTimelineOptions } from "./render-timeline-svg.js";
import { timelineLegend } from "./timeline-palette.js";

export interface RenderTimelineHtmlOptions extends RenderTimelineOptions {
  /** The page title (default: the pods' names). */
  title?: string;
}

export function renderTimelineHtml(model: TimelineModel, options: RenderTimelineHtmlOptions = {}): string {
  const title = options.title ?? `podvisor timeline: ${model.pods.map((pod) => pod.name).join(", ")}`;
  const svg = renderTimelineSvg(model, { ...options, showLegend: false });
  const legend = timelineLegend
    .map(
      (entry) =>
        `<li><span class="swatch" style="background:${entry.colour}"></span>${escapeMarkup(entry.label)}</li>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeMarkup(title)}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 16px; color: #222; }
h1 { font-size: 16px; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 12px; }
.swatch { display: inline-block; width: 14px; height: 12px; margin-right: 6px; vertical-align: -1px; }
.note { font-size: 12px; color: #555; }
</style>
</head>
<body>
<h1>${escapeMarkup(title)}</h1>
${svg}<ul class="legend">
${legend}
</ul>
<p class="note">Bands on top: the pod phase and conditions. One lane per container in spec order (init containers, sidecars, then app containers below the dashed line). Hover a segment for its times.</p>
</body>
</html>
`;
}
