/**
 * The cluster half of bench/admission.ts: pod creation through a real kube-apiserver (started
 * with the cluster tests' harness, test/cluster/support) in one namespace per configuration, so
 * that the machine's load drifts equally over every configuration (pods are created round-robin,
 * the order rotated each round). The four:
 *
 *   plain        no webhook; the bench pod as written.
 *   podvisor     `podvisor webhook` (the built CLI, its own process; 100 SidecarSets, one
 *                selecting the pod) injects a sidecar.
 *   noop         a webhook that allows every pod without a patch, in its own Node process over
 *                the same TLS and Node's https defaults (bench/noop-webhook-server.ts): what
 *                calling *any* webhook served by Node costs this API server.
 *   preinjected  no webhook; the pod exactly as podvisor's webhook leaves it (read back from the
 *                API), so storing the bigger pod is measured without the call.
 *
 * and controls beside them (not in the figures):
 *
 *   canned          the Node no-op answering with podvisor's own patch and warnings for the bench
 *                   pod (recorded once): the API server's cost of calling a webhook *and* applying
 *                   that patch, so podvisor − canned is podvisor's own share with nothing else
 *                   different (the same patch applied, the same pod stored).
 *   podvisor-once   podvisor's webhook registered with reinvocationPolicy Never, as Kruise's is:
 *                   `install`'s IfNeeded has the API server call podvisor a second time for every
 *                   pod it injects (its in-tree plugins, re-run after the patch, add the token
 *                   mount to the sidecar, and that counts as a change).
 *   noop-go         the same no-op served by Go's net/http over HTTP/1.1 (bench/noop-webhook-go),
 *                   the stack kruise-manager serves from: how much of the floor is Node's.
 *   noop-go-h2      the same, offering h2 (the API server's client then speaks HTTP/2).
 *   noop-inprocess  the no-op served by this process, which also creates the pods and measures
 *                   (how the bench ran before: its own GC and event loop land in the tail).
 *
 * Each webhook configuration selects only its namespace (namespaceSelector on a label), so they
 * run side by side. The figures that answer "what does podvisor add?":
 *   added = podvisor − plain                 (what a user sees; the goal is on its p99)
 *   call  = podvisor − preinjected           (the webhook call and decision, same stored pod)
 *   floor = noop − plain                     (the API server's own cost of calling a webhook)
 *   own   = call − floor                     (podvisor's share beyond any webhook)
 *   own_vs_canned = podvisor − canned        (the same share, measured directly)
 * `repeats` runs the whole round-robin that many times on the same control plane and servers;
 * the figures pool every repeat, `per_repeat` has each one's with the load average beside it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { encodeBase64Text } from "../src/api/base64.js";
import type { Fields } from "../src/api/validation/shape.js";
import { KubeClient } from "../src/kube/kube-client.js";
import { installManifests } from "../src/webhook/install-manifests.js";
import { writeSelfSignedCert } from "../src/webhook/testing/self-signed.js";
import { ControlPlaneNotBuiltError } from "../test/cluster/support/control-plane-binaries.js";
import { startControlPlane } from "../test/cluster/support/control-plane.js";
import { findFreePort } from "../test/cluster/support/free-port.js";
import { benchPod, benchSidecarSets } from "./admission-fixtures.js";
import {
  gcSummary,
  postJson,
  scrapeMetrics,
  startGoNoop,
  startNodeNoop,
  startPodvisorWebhook,
  type GcSummary,
  type WebhookProcess,
} from "./admission-servers.js";
import { p99DifferenceInterval, type Interval } from "./lib/bootstrap.js";
import { round, sleep, summarize, type Figure } from "./lib/stats.js";

const configurations = [
  "plain",
  "podvisor",
  "noop",
  "preinjected",
  "canned",
  "podvisor-once",
  "noop-go",
  "noop-go-h2",
  "noop-inprocess",
] as const;
type Configuration = (typeof configurations)[number];
const noops = ["noop", "noop-go", "noop-go-h2", "noop-inprocess"] as const;
const benchLabel = "podvisor-bench";

export interface DerivedFigures {
  added_p50_ms: number | null;
  added_p99_ms: number | null;
  call_p50_ms: number | null;
  call_p99_ms: number | null;
  floor_p50_ms: number | null;
  floor_p99_ms: number | null;
  own_p50_ms: number | null;
  own_p99_ms: number | null;
  /** podvisor-once − plain: the added latency with reinvocationPolicy Never, as Kruise installs. */
  added_once_p50_ms: number | null;
  added_once_p99_ms: number | null;
  /** podvisor − canned: podvisor's own share, the same patch applied and the same pod stored. */
  own_vs_canned_p50_ms: number | null;
  own_vs_canned_p99_ms: number | null;
  /** Each no-op control minus plain (the floor as each server has it). */
  floors_p99_ms: Record<(typeof noops)[number], number | null>;
}

