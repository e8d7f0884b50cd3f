/**
 * One HTTP GET as the kubelet's probe client makes it (`pkg/probe/http`): no keep-alive, TLS
 * without verification, `User-Agent: kube-probe/<ver>` and `Accept: *\/*` unless the probe sets
 * them, a deadline over the whole request (redirects included), at most 10 KiB of body read.
 * Errors come back as Go's `Get "<url>": ...` text, never as exceptions. Shared by httpGet probes
 * and httpGet hooks, which the kubelet both sends through `RedirectChecker(false)`.
 *
 * Redirects follow Go's `http.Client` with that checker: 301/302/303/307/308 with a `Location`
 * are followed to the same hostname (any port or scheme), carrying the request's headers and a
 * `Referer`; a redirect to another hostname is not followed and its 3xx response is the result;
 * the 10th redirect is an error (`Get "<location>": stopped after 10 redirects`).
 */
import type { ClientRequest } from "node:http";
import type { Container, HTTPGetAction } from "../api/index.js";
import { describeDialError, joinHostPort } from "./probe-outcome.js";
import { resolveContainerPort } from "./resolve-port.js";

const MAX_BODY_BYTES = 10 * 1024;

/**
 * node:http and node:https load at the first request of their scheme: most runs make none, and
 * loading them cost `podvisor run` before its first container (issue 17): https with TLS and
 * crypto ~10–20 ms, http ~1 ms.
 */
let httpModule: Promise<typeof import("node:http")> | undefined;
let httpsModule: Promise<typeof import("node:https")> | undefined;
const loadHttp = () => (httpModule ??= import("node:http"));
const loadHttps = () => (httpsModule ??= import("node:https"));

/** kubelet `RedirectChecker`: `len(via) >= 10` stops the chain, so at most 10 requests are sent. */
const MAX_REQUESTS = 10;

/** Go `redirectBehavior` for a GET: the codes it follows (with a `Location`). */
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

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

/**
 * GET `target`, following redirects as the kubelet's client does, all within `timeoutMs`; `signal`
 * drops the request earlier (a lifecycle hook whose container exited).
 */
export async function httpGet(
  target: HttpGetTarget,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HttpGetResult> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const dropped = () => deadline.abort();
  if (signal?.aborted) dropped();
  else signal?.addEventListener("abort", dropped, { once: true });
  try {
    const first = target.url;
    const given = target.headers.filter(([name]) => name.toLowerCase() !== "host");
    const hasReferer = given.some(([name]) => name.toLowerCase() === "referer");
    // Go: `req.Host` from the Host header; kept on a redirect only for a relative Location.
    const hostHeader = target.headers.find(([name]) => name.toLowerCase() === "host")?.[1];
    let hostOverride = hostHeader === "" ? undefined : hostHeader;
    let url = first;
    let referer: string | undefined;
    for (let sent = 1; ; sent++) {
      const headers: [string, string][] = [...given];
      if (hostOverride !== undefined) headers.push(["Host", hostOverride]);
      if (referer !== undefined) headers.push(["Referer", referer]);
      const hop = await getOnce(url, headers, deadline.signal);
      if (hop.kind === "error") return hop;
      const response: HttpGetResult = { kind: "response", statusCode: hop.statusCode, body: hop.body };
      const location = hop.location ?? "";
      if (!REDIRECT_CODES.has(hop.statusCode) || location === "") return response;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return {
          kind: "error",
          message: `Get ${JSON.stringify(url.href)}: failed to parse Location header ${JSON.stringify(location)}`,
        };
      }
      // kubelet RedirectChecker: another hostname is not followed; the 3xx is the response.
      if (hostnameOf(next) !== hostnameOf(first)) return response;
      if (sent >= MAX_REQUESTS)
        return { kind: "error", message: `Get ${JSON.stringify(location)}: stopped after 10 redirects` };
      if (!(hostOverride !== undefined && hostOverride !== url.host && !isAbsolute(location)))
        hostOverride = undefined;
      // Go `refererForURL`: the previous URL, except from https to http; an explicit one stays.
      referer = hasReferer || (url.protocol === "https:" && next.protocol === "http:") ? undefined : url.href;
      url = next;
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", dropped);
  }
}

type Hop =
  | { kind: "response"; statusCode: number; body: string; location?: string }
  | { kind: "error"; message: string };

/** One request of the chain; `deadline` aborts it with the client timeout's text. */
async function getOnce(url: URL, headerList: [string, string][], deadline: AbortSignal): Promise<Hop> {
  const quoted = JSON.stringify(url.href);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return {
      kind: "error",
      message: `Get ${quoted}: unsupported protocol scheme ${JSON.stringify(url.protocol.slice(0, -1))}`,
    };
  const headers: Record<string, string> = {};
  for (const [name, value] of headerList) headers[name] = value;
  const options = { method: "GET", headers, agent: false as const };
  const request =
    url.protocol === "https:"
      ? (await loadHttps()).request(url, { ...options, rejectUnauthorized: false })
      : (await loadHttp()).request(url, options);
  return exchange(request, url, quoted, deadline);
}

/** Sends `request` and reads its response (or its error) as one Hop. */
function exchange(request: ClientRequest, url: URL, quoted: string, deadline: AbortSignal): Promise<Hop> {
  const address = joinHostPort(url.hostname.replace(/^\[|\]$/g, ""), Number(url.port || defaultPort(url)));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Hop) => {
      if (settled) return;
      settled = true;
      deadline.removeEventListener("abort", onDeadline);
      request.destroy();
      resolve(result);
    };
    const onDeadline = () =>
      settle({
        kind: "error",
        message: `Get ${quoted}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      });
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
      const done = () => {
        const hop: Hop = {
          kind: "response",
          statusCode: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        if (response.headers.location !== undefined) hop.location = response.headers.location;
        settle(hop);
      };
      response.on("data", (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
        size += chunk.length;
        if (size >= MAX_BODY_BYTES) done();
      });
      response.once("end", done);
      response.once("error", done);
    });
    if (deadline.aborted) onDeadline();
    else deadline.addEventListener("abort", onDeadline, { once: true });
    request.end();
  });
}

/** Go `URL.Hostname()`: the host without port (Node keeps IPv6 brackets on both sides alike). */
function hostnameOf(url: URL): string {
  return url.hostname;
}

/** Go `URL.IsAbs()`: the reference has a scheme. */
function isAbsolute(location: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location);
}

function defaultPort(url: URL): number {
  return url.protocol === "https:" ? 443 : 80;
}
