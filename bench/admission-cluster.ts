/**
 * The cluster half of bench/admission.ts: pod creation through a real kube-apiserver (started
 * with the cluster tests' harness, test/cluster/support) in four namespaces at once, so that the
 * machine's load drifts equally over every configuration (pods are created round-robin, the order
 * rotated each round):
 *
 *   plain        no webhook; the bench pod as written.
 *   podvisor     podvisor's webhook (ClusterCaches + the HTTPS server, as `podvisor webhook`
 *                wires them; 100 SidecarSets, one selecting the pod) injects a sidecar.
 *   noop         a webhook that allows every pod without a patch, served from this process over
 *                the same TLS: what calling *any* webhook costs this API server.
 *   preinjected  no webhook; the pod exactly as podvisor's webhook leaves it (read back from the
 *                API), so storing the bigger pod is measured without the call.
 *
 * Each webhook configuration selects only its namespace (namespaceSelector on a label), so the
 * four run side by side. The figures that answer "what does podvisor add?":
 *   added = podvisor − plain                 (what a user sees; the goal is on its p99)
 *   call  = podvisor − preinjected           (the webhook call and decision, same stored pod)
 *   floor = noop − plain                     (the API server's own cost of calling a webhook)
 *   own   = call − floor                     (podvisor's share beyond any webhook)
 * The webhooks run in this process, which is idle while the API server calls them.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { encodeBase64Text } from "../src/api/base64.js";
import type { Fields } from "../src/api/validation/shape.js";
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

const configurations = ["plain", "podvisor", "noop", "preinjected"] as const;
type Configuration = (typeof configurations)[number];
const benchLabel = "podvisor-bench";

export interface ClusterAdmissionFigures {
  kube_version: string;
  pods_per_configuration: number;
  sidecar_sets: number;
  plain_ms: Figure;
  podvisor_ms: Figure;
  noop_webhook_ms: Figure;
  preinjected_ms: Figure;
  added_p50_ms: number | null;
  added_p99_ms: number | null;
  call_p50_ms: number | null;
  call_p99_ms: number | null;
  floor_p50_ms: number | null;
  floor_p99_ms: number | null;
  own_p50_ms: number | null;
  own_p99_ms: number | null;
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
  const tls = writeSelfSignedCert(options.dir, "cluster-webhook");
  const key = readFileSync(tls.keyFile);
  // The noop webhook: allowed, no patch. Same certificate, same keep-alive defaults as podvisor's.
  const noop = createServer({ cert: tls.cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const review = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { request: { uid: string } };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          apiVersion: "admission.k8s.io/v1",
          kind: "AdmissionReview",
          response: { uid: review.request.uid, allowed: true },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => noop.listen(0, "127.0.0.1", resolve));
  try {
    const client = await KubeClient.load({ kubeconfig: cp.kubeconfigPath });
    const namespaces = {} as Record<Configuration, string>;
    for (const configuration of configurations) {
      const ns = await cp.createNamespace(`bench-${configuration}`);
      await cp.kubectl(["label", "namespace", ns, `${benchLabel}=${configuration}`]);
      namespaces[configuration] = ns;
    }

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
      tls: { cert: tls.cert, key },
      source: caches,
      metrics: new WebhookMetrics(() => caches.sizes()),
      clock: systemClock,
      logger: silentLogger,
    });
    const caBundle = encodeBase64Text(tls.cert.toString("utf8"));
    const manifests = installManifests({
      namespace: "podvisor-system",
      image: "unused",
      url: `https://127.0.0.1:${server.port}`,
      caBundle,
      failurePolicy: "Fail",
      timeoutSeconds: 5,
      namespaceLabel: { key: benchLabel, value: "podvisor" },
    });
    const noopConfiguration = noopWebhookConfiguration(
      `https://127.0.0.1:${(noop.address() as AddressInfo).port}/noop`,
      caBundle,
    );
    await cp.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({ apiVersion: "v1", kind: "List", items: [...manifests, noopConfiguration] }),
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

    // The pod as podvisor's webhook leaves it, read back once, is the preinjected template.
    const probe = benchPod("template", "web");
    (probe.metadata as { namespace: string }).namespace = namespaces.podvisor;
    const injected = await client.requestJson(
      "POST",
      `/api/v1/namespaces/${namespaces.podvisor}/pods`,
      probe,
    );
    const template = preinjectedTemplate(injected);

    let serial = 0;
    const podFor = (configuration: Configuration): Fields => {
      const name = `web-${serial++}`;
      const pod: Fields = configuration === "preinjected" ? structuredClone(template) : benchPod(name, "web");
      (pod.metadata as Fields).name = name;
      (pod.metadata as Fields).namespace = namespaces[configuration];
      return pod;
    };
    const samples = Object.fromEntries(configurations.map((c) => [c, [] as number[]])) as Record<
      Configuration,
      number[]
    >;
    options.log(
      `  ${options.pods} pods in each of ${configurations.join(", ")} (round-robin; ${options.sidecarSets} SidecarSets)`,
    );
    for (let round = 0; round < options.pods + 10; round++) {
      for (let k = 0; k < configurations.length; k++) {
        const configuration = configurations[(round + k) % configurations.length] as Configuration;
        const pod = podFor(configuration);
        const started = performance.now();
        await client.requestJson("POST", `/api/v1/namespaces/${namespaces[configuration]}/pods`, pod);
        if (round >= 10) samples[configuration].push(performance.now() - started); // 10 rounds warm up
      }
    }
    await server.close();
    const figures = Object.fromEntries(configurations.map((c) => [c, summarize(samples[c])])) as Record<
      Configuration,
      Figure
    >;
    const difference = (a: Configuration, b: Configuration, pick: (f: Figure) => number | null) => {
      const x = pick(figures[a]);
      const y = pick(figures[b]);
      return x === null || y === null ? null : round(x - y);
    };
    const own = (pick: (f: Figure) => number | null) => {
      const call = difference("podvisor", "preinjected", pick);
      const floor = difference("noop", "plain", pick);
      return call === null || floor === null ? null : round(call - floor);
    };
    const median = (f: Figure) => f.median;
    const p99 = (f: Figure) => f.p99;
    return {
      kube_version: cp.connection.kubeVersion,
      pods_per_configuration: options.pods,
      sidecar_sets: options.sidecarSets,
      plain_ms: figures.plain,
      podvisor_ms: figures.podvisor,
      noop_webhook_ms: figures.noop,
      preinjected_ms: figures.preinjected,
      added_p50_ms: difference("podvisor", "plain", median),
      added_p99_ms: difference("podvisor", "plain", p99),
      call_p50_ms: difference("podvisor", "preinjected", median),
      call_p99_ms: difference("podvisor", "preinjected", p99),
      floor_p50_ms: difference("noop", "plain", median),
      floor_p99_ms: difference("noop", "plain", p99),
      own_p50_ms: own(median),
      own_p99_ms: own(p99),
    };
  } finally {
    controller.abort();
    noop.closeAllConnections();
    noop.close();
    await cp.stop();
  }
}

function noopWebhookConfiguration(url: string, caBundle: string): Fields {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: { name: "bench-noop" },
    webhooks: [
      {
        name: "noop.bench.podvisor.dev",
        clientConfig: { url, caBundle },
        rules: [
          {
            operations: ["CREATE"],
            apiGroups: [""],
            apiVersions: ["v1"],
            resources: ["pods"],
            scope: "Namespaced",
          },
        ],
        namespaceSelector: { matchLabels: { [benchLabel]: "noop" } },
        failurePolicy: "Fail",
        timeoutSeconds: 5,
        reinvocationPolicy: "IfNeeded",
        matchPolicy: "Equivalent",
        sideEffects: "None",
        admissionReviewVersions: ["v1"],
      },
    ],
  };
}

/**
 * The created pod minus what the API server adds (status, server-set metadata, and the
 * ServiceAccount admission's token volume, which it would add again).
 */
function preinjectedTemplate(created: Fields): Fields {
  const metadata = created.metadata as Fields;
  type Named = { name: string };
  const spec = structuredClone(created.spec) as Fields & {
    volumes?: Named[];
    containers?: { volumeMounts?: Named[] }[];
    initContainers?: { volumeMounts?: Named[] }[];
  };
  const kept = (list: Named[] | undefined) =>
    (list ?? []).filter((v) => !v.name.startsWith("kube-api-access-"));
  spec.volumes = kept(spec.volumes);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
    c.volumeMounts = kept(c.volumeMounts);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { labels: metadata.labels, annotations: metadata.annotations },
    spec,
  };
}
