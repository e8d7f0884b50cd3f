/**
 * The picture's structure, not its pixels: the SVG is parsed into elements (a small tag reader
 * that also checks every tag is closed) and the test reads lanes, segments, their order, classes
 * and labels. Coordinates and times are never compared, so the test holds whatever the clock says.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import type { PodStatusTransition } from "../store/index.js";
import { buildTimeline } from "./build-timeline.js";
import { renderTimelineHtml } from "./render-timeline-html.js";
import { renderTimelineSvg } from "./render-timeline-svg.js";

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

/** Parses the XML subset the renderer writes; throws on a tag closed out of order or left open. */
function parseXml(xml: string): Element {
  const root: Element = { name: "#root", attributes: {}, children: [], text: "" };
  const stack = [root];
  const tokens = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(tokens)) {
    const [, closing, name, attributeText, selfClosing, text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      if (text.includes(">") && !text.startsWith("!")) throw new Error(`stray '>' in text: ${text}`);
      top.text += text;
    } else if (closing === "/") {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attributes = Object.fromEntries(
        [...(attributeText ?? "").matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
      );
      const element: Element = { name: name!, attributes, children: [], text: "" };
      top.children.push(element);
      if (selfClosing !== "/") stack.push(element);
    }
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  return root;
}

function all(element: Element, predicate: (e: Element) => boolean): Element[] {
  return [
    ...(predicate(element) ? [element] : []),
    ...element.children.flatMap((child) => all(child, predicate)),
  ];
}

const hasClass = (name: string) => (e: Element) => (e.attributes.class ?? "").split(" ").includes(name);
const unescape = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

function crashingSidecar(
  startMs: number,
  name = "crashing-sidecar",
): { pod: Pod; history: PodStatusTransition[] } {
  const at = (s: number, rest: Partial<PodStatusTransition>): PodStatusTransition => ({
    timeMs: startMs + s * 1000,
    namespace: "default",
    name,
    ...rest,
  });
  const agent = (state: "waiting" | "running" | "terminated", extra: object = {}) => ({
    name: "flaky-agent",
    state,
    ready: state === "running",
    restartCount: 0,
    ...extra,
  });
  return {
    pod: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "default" },
      spec: {
        initContainers: [{ name: "flaky-agent", image: "i", restartPolicy: "Always" }],
        containers: [{ name: "app", image: "i" }],
      },
      status: { phase: "Succeeded" },
    },
    history: [
      at(0, {
        phase: "Pending",
        conditions: { Initialized: "False", Ready: "False" },
        containers: [
          agent("waiting", { reason: "PodInitializing" }),
          { name: "app", state: "waiting", reason: "PodInitializing", ready: false, restartCount: 0 },
        ],
      }),
      at(0.1, { conditions: { Initialized: "True" }, containers: [agent("running")] }),
      at(0.2, {
        phase: "Running",
        conditions: { Ready: "True" },
        containers: [{ name: "app", state: "running", ready: true, restartCount: 0 }],
      }),
      at(1, { containers: [agent("waiting", { reason: "CrashLoopBackOff", restartCount: 1 })] }),
      at(3, { containers: [agent("running", { restartCount: 1 })] }),
      at(4, { containers: [agent("waiting", { reason: "CrashLoopBackOff", restartCount: 2 })] }),
      at(6, { containers: [agent("running", { restartCount: 2 })] }),
      at(12, {
        phase: "Succeeded",
        conditions: { Ready: "False" },
        containers: [
          agent("terminated", { reason: "Error", exitCode: 143, restartCount: 2 }),
          {
            name: "app",
            state: "terminated",
            reason: "Completed",
            exitCode: 0,
            ready: false,
            restartCount: 0,
          },
        ],
      }),
    ],
  };
}

/** What a lane shows, in order: [class, label] per segment. */
function laneSummary(svg: Element, container: string): string[][] {
  const lane = all(svg, (e) => e.attributes["data-container"] === container)[0]!;
  return all(lane, hasClass("segment")).map((rect) => [
    rect.attributes.class!,
    unescape(rect.attributes["data-label"]!),
  ]);
}

