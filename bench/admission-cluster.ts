/**
 * The cluster half of bench/admission.ts: pod creation through a real kube-apiserver (started
 * with the cluster tests' harness, test/cluster/support) without and with podvisor's webhook
 * registered. The webhook runs in this process (ClusterCaches + the HTTPS server, as
 * `podvisor webhook` wires them); the pods are created one after the other, so the process is
 * idle while the API server calls it.
 */
import { readFileSync } from "node:fs";
import { encodeBase64Text } from "../src/api/base64.js";
import { KubeClient } from "../src/kube/kube-client.js";
import { silentLogger } from "../src/shared/logger.js";
import { systemClock } from "../src/shared/system-clock.js";
import { ClusterCaches } from "../src/webhook/cluster-caches.js";
import { installManifests } from "../src/webhook/install-manifests.js";
import { writeSelfSignedCert } from "../src/webhook/testing/self-signed.js";
import { WebhookMetrics } from "../src/webhook/webhook-metrics.js";
import { startWebhookServer } from "../src/webhook/webhook-server.js";
import { ControlPlaneNotBuiltError } from "../test/cluster/support/control-plane-binaries.js";
import { startControlPlane } from "../test/cluster/support/control-plane.js";
import { benchPod, benchSidecarSets } from "./admission-fixtures.js";
import { round, sleep, summarize, type Figure } from "./lib/stats.js";

export interface ClusterAdmissionFigures {
  kube_version: string;
  pods_per_phase: number;
  sidecar_sets: number;
  without_webhook_ms: Figure;
  with_webhook_ms: Figure;
  without_webhook_again_ms: Figure;
  added_p50_ms: number | null;
  added_p99_ms: number | null;
}

export async function runClusterAdmission(options: {
  pods: number;
  sidecarSets: number;
  dir: string;
  log: (message: string) => void;
}): Promise<ClusterAdmissionFigures | { skipped: string }> {
  let cp;
  try {
    cp = await startControlPlane({});
  } catch (error) {
    if (error instanceof ControlPlaneNotBuiltError) return { skipped: error.message };
    throw error;
  }
  const controller = new AbortController();
  try {
    const client = await KubeClient.load({ kubeconfig: cp.kubeconfigPath });
    const ns = await cp.createNamespace("bench");
    let serial = 0;
    const createPods = async (count: number): Promise<Figure> => {
      const samples: number[] = [];
      for (let i = 0; i < count + 10; i++) {
        const pod = benchPod(`web-${serial++}`, "web");
        (pod.metadata as { namespace: string }).namespace = ns;
        const started = performance.now();
        await client.requestJson("POST", `/api/v1/namespaces/${ns}/pods`, pod);
        if (i >= 10) samples.push(performance.now() - started); // the first 10 warm up
      }
      return summarize(samples);
    };
    options.log(`  ${options.pods} pods without the webhook`);
    const before = await createPods(options.pods);

    const tls = writeSelfSignedCert(options.dir, "cluster-webhook");
    const caches = new ClusterCaches({
      client,
      clock: systemClock,
      random: Math.random,
      logger: silentLogger,
      resyncPeriodMs: 600_000,
    });
    const server = await startWebhookServer({
      host: "127.0.0.1",
      port: 0,
      tls: { cert: tls.cert, key: readFileSync(tls.keyFile) },
      source: caches,
      metrics: new WebhookMetrics(() => caches.sizes()),
      clock: systemClock,
      logger: silentLogger,
    });
    const manifests = installManifests({
      namespace: "podvisor-system",
      image: "unused",
      url: `https://127.0.0.1:${server.port}`,
      caBundle: encodeBase64Text(tls.cert.toString("utf8")),
      failurePolicy: "Fail",
      timeoutSeconds: 5,
    });
    await cp.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({ apiVersion: "v1", kind: "List", items: manifests }),
    });
    await cp.kubectl(["wait", "--for", "condition=established", "crd/sidecarsets.apps.kruise.io"]);
    caches.start(controller.signal);
    // SidecarSet validation answers 503 until the caches synced (the whitelist comes from them).
    for (let i = 0; i < 600 && !caches.hasSynced(); i++) await sleep(100);
    const sidecarSets = benchSidecarSets(options.sidecarSets, "web").map((s) => ({
      ...s,
      metadata: { name: s.metadata.name },
    }));
    await cp.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({ apiVersion: "v1", kind: "List", items: sidecarSets }),
    });
    for (
      let i = 0;
      i < 600 && (caches.sizes().find((c) => c.name === "sidecarsets")?.size ?? 0) < options.sidecarSets;
      i++
    )
      await sleep(100);
    if (!caches.hasSynced()) throw new Error("the webhook's caches did not sync within 60 s");
    options.log(`  ${options.pods} pods with the webhook and ${options.sidecarSets} SidecarSets`);
    const withWebhook = await createPods(options.pods);
    await cp.kubectl([
      "delete",
      "mutatingwebhookconfiguration,validatingwebhookconfiguration",
      "podvisor-webhook",
    ]);
    options.log(`  ${options.pods} pods without the webhook, again`);
    const after = await createPods(options.pods);
    await server.close();
    const added = (pick: (f: Figure) => number | null) => {
      const w = pick(withWebhook);
      const b = pick(before);
      const a = pick(after);
      return w === null || b === null || a === null ? null : round(w - (a + b) / 2);
    };
    return {
      kube_version: cp.connection.kubeVersion,
      pods_per_phase: options.pods,
      sidecar_sets: options.sidecarSets,
      without_webhook_ms: before,
      with_webhook_ms: withWebhook,
      without_webhook_again_ms: after,
      added_p50_ms: added((f) => f.median),
      added_p99_ms: added((f) => f.p99),
    };
  } finally {
    controller.abort();
    await cp.stop();
  }
}
