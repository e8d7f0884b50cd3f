/**
 * The UI's two HTML pages: the run's pod table, and one pod (its status row, its timeline, a log
 * panel per container, init containers and sidecars first as `kubectl describe` lists them).
 * Everything from the pod is escaped; CSS and the script are inline, the script carrying the
 * response's CSP nonce, so the page needs nothing but this server.
 */
import type { Pod } from "../../api/index.js";
import { escapeHtml } from "./escape-html.js";
import { UI_CLIENT_SCRIPT } from "./ui-client-script.js";

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2330; background: #fafbfc; }
h1 { font-size: 1.3rem; margin: 0 0 .3rem; } h2 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
a { color: #1357b8; } #run { color: #5a6272; margin: 0 0 1rem; }
table { border-collapse: collapse; font-family: ui-monospace, monospace; background: #fff; }
th, td { text-align: left; padding: .3rem 1.2rem .3rem .5rem; border-bottom: 1px solid #e3e6eb; white-space: nowrap; }
th { font-weight: 600; color: #5a6272; }
#timeline { overflow-x: auto; background: #fff; border: 1px solid #e3e6eb; min-height: 2rem; }
.log { margin: 0 0 1rem; } .log h3 { font-size: .95rem; margin: .6rem 0 .2rem; font-family: ui-monospace, monospace; }
.kind { color: #5a6272; font-weight: normal; }
.lines { font: 12px/1.35 ui-monospace, monospace; background: #11151c; color: #e4e8ef; padding: .4rem .6rem;
  max-height: 22rem; overflow-y: auto; white-space: pre-wrap; word-break: break-all; }
.line time { color: #7d8799; margin-right: .8em; } .notice { color: #e0b050; font-style: italic; }
`;

export interface PageOptions {
  /** The CSP nonce of this response. */
  nonce: string;
  /** Shown under the title: which state directory the UI reads. */
  stateDir: string;
}

export function renderPodListPage(options: PageOptions): string {
  return page(
    "podvisor: pods",
    { page: "list" },
    `<h1>Pods</h1>
<p id="run">${escapeHtml(options.stateDir)}</p>
<table id="pods"><thead></thead><tbody></tbody></table>
<p id="empty" hidden>No resources found in default namespace.</p>`,
    options,
  );
}

export interface PodPageContainer {
  name: string;
  kind: "init" | "sidecar" | "container";
}

export function renderPodPage(
  pod: Pod,
  /** The pod's timeline SVG and the event stream of all its containers' logs. */
  paths: { timeline: string; logs: string },
  options: PageOptions,
): string {
  const namespace = pod.metadata.namespace ?? "default";
  const name = pod.metadata.name ?? "";
  const logs = podPageContainers(pod)
    .map(
      (c) => `<section class="log" data-container="${escapeHtml(c.name)}">
<h3>${escapeHtml(c.name)} <span class="kind">${c.kind === "container" ? "" : `(${c.kind})`}</span></h3>
<div class="lines"></div>
</section>`,
    )
    .join("\n");
  return page(
    `podvisor: pod ${name}`,
    { page: "pod", namespace, name, logs: paths.logs },
    `<p><a href="/">all pods</a></p>
<h1>pod/${escapeHtml(name)} <span class="kind">${escapeHtml(namespace)}</span></h1>
<p id="run">${escapeHtml(options.stateDir)}</p>
<table id="pods"><thead></thead><tbody></tbody></table>
<h2>Timeline</h2>
<div id="timeline" data-src="${escapeHtml(paths.timeline)}"></div>
<h2>Logs</h2>
${logs}`,
    options,
  );
}

/** The containers of the pod page in `kubectl describe`'s order: init containers (sidecars among them), then the app's. */
export function podPageContainers(pod: Pod): PodPageContainer[] {
  return [
    ...(pod.spec.initContainers ?? []).map((c) => ({
      name: c.name,
      kind: c.restartPolicy === "Always" ? ("sidecar" as const) : ("init" as const),
    })),
    ...pod.spec.containers.map((c) => ({ name: c.name, kind: "container" as const })),
  ];
}

function page(title: string, data: Record<string, string>, content: string, options: PageOptions): string {
  const attributes = Object.entries(data)
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${options.nonce}">${STYLE}</style>
</head>
<body${attributes}>
${content}
<script nonce="${options.nonce}">${UI_CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