export interface RepeatFigures extends DerivedFigures {
  loadavg_before: number[];
  loadavg_after: number[];
  p99_ms: Record<Configuration, number | null>;
  /** --trace-gc of the Node webhook processes during this repeat's measured window. */
  gc?: { podvisor: GcSummary; noop: GcSummary };
}

export interface ClusterAdmissionFigures extends DerivedFigures {
  kube_version: string;
  pods_per_configuration: number;
  repeats: number;
  sidecar_sets: number;
  plain_ms: Figure;
  podvisor_ms: Figure;
  noop_webhook_ms: Figure;
  preinjected_ms: Figure;
  canned_ms: Figure;
  podvisor_once_ms: Figure;
  controls_ms: {
    noop_go: Figure | { skipped: string };
    noop_go_h2: Figure | { skipped: string };
    noop_inprocess: Figure;
  };
  /** 90% bootstrap intervals of the pooled p99 differences (bench/lib/bootstrap.ts). */
  added_p99_interval_ms: Interval | null;
  floor_p99_interval_ms: Interval | null;
  own_vs_canned_p99_interval_ms: Interval | null;
  added_once_p99_interval_ms: Interval | null;
  per_repeat: RepeatFigures[];
  /** What each webhook process said on the way out (connections and requests it saw). */
  server_notes: string[];
}