describe("renderTimelineSvg: the crashing-sidecar picture, by structure", () => {
  for (const startMs of [Date.UTC(2026, 0, 1), Date.UTC(2031, 6, 9, 13, 5, 7, 321)]) {
    it(`draws the same picture whatever the start time (${new Date(startMs).toISOString()})`, () => {
      const doc = parseXml(renderTimelineSvg(buildTimeline([crashingSidecar(startMs)])));
      const [svg] = doc.children;
      expect(svg!.name).toBe("svg");
      expect(all(svg!, hasClass("pod")).map((g) => g.attributes["data-pod"])).toEqual([
        "default/crashing-sidecar",
      ]);
      expect(
        all(svg!, hasClass("container")).map((g) => [
          g.attributes["data-container"],
          g.attributes["data-role"],
        ]),
      ).toEqual([
        ["flaky-agent", "sidecar"],
        ["app", "app"],
      ]);
      expect(laneSummary(svg!, "flaky-agent")).toEqual([
        ["segment waiting", "PodInitializing 100ms"],
        ["segment ready", "ready 900ms"],
        ["segment waiting-trouble", "CrashLoopBackOff 2s"],
        ["segment ready", "ready 1s"],
        ["segment waiting-trouble", "CrashLoopBackOff 2s"],
        ["segment ready", "ready 6s"],
        ["segment terminated-error", "Error (exit 143)"],
      ]);
      expect(laneSummary(svg!, "app")).toEqual([
        ["segment waiting", "PodInitializing 200ms"],
        ["segment ready", "ready 11.8s"],
        ["segment terminated-ok", "Completed (exit 0)"],
      ]);
      expect(
        all(svg!, (e) => hasClass("marker")(e) && hasClass("restart")(e)).map(
          (m) => m.attributes["data-label"],
        ),
      ).toEqual(["restart #1", "restart #2"]);
      expect(all(svg!, hasClass("boundary"))).toHaveLength(1);
      expect(all(svg!, hasClass("phase-segment")).map((r) => r.attributes["data-phase"])).toEqual([
        "Pending",
        "Running",
        "Succeeded",
      ]);
      expect(all(svg!, hasClass("condition")).map((band) => band.attributes["data-condition"])).toEqual([
        "Initialized",
        "Ready",
      ]);
      expect(all(svg!, hasClass("tick")).map((t) => t.text)[0]).toBe("0s");
    });
  }

  it("writes a label on a segment wide enough for it, and keeps every label in the tooltip", () => {
    const svg = parseXml(renderTimelineSvg(buildTimeline([crashingSidecar(0)]), { widthPx: 1200 }));
    const labels = all(svg, hasClass("segment-label")).map((t) => t.text);
    expect(labels).toContain("CrashLoopBackOff 2s");
    const titles = all(svg, (e) => e.name === "title").map((t) => unescape(t.text));
    expect(titles.some((title) => title.startsWith("PodInitializing 100ms"))).toBe(true);
  });

  it("stacks several pods on one axis, one group each, with one axis", () => {
    const svg = parseXml(
      renderTimelineSvg(buildTimeline([crashingSidecar(0), crashingSidecar(5000, "second")])),
    );
    expect(all(svg, hasClass("pod")).map((g) => g.attributes["data-pod"])).toEqual([
      "default/crashing-sidecar",
      "default/second",
    ]);
    expect(all(svg, hasClass("axis"))).toHaveLength(1);
  });

  it("escapes every text: a container name and a probe message with markup stay text", () => {
    const hostile = crashingSidecar(0, `x"><script>alert(1)</script>`);
    const model = buildTimeline([
      {
        ...hostile,
        events: [
          {
            type: "Warning",
            reason: "Unhealthy",
            message: `Readiness probe failed: <b>"500"</b> & 'down'\u0007`,
            involvedObject: {
              kind: "Pod",
              namespace: "default",
              name: hostile.pod.metadata.name!,
              fieldPath: "spec.containers{app}",
            },
            timeMs: 5000,
            source: "kubelet",
          },
        ],
      },
    ]);
    for (const page of [renderTimelineSvg(model), renderTimelineHtml(model)]) {
      expect(page).not.toContain("<script");
      expect(page).not.toContain("<b>");
      expect(page).not.toContain("\u0007");
    }
    const svg = parseXml(renderTimelineSvg(model));
    const probe = all(svg, hasClass("probe-failure")).filter((e) => e.name === "line");
    expect(probe.map((p) => unescape(p.attributes["data-label"]!))).toEqual([
      `Readiness probe failed: <b>"500"</b> & 'down'`,
    ]);
  });
});

describe("renderTimelineHtml", () => {
  it("is one page with the SVG inline, a legend, and no external assets", () => {
    const html = renderTimelineHtml(buildTimeline([crashingSidecar(0)]));
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<ul class="legend">');
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).not.toMatch(/@import|url\(/);
  });
});
