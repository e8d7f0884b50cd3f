/**
 * Admission figures (issue 12 §5), each beside a baseline measured in the same run:
 *
 *   NODE_OPTIONS=--expose-gc npx vite-node bench/admission.ts [--quick] [--no-cluster] [--no-kruise]
 *     [--pods N] [--repeats N] [--trace-gc] [--out FILE]
 *
 * 1. The webhook's own latency with 10, 100 and 1000 SidecarSets (one selects the pod): an
 *    AdmissionReview POSTed to `/mutate-pods` of the real HTTPS server over a keep-alive
 *    connection, against the baseline of `GET /healthz` on the same connection (TLS, HTTP and
 *    the event loop, no decision); and the pure decision (reviewPod) alone.
 * 2. RSS of this process once the server answers from 1000 SidecarSets, against its RSS before
 *    the SidecarSets were built.
 * 3. Pod creation through a real kube-apiserver (the cluster tests' control plane,
 *    test/cluster/support), p50/p99 of `POST /api/v1/namespaces/<ns>/pods` in namespaces side by
 *    side (round-robin, so load drifts equally): no webhook, podvisor's webhook (`podvisor
 *    webhook`, its own process; 100 SidecarSets, one selecting the pods), a no-op webhook in its
 *    own Node process (the API server's floor for calling any webhook), the already-injected pod
 *    with no webhook (the cost of storing the bigger pod), and controls of the floor (the no-op in
 *    Go, over HTTP/1.1 and h2, and in this process). `--pods` per configuration (300; --quick 60),
 *    `--repeats` times (1), `--trace-gc` sums the Node webhooks' GC pauses per repeat.
 *    bench/admission-cluster.ts explains the derived figures. Goal: ≤ 5 ms added p99 at 100
 *    SidecarSets. Skipped when the control plane is not built (scripts/control-plane/build.sh).
 * 4. The anchor: OpenKruise's kruise-manager injecting the same pods from the same SidecarSets on
 *    its own control plane, beside its own no-webhook baseline (bench/admission-kruise.ts; skipped
 *    unless scripts/kruise/build.sh has built it; `--no-kruise` skips it).
 * Nothing here has a threshold; every loop is bounded; all traffic is loopback.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { silentLogger } from "../src/shared/logger.js";
import { systemClock } from "../src/shared/system-clock.js";
import { reviewPod, type PodAdmissionCaches } from "../src/webhook/review-pod.js";
import { writeSelfSignedCert } from "../src/webhook/testing/self-signed.js";
import { WebhookMetrics } from "../src/webhook/webhook-metrics.js";
import { startWebhookServer, type AdmissionSource } from "../src/webhook/webhook-server.js";
import { round, summarize, type Figure } from "./lib/stats.js";
import { runClusterAdmission, type ClusterAdmissionFigures } from "./admission-cluster.js";
import { runKruiseAnchor, type KruiseAnchorFigures } from "./admission-kruise.js";
import { benchPod, benchSidecarSets } from "./admission-fixtures.js";

const usage = `usage: npm run build && NODE_OPTIONS=--expose-gc npx vite-node bench/admission.ts [flags]
  --quick        fewer samples and pods
  --no-cluster   skip the pod creations through a real kube-apiserver (and Kruise's)
  --no-kruise    skip OpenKruise's kruise-manager, the anchor
  --pods N       pods per configuration (300; 60 with --quick)
  --repeats N    repeat the configurations N times (1)
  --trace-gc     sum the Node webhooks' GC pauses per repeat
  --out FILE     write the figures to FILE (default bench/admission-results.json)
`;
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(usage);
  process.exit(0);
}
const quick = args.includes("--quick");
const outIndex = args.indexOf("--out");
const outFile =
  (outIndex >= 0 ? args[outIndex + 1] : undefined) ??
  fileURLToPath(new URL("./admission-results.json", import.meta.url));
const numberFlag = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`bench admission: ${name} takes a whole number above 0\n`);
    process.exit(2);
  }
  return value;
};
const pods = numberFlag("--pods", quick ? 60 : 300);
const repeats = numberFlag("--repeats", 1);
const log = (message: string) => process.stderr.write(`bench admission: ${message}\n`);
// `npm run bench -- --only …` runs this part only when "admission" is among the sections named.
const onlyIndex = args.indexOf("--only");
if (onlyIndex >= 0 && !(args[onlyIndex + 1] ?? "").split(",").includes("admission")) {
  log("not among --only's sections; skipped");
  process.exit(0);
}

interface WebhookRow {
  sidecar_sets: number;
  admission_ms: Figure;
  healthz_baseline_ms: Figure;
  added_over_baseline_p50_ms: number | null;
  added_over_baseline_p99_ms: number | null;
  decision_only_ms: Figure;
}

async function webhookRow(count: number, samples: number, dir: string): Promise<WebhookRow> {
  const sidecarSets = benchSidecarSets(count, "web");
  const view: PodAdmissionCaches = {
    sidecarSets,
    namespaceLabels: new Map([["bench", {}]]),
    nodes: [],
    serverVersion: [1, 36],
  };
  const source: AdmissionSource = {
    hasSynced: () => true,
    podView: () => view,
    patchMetadataWhitelist: () => undefined,
    sizes: () => [{ name: "sidecarsets", size: count, synced: true }],
  };
  const tls = writeSelfSignedCert(dir, `bench-${count}`);
  const server = await startWebhookServer({
    host: "127.0.0.1",
    port: 0,
    tls: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
    source,
    metrics: new WebhookMetrics(() => source.sizes()),
    clock: systemClock,
    logger: silentLogger,
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: tls.cert });
  const call = (method: string, path: string, body?: string) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const req = request({ host: "127.0.0.1", port: server.port, method, path, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(performance.now() - started));
      });
      req.on("error", reject);
      req.end(body);
    });
  const review = (i: number) =>
    JSON.stringify({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      request: {
        uid: `u-${i}`,
        kind: { group: "", version: "v1", kind: "Pod" },
        resource: { group: "", version: "v1", resource: "pods" },
        namespace: "bench",
        operation: "CREATE",
        object: benchPod(`web-${i}`, "web"),
      },
    });
  const admission: number[] = [];
  const healthz: number[] = [];
  for (let i = 0; i < Math.min(50, samples); i++) await call("POST", "/mutate-pods", review(i)); // warm-up
  for (let i = 0; i < samples; i++) {
    // Interleaved, so that load on the shared machine hits both alike.
    healthz.push(await call("GET", "/healthz"));
    admission.push(await call("POST", "/mutate-pods", review(i)));
  }
  const decision: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    reviewPod(
      {
        uid: "u",
        kind: { group: "", version: "v1", kind: "Pod" },
        resource: { group: "", version: "v1", resource: "pods" },
        namespace: "bench",
        operation: "CREATE",
        object: benchPod(`web-${i}`, "web"),
      },
      view,
      { nowMs: Date.now() },
    );
    decision.push(performance.now() - started);
  }
  agent.destroy();
  await server.close();
  const a = summarize(admission);
  const h = summarize(healthz);
  return {
    sidecar_sets: count,
    admission_ms: a,
    healthz_baseline_ms: h,
    added_over_baseline_p50_ms: a.median !== null && h.median !== null ? round(a.median - h.median) : null,
    added_over_baseline_p99_ms: a.p99 !== null && h.p99 !== null ? round(a.p99 - h.p99) : null,
    decision_only_ms: summarize(decision),
  };
}

/** With NODE_OPTIONS=--expose-gc the heap is collected first, so the difference is what is held. */
const collect = (globalThis as { gc?: () => void }).gc;

