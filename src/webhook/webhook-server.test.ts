import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { sidecarSet } from "../sidecarset/testing/fixtures.js";
import { patched } from "./testing/admission-fixtures.js";
import { podCreate } from "./testing/admission-fixtures.js";
import { writeSelfSignedCert } from "./testing/self-signed.js";
import { TlsFiles } from "./tls-files.js";
import { WebhookMetrics } from "./webhook-metrics.js";
import { startWebhookServer, type AdmissionSource, type RunningWebhookServer } from "./webhook-server.js";
import type { AdmissionResponse } from "./admission-review.js";

const dir = mkdtempSync(join(tmpdir(), "podvisor-webhook-"));
const first = writeSelfSignedCert(dir, "first");
const second = writeSelfSignedCert(dir, "second");
const certFile = join(dir, "tls.crt");
const keyFile = join(dir, "tls.key");
copyFileSync(first.certFile, certFile);
copyFileSync(first.keyFile, keyFile);

let synced = false;
const source: AdmissionSource = {
  hasSynced: () => synced,
  podView: () => ({
    sidecarSets: [
      sidecarSet("log-agent", {
        selector: { matchLabels: { app: "web" } },
        containers: [{ name: "log-agent", image: "busybox" }],
      }),
    ],
    namespaceLabels: new Map(),
    nodes: [],
    serverVersion: [1, 36],
  }),
  patchMetadataWhitelist: () => undefined,
  sizes: () => [{ name: "sidecarsets", size: 1, synced }],
};
const clock = new FakeClock();
const metrics = new WebhookMetrics(() => source.sizes());
const tlsFiles = new TlsFiles({ certFile, keyFile, clock, logger: silentLogger, pollIntervalMs: 10_000 });
let server: RunningWebhookServer;

beforeAll(async () => {
  server = await startWebhookServer({
    host: "127.0.0.1",
    port: 0,
    tls: tlsFiles.load(),
    source,
    metrics,
    clock,
    logger: silentLogger,
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string; peerCert: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: server.port,
        path,
        method,
        agent: false,
        ca: [first.cert, second.cert],
        headers: { "content-type": "application/json" },
      },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerX509Certificate()!;
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text, peerCert: peer }));
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const review = (
  pod = podCreate({
    metadata: { name: "web", labels: { app: "web" } },
    spec: { containers: [{ name: "app", image: "nginx" }] },
  }),
) => ({
  apiVersion: "admission.k8s.io/v1",
  kind: "AdmissionReview",
  request: pod,
});

describe("the webhook's HTTPS server", () => {
  it("is live at once, but not ready, and refuses pod admission with 503 until the caches have synced (so failurePolicy applies)", async () => {
    expect((await call("GET", "/healthz")).status).toBe(200);
    const ready = await call("GET", "/readyz");
    expect([ready.status, ready.text]).toEqual([503, "caches not synced: sidecarsets\n"]);
    expect((await call("POST", "/mutate-pods", review())).status).toBe(503);
  });

  it("answers an AdmissionReview with the injection patch once synced", async () => {
    synced = true;
    expect((await call("GET", "/readyz")).status).toBe(200);
    const body = review();
    const answer = await call("POST", "/mutate-pods", body);
    expect(answer.status).toBe(200);
    const parsed = JSON.parse(answer.text) as {
      apiVersion: string;
      kind: string;
      response: AdmissionResponse;
    };
    expect(parsed).toMatchObject({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      response: { uid: body.request.uid, allowed: true },
    });
    const pod = patched(body.request, parsed.response);
    expect((pod.spec as { containers: { name: string }[] }).containers.map((c) => c.name)).toEqual([
      "log-agent",
      "app",
    ]);
  });

  it("says what is wrong with a request that is not an AdmissionReview (400), and knows no other paths (404)", async () => {
    const bad = await call("POST", "/mutate-pods", { kind: "Pod" });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/expected apiVersion admission.k8s.io\/v1/);
    expect((await call("GET", "/nope")).status).toBe(404);
  });

  it("exposes admissions by outcome, the latency histogram and cache sizes in Prometheus text", async () => {
    const text = (await call("GET", "/metrics")).text;
    expect(text).toContain('podvisor_admission_requests_total{webhook="mutate-pods",outcome="injected"} 1');
    expect(text).toContain('podvisor_admission_requests_total{webhook="mutate-pods",outcome="not-ready"} 1');
    expect(text).toMatch(/podvisor_admission_duration_seconds_count\{webhook="mutate-pods"\} 2/);
    expect(text).toContain('podvisor_cache_objects{resource="sidecarsets"} 1');
  });

  it("serves a rotated certificate without a restart; a pair that does not load keeps the old one", async () => {
    const controller = new AbortController();
    const rotated = new Promise<void>((resolve) => {
      void tlsFiles.watch((pair) => {
        server.setTls(pair);
        resolve();
      }, controller.signal);
    });
    copyFileSync(second.keyFile, keyFile); // a key that does not match the certificate yet
    await clock.advance(10_000);
    expect((await call("GET", "/healthz")).peerCert.subject).toBe("CN=first");
    copyFileSync(second.certFile, certFile);
    await clock.advance(10_000);
    await rotated;
    expect((await call("GET", "/healthz")).peerCert.subject).toBe("CN=second");
    controller.abort();
  });
});
