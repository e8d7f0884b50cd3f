/**
 * The HTTPS edge of `podvisor webhook`: parse the review, ask the pure reviewers, write the
 * answer. Routes (docs/webhook.md):
 *   POST /mutate-pods            SidecarSet injection (review-pod.ts)
 *   POST /mutate-sidecarsets     Kruise's SidecarSet defaults and hashes
 *   POST /validate-sidecarsets   Kruise's SidecarSet validation
 *   POST /convert-sidecarsets    CRD conversion v1alpha1 ⇄ v1beta1
 *   GET  /healthz  /readyz  /metrics
 * Until the caches have synced, pod admission and SidecarSet validation answer 503, so the API
 * server applies the webhook's failurePolicy instead of receiving an answer from empty caches;
 * /readyz says the same.
 */
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { SidecarMode } from "../api/index.js";
import type { Clock } from "../shared/index.js";
import type { Logger } from "../shared/index.js";
import { decodeAdmissionReview, reviewResponse, type AdmissionRequest } from "./admission-review.js";
import { reviewConversion } from "./convert-sidecarset.js";
import { reviewPod, type PodAdmissionCaches } from "./review-pod.js";
import { mutateSidecarSet, validateSidecarSetRequest } from "./review-sidecarset.js";
import type { TlsPair } from "./tls-files.js";
import type { WebhookMetrics } from "./webhook-metrics.js";

/** What the server answers from: ClusterCaches in production, a fixed view in tests. */
export interface AdmissionSource {
  hasSynced(): boolean;
  podView(): PodAdmissionCaches;
  patchMetadataWhitelist(): string | undefined;
  sizes(): { name: string; size: number; synced: boolean }[];
}

export interface WebhookServerOptions {
  host: string;
  port: number;
  tls: TlsPair;
  source: AdmissionSource;
  metrics: WebhookMetrics;
  clock: Clock;
  logger: Logger;
  defaultMode?: SidecarMode;
  sidecarHelperImage?: string;
}

export interface RunningWebhookServer {
  port: number;
  setTls(pair: TlsPair): void;
  close(): Promise<void>;
}

/** The API server sends at most 3 MiB objects; leave room for oldObject and the envelope. */
const maxBodyBytes = 8 * 1024 * 1024;

export async function startWebhookServer(options: WebhookServerOptions): Promise<RunningWebhookServer> {
  const server: Server = createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      options.logger.warn("webhook request failed", { error: String(error) });
      if (!res.headersSent) send(res, 500, "text/plain", "internal error\n");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    setTls: (pair) => server.setSecureContext({ cert: pair.cert, key: pair.key }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: WebhookServerOptions,
): Promise<void> {
  const path = new URL(req.url ?? "/", "https://webhook").pathname;
  const { source, metrics } = options;
  if (req.method === "GET" && path === "/healthz") return send(res, 200, "text/plain", "ok\n");
  if (req.method === "GET" && path === "/readyz") {
    const waiting = source
      .sizes()
      .filter((c) => !c.synced)
      .map((c) => c.name);
    return source.hasSynced()
      ? send(res, 200, "text/plain", "ok\n")
      : send(res, 503, "text/plain", `caches not synced: ${waiting.join(", ") || "server version"}\n`);
  }
  if (req.method === "GET" && path === "/metrics")
    return send(res, 200, "text/plain; version=0.0.4", metrics.render());
  const webhooks = ["/mutate-pods", "/mutate-sidecarsets", "/validate-sidecarsets", "/convert-sidecarsets"];
  if (!webhooks.includes(path)) return send(res, 404, "text/plain", "not found\n");
  if (req.method !== "POST") return send(res, 405, "text/plain", "POST only\n");

  const startedMs = performance.now();
  const webhook = path.slice(1);
  const body = await readJson(req);
  if ("error" in body) return send(res, 400, "text/plain", `${body.error}\n`);
  const needsCaches = path === "/mutate-pods" || path === "/validate-sidecarsets";
  if (needsCaches && !source.hasSynced()) {
    metrics.recordAdmission(webhook, "not-ready", (performance.now() - startedMs) / 1000);
    return send(res, 503, "text/plain", "podvisor webhook: caches not synced yet\n");
  }
  if (path === "/convert-sidecarsets") {
    const answer = reviewConversion(body.value);
    if ("error" in answer) return send(res, 400, "text/plain", `${answer.error}\n`);
    metrics.recordAdmission(
      webhook,
      answer.response.result.status.toLowerCase(),
      (performance.now() - startedMs) / 1000,
    );
    return send(res, 200, "application/json", JSON.stringify(answer));
  }
  const decoded = decodeAdmissionReview(body.value);
  if ("error" in decoded) return send(res, 400, "text/plain", `${decoded.error}\n`);
  const { response, outcome } = review(path, decoded.request, options);
  send(res, 200, "application/json", JSON.stringify(reviewResponse(response)));
  metrics.recordAdmission(webhook, outcome, (performance.now() - startedMs) / 1000);
  options.logger.debug(`${webhook}: ${outcome}`, { uid: decoded.request.uid, name: decoded.request.name });
}

function review(path: string, request: AdmissionRequest, options: WebhookServerOptions) {
  if (path === "/mutate-pods")
    return reviewPod(request, options.source.podView(), {
      nowMs: options.clock.now(),
      ...(options.defaultMode ? { defaultMode: options.defaultMode } : {}),
      ...(options.sidecarHelperImage ? { sidecarHelperImage: options.sidecarHelperImage } : {}),
    });
  if (path === "/mutate-sidecarsets") return mutateSidecarSet(request);
  return validateSidecarSetRequest(
    request,
    options.source.patchMetadataWhitelist(),
    options.source.podView().sidecarSets,
  );
}

async function readJson(req: IncomingMessage): Promise<{ value: unknown } | { error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return { error: `the body is larger than ${maxBodyBytes} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { value: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown };
  } catch (error) {
    return { error: `the body is not JSON: ${(error as Error).message}` };
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
