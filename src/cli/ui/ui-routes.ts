/**
 * The UI's routes, all GET:
 *
 *   /                                         the pod table of the shown run
 *   /pods/NAMESPACE/NAME                      one pod: status row, timeline, logs
 *   /api/pods                                 event stream: pod table snapshots
 *   /api/pods/NAMESPACE/NAME/logs             event stream: every container's log lines, tagged
 *                                             (one connection per page: browsers allow six per host)
 *   /api/pods/NAMESPACE/NAME/timeline.svg     the pod's timeline (timeline/, as `podvisor timeline` draws it)
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Pod } from "../../api/index.js";
import type { Clock } from "../../shared/index.js";
import { readRunTimeline, renderTimelineSvg } from "../../timeline/index.js";
import { notFoundMessage } from "../commands/get-source.js";
import { followContainerLog, type LogFollowOptions } from "./container-log-follow.js";
import { podPagePath } from "./pod-list-snapshot.js";
import { streamPodList, type PodListStreamOptions } from "./pod-list-stream.js";
import { openEventStream } from "./server-sent-events.js";
import { podPageContainers, renderPodListPage, renderPodPage } from "./ui-pages.js";
import type { UiRunSource } from "./ui-run-source.js";
import { sendHtml, sendText } from "./plain-responses.js";

export interface UiRoutesOptions {
  podList: PodListStreamOptions;
  logs: LogFollowOptions;
}

interface RequestContext extends UiRoutesOptions {
  source: UiRunSource;
  clock: Clock;
  nonce: string;
  /** Aborts when the server stops. */
  signal: AbortSignal;
}

type Route =
  | { page: "list" }
  | { page: "pod"; namespace: string; name: string }
  | { api: "pods" }
  | { api: "logs"; namespace: string; name: string }
  | { api: "timeline"; namespace: string; name: string };

/** The route `path` names, or undefined (a 404); a malformed %-escape is undefined too. */
export function parseUiRoute(path: string): Route | undefined {
  let parts: string[];
  try {
    parts = path.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [a, b, c, d, e] = parts;
  if (parts.length === 1 && a === "") return { page: "list" };
  if (parts.length === 3 && a === "pods" && b && c) return { page: "pod", namespace: b, name: c };
  if (parts.length === 2 && a === "api" && b === "pods") return { api: "pods" };
  if (a !== "api" || b !== "pods" || !c || !d) return undefined;
  if (parts.length === 5 && e === "logs") return { api: "logs", namespace: c, name: d };
  if (parts.length === 5 && e === "timeline.svg") return { api: "timeline", namespace: c, name: d };
  return undefined;
}

export async function routeUiRequest(
  request: IncomingMessage,
  response: ServerResponse,
  ctx: RequestContext,
): Promise<void> {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const route = parseUiRoute(path);
  const pageOptions = { nonce: ctx.nonce, stateDir: ctx.source.stateDir };
  if (route === undefined) return sendText(response, 404, `podvisor ui: no page at ${path}`);
  if ("page" in route) {
    if (route.page === "list") return sendHtml(response, renderPodListPage(pageOptions));
    return podPage(response, route.namespace, route.name, ctx, pageOptions);
  }
  if (route.api === "pods") {
    return streamPodList(ctx.source, openEventStream(request, response, ctx.signal), ctx.clock, ctx.podList);
  }
  if (route.api === "logs") return podLogs(request, response, route.namespace, route.name, ctx);
  return timelineSvg(response, route.namespace, route.name, ctx);
}

function podPage(
  response: ServerResponse,
  namespace: string,
  name: string,
  ctx: RequestContext,
  pageOptions: { nonce: string; stateDir: string },
): void {
  const pod = shownPod(ctx.source, namespace, name);
  if (pod === undefined) return sendText(response, 404, notFoundMessage("pods", name));
  const api = `/api${podPagePath(namespace, name)}`;
  const paths = { timeline: `${api}/timeline.svg`, logs: `${api}/logs` };
  sendHtml(response, renderPodPage(pod, paths, pageOptions));
}

/** Every container of the pod followed at once, each event tagged with its container. */
async function podLogs(
  request: IncomingMessage,
  response: ServerResponse,
  namespace: string,
  name: string,
  ctx: RequestContext,
): Promise<void> {
  const pod = shownPod(ctx.source, namespace, name);
  if (pod === undefined) return sendText(response, 404, notFoundMessage("pods", name));
  const stream = openEventStream(request, response, ctx.signal);
  await Promise.all(
    podPageContainers(pod).map(({ name: container }) =>
      followContainerLog(
        ctx.source,
        { namespace, pod: name, container },
        { signal: stream.signal, send: (event, data) => stream.send(event, { container, data }) },
        ctx.clock,
        ctx.logs,
      ),
    ),
  );
  await stream.send("end", {});
  stream.close();
}

/** The pod's timeline as `podvisor timeline POD` draws it; a live run's ends now. */
function timelineSvg(response: ServerResponse, namespace: string, name: string, ctx: RequestContext): void {
  const lookup = ctx.source.lookUp();
  const timeline =
    lookup.run === undefined
      ? undefined
      : readRunTimeline(lookup.run, { podNames: [name], namespace, nowMs: ctx.clock.now() });
  if (timeline === undefined || timeline.missing.length > 0 || timeline.model.pods.length === 0)
    return sendText(response, 404, notFoundMessage("pods", name));
  response.writeHead(200, { "content-type": "image/svg+xml; charset=utf-8" });
  response.end(renderTimelineSvg(timeline.model));
}

/** The pod in the run shown now, if it has one of that name. */
function shownPod(source: UiRunSource, namespace: string, name: string): Pod | undefined {
  const lookup = source.lookUp();
  return lookup.run === undefined ? undefined : source.pod(lookup.run, namespace, name);
}
