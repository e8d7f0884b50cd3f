/**
 * The one script both pages run (inline, with the page's CSP nonce). It builds the DOM from the
 * server's events with textContent only, never HTML, so nothing a pod or container says can
 * become markup. It keeps at most MAX_LOG_LINES lines per log, and closes the logs' EventSource
 * when the server says they have all ended (EventSource would otherwise reconnect).
 */
export const UI_CLIENT_SCRIPT = String.raw`
"use strict";
const MAX_LOG_LINES = 5000;
const body = document.body;
const isPodPage = body.dataset.page === "pod";
const table = document.getElementById("pods");
const runLine = document.getElementById("run");
const TIMELINE_REFRESH_MS = 3000;
let timelineRevision = "";
let timelineDrawnAt = 0;
let timelineLoading = false;
let timelineStale = false;

function cell(tag, text, column) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (column !== undefined) element.dataset.column = column;
  return element;
}

function showPods(snapshot) {
  runLine.textContent = snapshot.run === undefined
    ? (snapshot.message || "no run")
    : "run " + snapshot.run.id + (snapshot.run.live ? " (running)" : " (ended)") + (snapshot.message ? ": " + snapshot.message : "");
  runLine.dataset.live = snapshot.run !== undefined && snapshot.run.live ? "true" : "false";
  const rows = isPodPage
    ? snapshot.rows.filter((row) => row.namespace === body.dataset.namespace && row.name === body.dataset.name)
    : snapshot.rows;
  const head = document.createElement("tr");
  for (const column of snapshot.columns) head.append(cell("th", column));
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...rows.map((row) => {
    const tr = document.createElement("tr");
    tr.dataset.pod = row.namespace + "/" + row.name;
    row.cells.forEach((text, index) => {
      const td = cell("td", "", snapshot.columns[index]);
      if (index === 0 && !isPodPage) {
        const link = cell("a", text);
        link.href = row.href;
        td.append(link);
      } else td.textContent = text;
      tr.append(td);
    });
    return tr;
  }));
  const empty = document.getElementById("empty");
  if (empty) empty.hidden = rows.length > 0;
  // The timeline is redrawn when the pod changes, and while the run goes on every few seconds
  // (its running segments grow), one request at a time.
  const isLive = snapshot.run !== undefined && snapshot.run.live;
  if (isPodPage && rows[0] && (rows[0].revision !== timelineRevision || (isLive && Date.now() - timelineDrawnAt > TIMELINE_REFRESH_MS))) {
    timelineRevision = rows[0].revision;
    void refreshTimeline();
  }
}

async function refreshTimeline() {
  const panel = document.getElementById("timeline");
  if (!panel) return;
  if (timelineLoading) {
    timelineStale = true;
    return;
  }
  timelineLoading = true;
  timelineDrawnAt = Date.now();
  try {
    const response = await fetch(panel.dataset.src, { cache: "no-store" });
    if (!response.ok) return;
    const svg = new DOMParser().parseFromString(await response.text(), "image/svg+xml").documentElement;
    if (svg.nodeName === "svg") panel.replaceChildren(document.importNode(svg, true));
  } finally {
    timelineLoading = false;
    if (timelineStale) {
      timelineStale = false;
      void refreshTimeline();
    }
  }
}

new EventSource("/api/pods").addEventListener("pods", (event) => showPods(JSON.parse(event.data)));

// One stream for all the pod's logs, each event tagged with its container.
if (isPodPage) {
  const panels = new Map();
  for (const section of document.querySelectorAll("section.log")) {
    panels.set(section.dataset.container, section.querySelector(".lines"));
  }
  const source = new EventSource(body.dataset.logs);
  const append = (container, element) => {
    const lines = panels.get(container);
    if (!lines) return;
    const atBottom = lines.scrollTop + lines.clientHeight >= lines.scrollHeight - 4;
    lines.append(element);
    while (lines.childElementCount > MAX_LOG_LINES) lines.firstElementChild.remove();
    if (atBottom) lines.scrollTop = lines.scrollHeight;
  };
  const notice = (container, message) => {
    const row = cell("div", message);
    row.className = "notice";
    append(container, row);
  };
  // After a reconnect the server sends each log's tail again: start the panels afresh.
  source.addEventListener("open", () => {
    for (const lines of panels.values()) lines.replaceChildren();
  });
  source.addEventListener("lines", (event) => {
    const { container, data } = JSON.parse(event.data);
    for (const line of data) {
      const row = document.createElement("div");
      row.className = "line";
      row.append(cell("time", line.time.replace(/\.\d+Z$/, "Z")), cell("span", line.text));
      append(container, row);
    }
  });
  source.addEventListener("notice", (event) => {
    const { container, data } = JSON.parse(event.data);
    notice(container, data.message);
  });
  // A container's log ended with the run; the untagged end closes the stream (else EventSource reconnects).
  source.addEventListener("end", (event) => {
    const { container, data } = JSON.parse(event.data);
    if (container === undefined) source.close();
    else notice(container, data.message);
  });
}
`;
