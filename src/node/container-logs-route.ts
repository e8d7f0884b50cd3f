/**
 * `GET /containerLogs/{namespace}/{pod}/{container}` of the kubelet API, which the API server
 * proxies `kubectl logs` to (pkg/kubelet/server/server.go `getContainerLogs`): the query is a
 * v1 PodLogOptions (`follow`, `previous`, `timestamps`, `tailLines` or the old `tail`,
 * `sinceSeconds`, `sinceTime`, `limitBytes`); the log is read from the state directory the node
 * writes, by the same code as `podvisor logs` (store/container-log-stream.ts), and streamed as it
 * is read. Errors carry the kubelet's status codes and words; the API server hands a 400's text
 * to kubectl as `Error from server (BadRequest): …`.
 */
import type { ServerResponse } from "node:http";
import { once } from "node:events";
import type { Pod } from "../api/index.js";
import type { Clock } from "../shared/index.js";
import {
  planContainerLog,
  readPod,
  streamContainerLog,
  type ContainerLogOptions,
  type RunDirectory,
} from "../store/index.js";
import { writeText, type KubeletRequest, type KubeletRoute } from "./kubelet-server.js";

export interface PodLogQuery {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTimeMs?: number;
  limitBytes?: number;
}

export interface ContainerLogsDeps {
  run: RunDirectory;
  clock: Clock;
  /** The pod as its worker last reported it (the state file can lag it); else the state file's. */
  currentPod?: (namespace: string, name: string) => Pod | undefined;
}

/** How often a follow looks at the files when fs.watch says nothing. */
const followPollMs = 250;

export function containerLogsRoute(deps: ContainerLogsDeps): KubeletRoute {
  return {
    method: "GET",
    path: /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/,
    handle: (request, response) => serveContainerLogs(request, response, deps),
  };
}

async function serveContainerLogs(
  request: KubeletRequest,
  response: ServerResponse,
  deps: ContainerLogsDeps,
): Promise<void> {
  const [namespace = "", podName = "", containerName = ""] = request.params;
  const query = parsePodLogQuery(request.url.searchParams);
  if ("statusCode" in query) return writeText(response, query.statusCode, query.body);
  const pod = deps.currentPod?.(namespace, podName) ?? readPod(deps.run, podName, namespace);
  if (pod === undefined) return writeText(response, 404, `pod "${podName}" does not exist`);
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  if (!containers.some((c) => c.name === containerName))
    return writeText(response, 404, `container "${containerName}" not found in pod "${podName}"`);
  const plan = planContainerLog(deps.run, pod, containerName, query.previous);
  if ("error" in plan) return writeText(response, 400, plan.error);

  const closed = new AbortController();
  response.once("close", () => closed.abort());
  response.writeHead(200, { "Content-Type": "text/plain" });
  // The kubelet's zero-byte write: the caller sees the answer start before the first line comes.
  response.flushHeaders();
  const options: ContainerLogOptions = {
    timestamps: query.timestamps,
    follow: query.follow,
    pollMs: followPollMs,
    signal: closed.signal,
    ...(query.tailLines !== undefined ? { tailLines: query.tailLines } : {}),
    ...(query.limitBytes !== undefined ? { limitBytes: query.limitBytes } : {}),
    ...(query.sinceTimeMs !== undefined ? { sinceMs: query.sinceTimeMs } : {}),
    ...(query.sinceSeconds !== undefined ? { sinceMs: deps.clock.now() - query.sinceSeconds * 1000 } : {}),
  };
  const write = async (chunk: Buffer) => {
    if (closed.signal.aborted || chunk.length === 0) return;
    if (!response.write(chunk)) await Promise.race([once(response, "drain"), once(response, "close")]);
  };
  await streamContainerLog(deps.run, pod, containerName, plan, options, write, deps.clock);
  response.end();
}

/**
 * The query as v1 PodLogOptions, validated as `ValidatePodLogOptions` does, or the kubelet's
 * answer to a query it cannot decode (400) or that is invalid (422).
 */
export function parsePodLogQuery(
  params: URLSearchParams,
): PodLogQuery | { statusCode: 400 | 422; body: string } {
  const undecodable = { statusCode: 400 as const, body: `{"message": "Unable to decode query."}` };
  const invalid = { statusCode: 422 as const, body: `{"message": "Invalid request."}` };
  const flag = (name: string): boolean | undefined => {
    const value = params.get(name);
    if (value === null || value === "") return false;
    return ["1", "t", "T", "true", "TRUE", "True"].includes(value)
      ? true
      : ["0", "f", "F", "false", "FALSE", "False"].includes(value)
        ? false
        : undefined;
  };
  const count = (name: string): number | undefined | null => {
    const value = params.get(name);
    if (value === null) return undefined;
    return /^-?\d+$/.test(value) ? Number(value) : null;
  };
  const tail = params.get("tail");
  if (tail !== null && tail !== "all" && tail !== "") params.set("tailLines", tail);
  const follow = flag("follow");
  const previous = flag("previous");
  const timestamps = flag("timestamps");
  const tailLines = count("tailLines");
  const sinceSeconds = count("sinceSeconds");
  const limitBytes = count("limitBytes");
  const sinceTime = params.get("sinceTime");
  const sinceTimeMs = sinceTime === null ? undefined : Date.parse(sinceTime);
  if (
    follow === undefined ||
    previous === undefined ||
    timestamps === undefined ||
    tailLines === null ||
    sinceSeconds === null ||
    limitBytes === null ||
    (sinceTimeMs !== undefined && Number.isNaN(sinceTimeMs))
  )
    return undecodable;
  if (
    (tailLines !== undefined && tailLines < 0) ||
    (limitBytes !== undefined && limitBytes < 1) ||
    (sinceSeconds !== undefined && sinceSeconds < 1) ||
    (sinceSeconds !== undefined && sinceTimeMs !== undefined)
  )
    return invalid;
  return {
    follow,
    previous,
    timestamps,
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
    ...(sinceTimeMs !== undefined ? { sinceTimeMs } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}