export async function runClusterAdmission(options: {
  pods: number;
  repeats: number;
  sidecarSets: number;
  dir: string;
  traceGc: boolean;
  log: (message: string) => void;
}): Promise<ClusterAdmissionFigures | { skipped: string }> {
  let cp;
  try {
    cp = await startControlPlane({});
  } catch (error) {
    if (error instanceof ControlPlaneNotBuiltError) return { skipped: error.message };
    throw error;
  }
  const tls = writeSelfSignedCert(options.dir, "cluster-webhook");
  const key = readFileSync(tls.keyFile);
  const inProcess = inProcessNoop(tls.cert, key);
  await new Promise<void>((resolve) => inProcess.listen(0, "127.0.0.1", resolve));
  const servers: WebhookProcess[] = [];
  try {
    const client = await KubeClient.load({ kubeconfig: cp.kubeconfigPath });
    const namespaces = {} as Record<Configuration, string>;
    for (const configuration of configurations) {
      const ns = await cp.createNamespace(`bench-${configuration}`);
      await cp.kubectl(["label", "namespace", ns, `${benchLabel}=${configuration}`]);
      namespaces[configuration] = ns;
    }
    const files = { certFile: tls.certFile, keyFile: tls.keyFile };
    const recordedReview = join(options.dir, "noop-request.json");
    const nodeNoop = await startNodeNoop({
      dir: options.dir,
      ...files,
      traceGc: options.traceGc,
      flags: ["--record", recordedReview],
    });
    servers.push(nodeNoop);
    const goNoops: Partial<Record<"noop-go" | "noop-go-h2", WebhookProcess>> = {};
    const skippedGo: string[] = [];
    for (const [name, h2] of [
      ["noop-go", false],
      ["noop-go-h2", true],
    ] as const) {
      const started = await startGoNoop({ dir: options.dir, ...files, h2 });
      if ("skipped" in started) skippedGo.push(started.skipped);
      else servers.push((goNoops[name] = started));
    }
    const active = configurations.filter((c) => !c.startsWith("noop-go") || c in goNoops);

    const caBundle = encodeBase64Text(tls.cert.toString("utf8"));
    const podvisorPort = await findFreePort();
    const manifests = installManifests({
      namespace: "podvisor-system",
      image: "unused",
      url: `https://127.0.0.1:${podvisorPort}`,
      caBundle,
      failurePolicy: "Fail",
      timeoutSeconds: 5,
      namespaceLabel: { key: benchLabel, value: "podvisor" },
    });
    const noopPorts: [Configuration, number][] = [
      ["noop", nodeNoop.port],
      ["noop-inprocess", (inProcess.address() as AddressInfo).port],
      ...Object.entries(goNoops).map(
        ([name, s]) => [name as Configuration, s.port] as [Configuration, number],
      ),
    ];
    const noopConfigurations = noopPorts.map(([name, port]) =>
      noopWebhookConfiguration(name, `https://127.0.0.1:${port}/noop`, caBundle),
    );
    await cp.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({ apiVersion: "v1", kind: "List", items: [...manifests, ...noopConfigurations] }),
    });
    await cp.kubectl(["wait", "--for", "condition=established", "crd/sidecarsets.apps.kruise.io"]);
    const podvisor = await startPodvisorWebhook({
      port: podvisorPort,
      ...files,
      kubeconfig: cp.kubeconfigPath,
      traceGc: options.traceGc,
    });
    servers.push(podvisor);
    const loaded = async (count: number) =>
      (await scrapeMetrics(podvisorPort)).includes(
        `podvisor_cache_objects{resource="sidecarsets"} ${count}`,
      ) && (await scrapeMetrics(podvisorPort)).includes(`podvisor_cache_synced{resource="sidecarsets"} 1`);
    // SidecarSet validation answers 503 until the caches synced (the whitelist comes from them).
    for (let i = 0; i < 600 && !(await loaded(0)); i++) await sleep(100);
    const sidecarSets = benchSidecarSets(options.sidecarSets, "web").map((s) => ({
      ...s,
      metadata: { name: s.metadata.name },
    }));
    await cp.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({ apiVersion: "v1", kind: "List", items: sidecarSets }),
    });
    for (let i = 0; i < 600 && !(await loaded(options.sidecarSets)); i++) await sleep(100);
    if (!(await loaded(options.sidecarSets)))
      throw new Error(`podvisor webhook did not hold ${options.sidecarSets} SidecarSets within 60 s`);

    // The pod as podvisor's webhook leaves it, read back once, is the preinjected template.
    const probe = benchPod("template", "web");
    (probe.metadata as { namespace: string }).namespace = namespaces.podvisor;
    const injected = await client.requestJson(
      "POST",
      `/api/v1/namespaces/${namespaces.podvisor}/pods`,
      probe,
    );
    const template = preinjectedTemplate(injected);

    // The canned control: the AdmissionReview the API server sent the no-op for a bench pod, put
    // to podvisor's webhook; its answer (patch and warnings) is what the canned server returns.
    const noopProbe = benchPod("template-noop", "web");
    (noopProbe.metadata as { namespace: string }).namespace = namespaces.noop;
    await client.requestJson("POST", `/api/v1/namespaces/${namespaces.noop}/pods`, noopProbe);
    const answered = (await postJson(podvisorPort, "/mutate-pods", readFileSync(recordedReview, "utf8"))) as {
      response: { patchType?: string; patch?: string; warnings?: string[] };
    };
    const { patchType, patch, warnings } = answered.response;
    if (patch === undefined) throw new Error("podvisor's webhook did not patch the recorded bench pod");
    const cannedAnswer = join(options.dir, "canned-answer.json");
    writeFileSync(cannedAnswer, JSON.stringify({ patchType, patch: withoutTokenMounts(patch), warnings }));
    const canned = await startNodeNoop({
      dir: options.dir,
      ...files,
      traceGc: false,
      flags: ["--answer", cannedAnswer],
    });
    servers.push(canned);
    await cp.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: [
          noopWebhookConfiguration("canned", `https://127.0.0.1:${canned.port}/noop`, caBundle, true),
          noopWebhookConfiguration(
            "podvisor-once",
            `https://127.0.0.1:${podvisorPort}/mutate-pods`,
            caBundle,
            true,
          ),
        ],
      }),
    });
    await sleep(2000); // the API server's webhook informer picks the configuration up

    let serial = 0;
    const podFor = (configuration: Configuration): Fields => {
      const name = `web-${serial++}`;
      const pod: Fields = configuration === "preinjected" ? structuredClone(template) : benchPod(name, "web");
      (pod.metadata as Fields).name = name;
      (pod.metadata as Fields).namespace = namespaces[configuration];
      return pod;
    };
    const pooled = Object.fromEntries(active.map((c) => [c, [] as number[]])) as Record<
      Configuration,
      number[]
    >;
    const perRepeat: RepeatFigures[] = [];
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      options.log(
        `  repeat ${repeat + 1}/${options.repeats}: ${options.pods} pods in each of ${active.join(", ")} (round-robin; ${options.sidecarSets} SidecarSets; load ${loadavg()[0]?.toFixed(2)})`,
      );
      const samples = Object.fromEntries(active.map((c) => [c, [] as number[]])) as Record<
        Configuration,
        number[]
      >;
      const loadBefore = loadavg().map((v) => round(v, 2) ?? 0);
      const marks = { podvisor: podvisor.output().length, noop: nodeNoop.output().length };
      for (let round = 0; round < options.pods + 10; round++) {
        for (let k = 0; k < active.length; k++) {
          const configuration = active[(round + k) % active.length] as Configuration;
          const pod = podFor(configuration);
          const started = performance.now();
          await client.requestJson("POST", `/api/v1/namespaces/${namespaces[configuration]}/pods`, pod);
          if (round >= 10) samples[configuration].push(performance.now() - started); // 10 rounds warm up
        }
      }
      for (const c of active) pooled[c].push(...samples[c]);
      const figures = summarizeAll(samples);
      perRepeat.push({
        loadavg_before: loadBefore,
        loadavg_after: loadavg().map((v) => round(v, 2) ?? 0),
        p99_ms: Object.fromEntries(configurations.map((c) => [c, figures[c]?.p99 ?? null])) as Record<
          Configuration,
          number | null
        >,
        ...derived(figures),
        ...(options.traceGc
          ? {
              gc: {
                podvisor: gcSummary(podvisor.output().slice(marks.podvisor)),
                noop: gcSummary(nodeNoop.output().slice(marks.noop)),
              },
            }
          : {}),
      });
    }
    const figures = summarizeAll(pooled);
    // The API server's client keeps one connection per webhook when the server keeps it open.
    const established = spawnSync("ss", ["-Htn", "state", "established", `( sport = :${podvisorPort} )`], {
      encoding: "utf8",
    });
    const podvisorConnections =
      established.status === 0
        ? `podvisor webhook: ${established.stdout.split("\n").filter(Boolean).length} connections open at the end`
        : "podvisor webhook: connections not counted (no ss)";
    // How many reviews podvisor answered, by outcome: more than one per pod means the API server
    // reinvoked it (reinvocationPolicy: IfNeeded) after its in-tree plugins ran again.
    const answeredReviews = (await scrapeMetrics(podvisorPort))
      .split("\n")
      .filter((l) => l.startsWith('podvisor_admission_requests_total{webhook="mutate-pods"'))
      .map((l) => l.replace("podvisor_admission_requests_total", ""))
      .join(", ");
    for (const server of servers.splice(0)) await server.stop();
    const notes = [nodeNoop, canned, ...Object.values(goNoops)].map((s) =>
      s
        .output()
        .split("\n")
        .filter((l) => /connections/.test(l))
        .join(" "),
    );
    notes.push(
      `noop-inprocess: ${inProcessConnections.count} connections`,
      podvisorConnections,
      `podvisor webhook answered ${answeredReviews} for ${2 * (options.pods + 10) * options.repeats + 1} pods (podvisor and podvisor-once; +1 the canned recording)`,
    );
    const skipped = (name: "noop-go" | "noop-go-h2") =>
      figures[name] ?? { skipped: skippedGo[0] ?? "not run" };
    return {
      kube_version: cp.connection.kubeVersion,
      pods_per_configuration: options.pods,
      repeats: options.repeats,
      sidecar_sets: options.sidecarSets,
      plain_ms: figures.plain as Figure,
      podvisor_ms: figures.podvisor as Figure,
      noop_webhook_ms: figures.noop as Figure,
      preinjected_ms: figures.preinjected as Figure,
      canned_ms: figures.canned as Figure,
      podvisor_once_ms: figures["podvisor-once"] as Figure,
      controls_ms: {
        noop_go: skipped("noop-go"),
        noop_go_h2: skipped("noop-go-h2"),
        noop_inprocess: figures["noop-inprocess"] as Figure,
      },
      ...derived(figures),
      added_p99_interval_ms: p99DifferenceInterval(pooled.podvisor, pooled.plain),
      floor_p99_interval_ms: p99DifferenceInterval(pooled.noop, pooled.plain),
      own_vs_canned_p99_interval_ms: p99DifferenceInterval(pooled.podvisor, pooled.canned),
      added_once_p99_interval_ms: p99DifferenceInterval(pooled["podvisor-once"], pooled.plain),
      per_repeat: perRepeat,
      server_notes: notes,
    };
  } finally {
    for (const server of servers) await server.stop();
    inProcess.closeAllConnections();
    inProcess.close();
    await cp.stop();
  }
}

