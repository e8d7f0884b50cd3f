/**
 * One HTTP GET as the kubelet's probe client makes it (`pkg/probe/http`): no keep-alive, TLS
 * without verification, `User-Agent: kube-probe/<ver>` and `Accept: *\/*` unless the probe sets
 * them, a deadline over the whole request, at most 10 KiB of body read. Errors come back as Go's
 * `Get "<url>": ...` text, never as exceptions. Shared by httpGet probes and httpGet hooks.
 */
import http from "node:http";
import https from "node:https";
import type { Container, HTTPGetAction } from "../api/types.js";
import { describeDialError, joinHostPort } from "./probe-outcome.js";
import { resolveContainerPort } from "./resolve-port.js";

const MAX_BODY_BYTES = 10 * 1024;

export interface HttpGetTarget {
  url: URL;
  /** Header names as given; `Host` sets the request's host. */
  headers: [string, string][];
}

export type HttpGetResult =
  { kind: "response"; statusCode: number; body: string } | { kind: "error"; message: string };

/**
 * kubelet `NewRequestForHTTPGetAction`: scheme (default HTTP), host (default the pod IP), port by
 * number or by the name of a container port, path (with its query). Undefined port: an error text.
 */
export function httpGetTarget(
  action: HTTPGetAction,
  container: Container,
  podIP: string,
  userAgent: string,
): HttpGetTarget | { error: string } {
  const port = resolveContainerPort(action.port, container);
  if ("error" in port) return port;
  const scheme = (action.scheme ?? "HTTP").toLowerCase();
  const host = action.host !== undefined && action.host !== "" ? action.host : podIP;
  const rawPath = action.path ?? "";
  const path = rawPath.startsWith("/") ? rawPath : `/${rawPath}`;
  const url = new URL(`${scheme}://${joinHostPort(host, port.port)}${path}`);
  const headers: [string, string][] = [];
  const given = new Set((action.httpHeaders ?? []).map((h) => h.name.toLowerCase()));
  if (!given.has("user-agent")) headers.push(["User-Agent", userAgent]);
  if (!given.has("accept")) headers.push(["Accept", "*/*"]);
  for (const header of action.httpHeaders ?? []) headers.push([header.name, header.value]);
  return { url, headers };
}

export function httpGet(target: HttpGetTarget, timeoutMs: number): Promise<HttpGetResult> {
  const { url } = target;
  const quoted = JSON.stringify(url.href);
  const address = joinHostPort(url.hostname.replace(/^\[|\]$/g, ""), Number(url.port || defaultPort(url)));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: HttpGetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const headers: Record<string, string> = {};
    for (const [name, value] of target.headers) headers[name] = value;
    const options = { method: "GET", headers, agent: false as const };
    const request =
      url.protocol === "https:"
        ? https.request(url, { ...options, rejectUnauthorized: false })
        : http.request(url, options);
    const timer = setTimeout(
      () =>
        settle({
          kind: "error",
          message: `Get ${quoted}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        }),
      timeoutMs,
    );
    request.once("error", (error: NodeJS.ErrnoException) => {
      const text =
        error.code === "ECONNRESET" && error.message === "socket hang up"
          ? "EOF"
          : describeDialError(error, address);
      settle({ kind: "error", message: `Get ${quoted}: ${text}` });
    });
    request.once("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () =>
        settle({
          kind: "response",
          statusCode: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
        });
      response.on("data", (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
        size += chunk.length;
        if (size >= MAX_BODY_BYTES) done();
      });
      response.once("end", done);
      response.once("error", done);
    });
    request.end();
  });
}

function defaultPort(url: URL): number {
  return url.protocol === "https:" ? 443 : 80;
}
