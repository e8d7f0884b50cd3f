/**
 * The HTTPS transport to the API server. `@kubernetes/client-node`'s KubeConfig reads the
 * kubeconfig (or the in-cluster service account) and supplies the TLS material and credentials,
 * exec plugins included; the requests themselves are plain node:https, so a watch is a stream
 * of JSON lines this module turns into events, and every failure becomes a KubeApiError.
 * Connections are kept alive and reused, as client-go reuses its one HTTP/2 connection:
 * client-node hands out a fresh Agent per request, and a TLS handshake with a client certificate
 * per request cost the rollout controller most of its CPU (bench/README.md, section 7).
 * client-node is imported on first use: it costs half a second of start-up that only the
 * cluster commands should pay.
 */
import * as http from "node:http";
import * as https from "node:https";
import { createInterface } from "node:readline";
import type { Fields } from "../api/index.js";
import { isRecord } from "../api/index.js";
import { KubeApiError } from "./kube-api-error.js";
import type { WatchEvent } from "./list-watcher.js";

type RequestOptions = https.RequestOptions;

export interface KubeClientSource {
  /** A kubeconfig file; absent: $KUBECONFIG, ~/.kube/config, or the in-cluster service account. */
  kubeconfig?: string;
}

export class KubeClient {
  /**
   * Node's Agent pools sockets by the TLS material of each request (CA, certificate, key), so
   * rotated credentials get connections of their own. Idle sockets are unref'd: they keep no
   * process alive.
   */
  private readonly keepAliveAgent: http.Agent;

  private constructor(
    readonly server: string,
    private readonly applyAuth: (options: RequestOptions) => Promise<void>,
    /** A proxy in the kubeconfig: keep client-node's proxy agent, one per request. */
    private readonly viaProxy: boolean,
  ) {
    this.keepAliveAgent = server.startsWith("http:")
      ? new http.Agent({ keepAlive: true })
      : new https.Agent({ keepAlive: true });
  }

  static async load(source: KubeClientSource): Promise<KubeClient> {
    const { KubeConfig } = await import("@kubernetes/client-node");
    const config = new KubeConfig();
    if (source.kubeconfig) config.loadFromFile(source.kubeconfig);
    else config.loadFromDefault();
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new KubeApiError("the kubeconfig names no current cluster", 0, undefined);
    return new KubeClient(
      cluster.server.replace(/\/+$/, ""),
      (options) => config.applyToHTTPSOptions(options),
      cluster.proxyUrl !== undefined && cluster.proxyUrl !== "",
    );
  }

  /**
   * GET/POST/... `path` and parse the JSON answer; a non-2xx answer rejects with its Status.
   * `contentType` names a PATCH's kind (application/json-patch+json, merge-patch+json,
   * strategic-merge-patch+json); the default is application/json.
   */
  async requestJson(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    contentType = "application/json",
  ): Promise<Fields> {
    const response = await this.open(method, path, body, signal, contentType);
    const text = await readText(response);
    const status = response.statusCode ?? 0;
    const parsed = parseJson(text);
    if (status < 200 || status > 299) throw KubeApiError.fromStatus(parsed, status, `${method} ${path}`);
    if (!isRecord(parsed))
      throw new KubeApiError(`${method} ${path}: the answer is not a JSON object`, status, undefined);
    return parsed;
  }

  /** GET `path` as text (e.g. a component's `/metrics`); a non-2xx answer rejects with its Status. */
  async requestText(path: string, signal?: AbortSignal): Promise<string> {
    const response = await this.open("GET", path, undefined, signal, "application/json", "text/plain, */*");
    const text = await readText(response);
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) throw KubeApiError.fromStatus(parseJson(text), status, `GET ${path}`);
    return text;
  }

  /**
   * Opens a watch and hands each event to `onEvent` until the server ends the stream (resolves).
   * A failed request, a broken stream, or `onEvent` throwing rejects; `signal` ends it quietly.
   */
  async watch(path: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    let response: http.IncomingMessage;
    try {
      response = await this.open("GET", path, undefined, signal);
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    const status = response.statusCode ?? 0;
    if (status !== 200)
      throw KubeApiError.fromStatus(parseJson(await readText(response)), status, `watch ${path}`);
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: response, crlfDelay: Infinity });
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        lines.close();
        response.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      lines.on("line", (line) => {
        if (failed || line.trim() === "") return;
        const event = parseJson(line);
        if (!isRecord(event) || typeof event.type !== "string" || !isRecord(event.object))
          return fail(
            new KubeApiError(`watch ${path}: not a watch event: ${line.slice(0, 200)}`, 200, undefined),
          );
        try {
          onEvent({ type: event.type as WatchEvent["type"], object: event.object });
        } catch (error) {
          fail(error);
        }
      });
      // A reset or aborted stream errors the response, and readline re-emits that error.
      const onError = (error: unknown) => {
        if (signal.aborted) {
          failed = true;
          resolve();
        } else fail(networkError(`watch ${path}`, error));
      };
      response.on("error", onError);
      lines.on("error", onError);
      lines.on("close", () => {
        if (!failed) resolve();
      });
    });
  }

  private async open(
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    contentType = "application/json",
    accept = "application/json",
  ): Promise<http.IncomingMessage> {
    const url = new URL(this.server + path);
    const options: RequestOptions = { method, headers: { Accept: accept } };
    try {
      await this.applyAuth(options);
    } catch (error) {
      throw networkError(`${method} ${path}: credentials from the kubeconfig`, error);
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // An explicit length: Node sends no chunked body for DELETE, so a DeleteOptions body would be lost.
    if (payload !== undefined)
      options.headers = {
        ...options.headers,
        "Content-Type": contentType,
        "Content-Length": Buffer.byteLength(payload),
      };
    if (signal) options.signal = signal;
    if (!this.viaProxy) options.agent = this.keepAliveAgent;
    const transport = url.protocol === "http:" ? http : https;
    const send = (isRetry: boolean): Promise<http.IncomingMessage> =>
      new Promise((resolve, reject) => {
        const request = transport.request(url, options, resolve);
        request.on("error", (error: NodeJS.ErrnoException) => {
          // The server closed a kept-alive connection as we reused it: the request never
          // reached it, so send it once more on a fresh one (Node's documented remedy).
          if (!isRetry && request.reusedSocket && error.code === "ECONNRESET") resolve(send(true));
          else reject(networkError(`${method} ${path}`, error));
        });
        request.end(payload);
      });
    return send(false);
  }
}

function networkError(what: string, error: unknown): KubeApiError {
  return new KubeApiError(
    `${what}: ${error instanceof Error ? error.message : String(error)}`,
    0,
    undefined,
    [],
    error,
  );
}

async function readText(response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 500) };
  }
}
