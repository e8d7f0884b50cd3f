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
 *
 * Every request has a deadline (`requestTimeoutMs`, default 30 s: client-go's rest.Config has none
 * by default, but an API server that accepts the connection and never answers must not hold a
 * node's status writes or lease renewals forever). It ends in a KubeApiError with status 0 and
 * reason "Timeout", which every caller retries with its back-off as it does a refused connection.
 * A watch is not cut by it once its answer has begun: the server ends a watch after its
 * `timeoutSeconds`, and a watch that stays silent beyond that plus the request timeout is taken
 * for a dead connection (bounded idle detection).
 */
import * as http from "node:http";
import * as https from "node:https";
import { createInterface } from "node:readline";
import type { Fields } from "../api/index.js";
import { isRecord } from "../api/index.js";
import { systemClock, type Clock } from "../shared/index.js";
import { KubeApiError, timeoutReason } from "./kube-api-error.js";
import type { WatchEvent } from "./list-watcher.js";

type RequestOptions = https.RequestOptions;

export interface KubeClientSource {
  /** A kubeconfig file; absent: $KUBECONFIG, ~/.kube/config, or the in-cluster service account. */
  kubeconfig?: string;
  /** The deadline of one request (a watch: until its answer begins); default 30 s. */
  requestTimeoutMs?: number;
  /** Drives the deadlines; the system clock by default, a FakeClock in tests. */
  clock?: Clock;
}

export const defaultRequestTimeoutMs = 30_000;

export class KubeClient {
  /**
   * Node's Agent pools sockets by the TLS material of each request (CA, certificate, key), so
   * rotated credentials get connections of their own. Idle sockets are unref'd: they keep no
   * process alive.
   */
  private readonly keepAliveAgent: http.Agent;
  private readonly requestTimeoutMs: number;
  private readonly clock: Clock;

  private constructor(
    readonly server: string,
    private readonly applyAuth: (options: RequestOptions) => Promise<void>,
    /** A proxy in the kubeconfig: keep client-node's proxy agent, one per request. */
    private readonly viaProxy: boolean,
    source: KubeClientSource,
  ) {
    this.keepAliveAgent = server.startsWith("http:")
      ? new http.Agent({ keepAlive: true })
      : new https.Agent({ keepAlive: true });
    this.requestTimeoutMs = source.requestTimeoutMs ?? defaultRequestTimeoutMs;
    this.clock = source.clock ?? systemClock;
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
      source,
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
    const { response, text } = await this.withDeadline(`${method} ${path}`, signal, async (bounded) => {
      const answer = await this.open(method, path, body, bounded, contentType);
      return { response: answer, text: await readText(answer) };
    });
    const status = response.statusCode ?? 0;
    const parsed = parseJson(text);
    if (status < 200 || status > 299) throw KubeApiError.fromStatus(parsed, status, `${method} ${path}`);
    if (!isRecord(parsed))
      throw new KubeApiError(`${method} ${path}: the answer is not a JSON object`, status, undefined);
    return parsed;
  }

  /** GET `path` as text (e.g. a component's `/metrics`); a non-2xx answer rejects with its Status. */
  async requestText(path: string, signal?: AbortSignal): Promise<string> {
    const { response, text } = await this.withDeadline(`GET ${path}`, signal, async (bounded) => {
      const answer = await this.open("GET", path, undefined, bounded, "application/json", "text/plain, */*");
      return { response: answer, text: await readText(answer) };
    });
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) throw KubeApiError.fromStatus(parseJson(text), status, `GET ${path}`);
    return text;
  }

  /**
   * Opens a watch and hands each event to `onEvent` until the server ends the stream (resolves).
   * A failed request, a broken stream, or `onEvent` throwing rejects; `signal` ends it quietly.
   * The answer must begin within the request timeout; with `timeoutSeconds` in the query, a stream
   * silent for that long plus the request timeout is a dead connection and rejects (status 0).
   */
  async watch(path: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    let response: http.IncomingMessage;
    try {
      response = await this.withDeadline(`watch ${path}`, signal, (bounded) =>
        this.open("GET", path, undefined, bounded),
      );
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    const status = response.statusCode ?? 0;
    if (status !== 200)
      throw KubeApiError.fromStatus(parseJson(await readText(response)), status, `watch ${path}`);
    const idleLimitMs = this.watchIdleLimitMs(path);
    let lastDataAtMs = this.clock.now();
    if (idleLimitMs !== undefined) response.on("data", () => (lastDataAtMs = this.clock.now()));
    const stopIdleCheck = new AbortController();
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
      if (idleLimitMs !== undefined)
        void this.watchForSilence(idleLimitMs, () => lastDataAtMs, stopIdleCheck.signal).then((isSilent) => {
          if (isSilent)
            fail(
              new KubeApiError(
                `watch ${path}: nothing received for ${idleLimitMs / 1000} s, longer than the watch's timeoutSeconds: the connection is taken for dead`,
                0,
                timeoutReason,
              ),
            );
        });
    }).finally(() => stopIdleCheck.abort());
  }

  /** `timeoutSeconds` of a watch's query plus the request timeout; none without it. */
  private watchIdleLimitMs(path: string): number | undefined {
    const seconds = Number(new URL(this.server + path).searchParams.get("timeoutSeconds") ?? NaN);
    return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 + this.requestTimeoutMs : undefined;
  }

  /** Resolves true once nothing arrived for `limitMs`; false when `stop` aborts. */
  private async watchForSilence(
    limitMs: number,
    lastDataAtMs: () => number,
    stop: AbortSignal,
  ): Promise<boolean> {
    for (;;) {
      const silentMs = this.clock.now() - lastDataAtMs();
      if (silentMs >= limitMs) return true;
      try {
        await this.clock.sleep(limitMs - silentMs, stop);
      } catch {
        return false;
      }
    }
  }

  /**
   * Runs `attempt` with a signal that also aborts after the request timeout; a request the
   * deadline ended rejects with a KubeApiError (status 0, reason Timeout) naming it.
   */
  private async withDeadline<T>(
    what: string,
    signal: AbortSignal | undefined,
    attempt: (bounded: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const deadline = new AbortController();
    let isTimedOut = false;
    // A timer, not a sleep with an AbortController: cancelling that built a DOMException (a stack
    // capture) per request, ~5% of the rollout controller's CPU.
    const cancelTimer = this.clock.setTimer(this.requestTimeoutMs, () => {
      isTimedOut = true;
      deadline.abort();
    });
    try {
      return await attempt(signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal);
    } catch (error) {
      if (!isTimedOut || signal?.aborted) throw error;
      throw new KubeApiError(
        `${what}: the API server did not answer within ${this.requestTimeoutMs / 1000} s (request timeout); retried with back-off`,
        0,
        timeoutReason,
        [],
        error,
      );
    } finally {
      cancelTimer();
    }
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
