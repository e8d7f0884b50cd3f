import { request, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { EngineError } from "./container-errors.js";

/** Docker Engine API version every call is pinned to: Docker ≥ 20.10 and Podman ≥ 3 serve it. */
export const ENGINE_API_VERSION = "v1.41";

export type Query = Record<string, string | number | boolean | undefined>;

export interface EngineRequest {
  method: "GET" | "POST" | "DELETE";
  path: string;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * A small typed client for the Docker Engine API over a unix socket (docs/adr/0005). Each call is
 * one HTTP request on its own connection; `json` reads a whole answer, `stream` hands out the
 * response body for the long-lived calls (logs follow, wait, pull progress, exec output).
 * A non-2xx answer becomes an EngineError carrying the engine's own message.
 */
export class EngineClient {
  constructor(readonly socketPath: string) {}

  async json<T>(req: EngineRequest): Promise<T> {
    const res = await this.stream(req);
    const text = await readAll(res);
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  /** Like `json`, for calls whose answer does not matter (204 No Content, or a 304 "already so"). */
  async call(req: EngineRequest): Promise<void> {
    await readAll(await this.stream(req));
  }

  /**
   * A hijacked connection (attach): the engine answers 101 and the socket then carries the raw
   * stream both ways. A Docker that answers 200 without upgrading hands out the body instead.
   */
  upgrade(req: EngineRequest): Promise<AsyncIterable<Buffer> & { destroy(): void }> {
    return this.open(req, { Connection: "Upgrade", Upgrade: "tcp" });
  }

  stream(req: EngineRequest): Promise<IncomingMessage> {
    return this.open(req, {});
  }

  private open(req: EngineRequest, upgrade: Record<string, string>): Promise<IncomingMessage> {
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    return new Promise((resolve, reject) => {
      const http = request({
        socketPath: this.socketPath,
        method: req.method,
        path: `/${ENGINE_API_VERSION}${req.path}${queryString(req.query)}`,
        headers: {
          Host: "engine",
          ...(body === undefined
            ? {}
            : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }),
          ...upgrade,
          ...req.headers,
        },
        ...(req.signal ? { signal: req.signal } : {}),
      });
      http.on("upgrade", (_res, socket: Duplex, head: Buffer) => {
        if (head.length > 0) socket.unshift(head);
        // The raw socket stands in for the body: both are async iterables of Buffers.
        resolve(socket as unknown as IncomingMessage);
      });
      http.on("response", (res) => {
        const status = res.statusCode ?? 0;
        if (status < 300 || status === 304) return resolve(res);
        void readAll(res).then(
          (text) => reject(new EngineError(req.method, req.path, status, engineMessage(text))),
          reject,
        );
      });
      http.on("error", (cause) =>
        reject(
          new EngineError(req.method, req.path, 0, `cannot reach the engine at ${this.socketPath}`, cause),
        ),
      );
      http.end(body);
    });
  }
}

export function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
  });
}

function queryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** Docker answers `{"message": "..."}`; Podman adds `cause` and `response`. */
function engineMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // not JSON: the text itself
  }
  return text.trim();
}