function memoryMiB(): { rss: number; heapUsed: number } {
  collect?.();
  const usage = process.memoryUsage();
  return { rss: round(usage.rss / 2 ** 20, 1) ?? 0, heapUsed: round(usage.heapUsed / 2 ** 20, 1) ?? 0 };
}

const dir = mkdtempSync(join(tmpdir(), "podvisor-bench-admission-"));
try {
  const samples = quick ? 100 : 500;
  const rows: WebhookRow[] = [];
  for (const count of [10, 100, 1000]) {
    log(`webhook latency with ${count} SidecarSets (${samples} samples)`);
    rows.push(await webhookRow(count, samples, dir));
  }
  const memoryBefore = memoryMiB();
  const held = benchSidecarSets(1000, "web");
  const memoryWith1000 = memoryMiB();
  let cluster: ClusterAdmissionFigures | { skipped: string };
  if (args.includes("--no-cluster")) cluster = { skipped: "--no-cluster" };
  else {
    log("pod creation through a real kube-apiserver, without and with the webhook");
    cluster = await runClusterAdmission({
      pods,
      repeats,
      sidecarSets: 100,
      dir,
      traceGc: args.includes("--trace-gc"),
      log,
    });
  }
  let kruise: KruiseAnchorFigures | { skipped: string };
  if (args.includes("--no-cluster") || args.includes("--no-kruise"))
    kruise = { skipped: args.includes("--no-kruise") ? "--no-kruise" : "--no-cluster" };
  else {
    log("the anchor: OpenKruise's kruise-manager injecting the same pods on its own control plane");
    kruise = await runKruiseAnchor({ pods, sidecarSets: 100, dir, log });
  }
  const results = {
    generated_at: new Date().toISOString(),
    quick,
    webhook: rows,
    // This process's memory before and after building 1000 defaulted SidecarSets as the cache
    // holds them: the heap difference is their cost; RSS moves in coarser steps.
    memory_1000_sidecarsets: {
      before_mib: memoryBefore,
      after_mib: memoryWith1000,
      held: held.length,
      collected_first: collect !== undefined,
    },
    machine: { cores: cpus().length, loadavg_at_end: loadavg().map((v) => round(v, 2)) },
    pod_creation: cluster,
    kruise_anchor: kruise,
  };
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  const table = [
    "| SidecarSets | /mutate-pods p50 | p99 | /healthz p50 | p99 | added p50 | added p99 | decision p50 | p99 |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.sidecar_sets} | ${r.admission_ms.median} | ${r.admission_ms.p99} | ${r.healthz_baseline_ms.median} | ${r.healthz_baseline_ms.p99} | ${r.added_over_baseline_p50_ms} | ${r.added_over_baseline_p99_ms} | ${r.decision_only_ms.median} | ${r.decision_only_ms.p99} |`,
    ),
  ];
  process.stdout.write(
    `${table.join("\n")}\n\nmemory with 1000 SidecarSets held: heap ${memoryBefore.heapUsed} → ${memoryWith1000.heapUsed} MiB, RSS ${memoryBefore.rss} → ${memoryWith1000.rss} MiB\n`,
  );
  process.stdout.write(`pod creation: ${JSON.stringify(cluster, null, 2)}\n`);
  process.stdout.write(`kruise anchor: ${JSON.stringify(kruise, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