function summarizeAll(samples: Record<Configuration, number[]>): Partial<Record<Configuration, Figure>> {
  return Object.fromEntries(Object.entries(samples).map(([c, s]) => [c, summarize(s)]));
}

function derived(figures: Partial<Record<Configuration, Figure>>): DerivedFigures {
  const difference = (a: Configuration, b: Configuration, pick: (f: Figure) => number | null) => {
    const x = figures[a] ? pick(figures[a]) : null;
    const y = figures[b] ? pick(figures[b]) : null;
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
    added_p50_ms: difference("podvisor", "plain", median),
    added_p99_ms: difference("podvisor", "plain", p99),
    call_p50_ms: difference("podvisor", "preinjected", median),
    call_p99_ms: difference("podvisor", "preinjected", p99),
    floor_p50_ms: difference("noop", "plain", median),
    floor_p99_ms: difference("noop", "plain", p99),
    own_p50_ms: own(median),
    own_p99_ms: own(p99),
    added_once_p50_ms: difference("podvisor-once", "plain", median),
    added_once_p99_ms: difference("podvisor-once", "plain", p99),
    own_vs_canned_p50_ms: difference("podvisor", "canned", median),
    own_vs_canned_p99_ms: difference("podvisor", "canned", p99),
    floors_p99_ms: Object.fromEntries(noops.map((n) => [n, difference(n, "plain", p99)])) as Record<
      (typeof noops)[number],
      number | null
    >,
  };
}

const inProcessConnections = { count: 0 };

/** The no-op served by this process (the control for how the bench ran before). */
function inProcessNoop(cert: Buffer, key: Buffer) {
  const server = createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const review = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { request: { uid: string } };
      const body = JSON.stringify({
        apiVersion: "admission.k8s.io/v1",
        kind: "AdmissionReview",
        response: { uid: review.request.uid, allowed: true },
      });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.on("secureConnection", () => inProcessConnections.count++);
  return server;
}

/**
 * `reinvocationPolicy: IfNeeded` as podvisor's own configuration has it, except where `once`:
 * the canned control answers the same patch every time (a reinvocation would inject twice), and
 * podvisor-once is podvisor's webhook called as Kruise's configuration calls Kruise's.
 */
function noopWebhookConfiguration(name: string, url: string, caBundle: string, once = false): Fields {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: { name: `bench-${name}` },
    webhooks: [
      {
        name: `${name}.bench.podvisor.dev`,
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
        namespaceSelector: { matchLabels: { [benchLabel]: name } },
        failurePolicy: "Fail",
        timeoutSeconds: 5,
        reinvocationPolicy: once ? "Never" : "IfNeeded",
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
/**
 * podvisor's patch without the service account token mounts it gives the containers it injects
 * (src/webhook/service-account-token-mount.ts): they name the recorded pod's own token volume,
 * which no other bench pod has. The canned control is not reinvoked, so the API server's
 * ServiceAccount plugin adds the same mounts itself and the stored pod is the same.
 */
function withoutTokenMounts(patchBase64: string): string {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== "object" || value === null) return value;
    const fields: Fields = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]));
    if (Array.isArray(fields.volumeMounts)) {
      const mounts = (fields.volumeMounts as { name?: string }[]).filter(
        (m) => !(m.name ?? "").startsWith("kube-api-access-"),
      );
      if (mounts.length > 0) fields.volumeMounts = mounts;
      else delete fields.volumeMounts;
    }
    return fields;
  };
  const patch = JSON.parse(Buffer.from(patchBase64, "base64").toString("utf8")) as unknown;
  return Buffer.from(JSON.stringify(strip(patch)), "utf8").toString("base64");
}

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
