/**
 * The anchor of the admission figures (issue 12 §5): OpenKruise's own kruise-manager serving
 * SidecarSet injection for the same pods and SidecarSets, against a real kube-apiserver, with the
 * no-webhook baseline measured beside it (round-robin, as bench/admission-cluster.ts does for
 * podvisor). Kruise gets its own control plane: its CRDs and webhook configurations would
 * otherwise fight podvisor's over the one `sidecarsets.apps.kruise.io` CRD.
 *
 * kruise-manager is built from its Go module by scripts/kruise/build.sh (cached); when it is not
 * built, the anchor is skipped with that command as the reason. It runs with the admin
 * kubeconfig, no leader election, URL-mode webhooks (`WEBHOOK_HOST=127.0.0.1`: Kruise then
 * writes a self-signed certificate for that IP and `clientConfig.url`s into the configurations
 * named below, which must exist — as its Helm chart creates them), and only three webhooks
 * registered: pod injection (`mpod.kb.io`, selecting the bench namespace only) and SidecarSet
 * defaulting and validation.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Fields } from "../src/api/validation/shape.js";
import { KubeClient } from "../src/kube/kube-client.js";
import { ControlPlaneNotBuiltError } from "../test/cluster/support/control-plane-binaries.js";
import { startControlPlane } from "../test/cluster/support/control-plane.js";
import { findFreePort } from "../test/cluster/support/free-port.js";
import { benchPod } from "./admission-fixtures.js";
import { p99DifferenceInterval, type Interval } from "./lib/bootstrap.js";
import { round, sleep, summarize, type Figure } from "./lib/stats.js";

const kruiseVersion = "v1.9.0";
const benchLabel = "podvisor-bench";

export interface KruiseAnchorFigures {
  kruise_version: string;
  kube_version: string;
  pods_per_configuration: number;
  sidecar_sets: number;
  plain_ms: Figure;
  kruise_ms: Figure;
  added_p50_ms: number | null;
  added_p99_ms: number | null;
  /** 90% bootstrap interval of the p99 difference (bench/lib/bootstrap.ts). */
  added_p99_interval_ms: Interval | null;
}

export async function runKruiseAnchor(options: {
  pods: number;
  sidecarSets: number;
  dir: string;
  log: (message: string) => void;
}): Promise<KruiseAnchorFigures | { skipped: string }> {
  const build = spawnSync("scripts/kruise/build.sh", ["--path"], { encoding: "utf8" });
  const binary = build.stdout.trim();
  if (build.status !== 0 || !existsSync(binary))
    return { skipped: `kruise-manager is not built (scripts/kruise/build.sh builds ${kruiseVersion})` };
  const moduleDir = goModuleDir();
  if (moduleDir === undefined)
    return { skipped: `github.com/openkruise/kruise@${kruiseVersion} is not in the module cache` };

  let cp;
  try {
    cp = await startControlPlane({});
  } catch (error) {
    if (error instanceof ControlPlaneNotBuiltError) return { skipped: error.message };
    throw error;
  }
  let manager: ReturnType<typeof spawn> | undefined;
  try {
    const client = await KubeClient.load({ kubeconfig: cp.kubeconfigPath });
    await cp.kubectl(["create", "namespace", "kruise-system"]);
    const crdDir = join(moduleDir, "config/crd/bases");
    for (const file of readdirSync(crdDir).filter((f) => f.endsWith(".yaml")))
      await cp.kubectl(["apply", "--server-side", "-f", join(crdDir, file)]);
    await cp.kubectl(["wait", "--for", "condition=established", "crd/sidecarsets.apps.kruise.io"]);
    const namespaces = { plain: "", kruise: "" };
    for (const configuration of ["plain", "kruise"] as const) {
      const ns = await cp.createNamespace(`bench-${configuration}`);
      await cp.kubectl(["label", "namespace", ns, `${benchLabel}=${configuration}`]);
      namespaces[configuration] = ns;
    }
    await cp.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({ apiVersion: "v1", kind: "List", items: kruiseWebhookConfigurations() }),
    });

    const webhookPort = await findFreePort();
    const logPath = join(options.dir, "kruise-manager.log");
    const logFd = openSync(logPath, "a");
    manager = spawn(
      "setpriv",
      [
        "--pdeathsig",
        "KILL",
        "--",
        binary,
        "--enable-leader-election=false",
        "--enable-pprof=false",
        `--metrics-addr=127.0.0.1:${await findFreePort()}`,
        `--health-probe-addr=127.0.0.1:${await findFreePort()}`,
      ],
      {
        stdio: ["ignore", logFd, logFd],
        env: {
          ...process.env,
          KUBECONFIG: cp.kubeconfigPath,
          POD_NAMESPACE: "kruise-system",
          WEBHOOK_HOST: "127.0.0.1",
          WEBHOOK_PORT: String(webhookPort),
          WEBHOOK_CERT_DIR: join(options.dir, "kruise-certs"),
        },
      },
    );
    closeSync(logFd);
    const exited = new Promise<void>((resolve) => manager?.once("exit", () => resolve()));
    options.log(`  kruise-manager ${kruiseVersion} starting (log ${logPath})`);

    // SidecarSets go through Kruise's own defaulting and validation webhooks, so they are
    // accepted only once it serves; retry until then (bounded).
    const sidecarSets = Array.from({ length: options.sidecarSets }, (_, i) =>
      kruiseSidecarSet(i, options.sidecarSets),
    );
    await until(
      async () => {
        const result = await cp.kubectlResult(["apply", "-f", "-"], {
          stdin: JSON.stringify({ apiVersion: "v1", kind: "List", items: sidecarSets }),
        });
        return result.exitCode === 0;
      },
      180_000,
      () => `kruise-manager did not accept SidecarSets within 180 s:\n${tail(logPath)}`,
      exited,
    );
    // Injection works once a probe pod comes back with the sidecar.
    let probes = 0;
    await until(
      async () => {
        const pod = benchPod(`probe-${probes++}`, "web");
        (pod.metadata as Fields).namespace = namespaces.kruise;
        const created = (await client.requestJson(
          "POST",
          `/api/v1/namespaces/${namespaces.kruise}/pods`,
          pod,
        )) as {
          spec: { containers: { name: string }[] };
        };
        return created.spec.containers.some((c) => c.name.startsWith("sidecar-"));
      },
      120_000,
      () => `kruise-manager did not inject within 120 s:\n${tail(logPath)}`,
      exited,
    );

    options.log(
      `  ${options.pods} pods in each of plain, kruise (round-robin; ${options.sidecarSets} SidecarSets)`,
    );
    const samples = { plain: [] as number[], kruise: [] as number[] };
    let serial = 0;
    for (let r = 0; r < options.pods + 10; r++) {
      for (const configuration of r % 2 === 0
        ? (["plain", "kruise"] as const)
        : (["kruise", "plain"] as const)) {
        const pod = benchPod(`web-${serial++}`, "web");
        (pod.metadata as Fields).namespace = namespaces[configuration];
        const started = performance.now();
        await client.requestJson("POST", `/api/v1/namespaces/${namespaces[configuration]}/pods`, pod);
        if (r >= 10) samples[configuration].push(performance.now() - started);
      }
    }
    const plain = summarize(samples.plain);
    const kruise = summarize(samples.kruise);
    const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b));
    return {
      kruise_version: kruiseVersion,
      kube_version: cp.connection.kubeVersion,
      pods_per_configuration: options.pods,
      sidecar_sets: options.sidecarSets,
      plain_ms: plain,
      kruise_ms: kruise,
      added_p50_ms: minus(kruise.median, plain.median),
      added_p99_ms: minus(kruise.p99, plain.p99),
      added_p99_interval_ms: p99DifferenceInterval(samples.kruise, samples.plain),
    };
  } finally {
    if (manager?.pid !== undefined && manager.exitCode === null) {
      manager.kill("SIGTERM");
      await Promise.race([new Promise((resolve) => manager?.once("exit", resolve)), sleep(5000)]);
      if (manager.exitCode === null) manager.kill("SIGKILL");
    }
    await cp.stop();
  }
}

function goModuleDir(): string | undefined {
  const env = spawnSync("/usr/local/go/bin/go", ["env", "GOMODCACHE"], { encoding: "utf8" });
  const dir = join(env.stdout.trim(), `github.com/openkruise/kruise@${kruiseVersion}`);
  return env.status === 0 && existsSync(dir) ? dir : undefined;
}

async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  failure: () => string,
  exited: Promise<void>,
): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (gone) throw new Error(`kruise-manager exited:\n${failure()}`);
    if (await check().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(failure());
}

function tail(path: string): string {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-20).join("\n");
  } catch {
    return "(no log)";
  }
}

/** The bench SidecarSets (bench/admission-fixtures.ts), undefaulted: Kruise defaults its own. */
function kruiseSidecarSet(i: number, count: number): Fields {
  return {
    apiVersion: "apps.kruise.io/v1alpha1",
    kind: "SidecarSet",
    metadata: { name: `bench-${String(i).padStart(4, "0")}` },
    spec: {
      selector: { matchLabels: { app: i === count - 1 ? "web" : `other-${i}` } },
      containers: [
        {
          name: `sidecar-${i}`,
          image: `registry.invalid/sidecar:${i}`,
          volumeMounts: [{ name: "logs", mountPath: "/logs" }],
        },
      ],
      volumes: [{ name: "logs", emptyDir: {} }],
    },
  };
}

/** The three webhooks of Kruise's chart this benchmark needs, by the names Kruise looks for. */
function kruiseWebhookConfigurations(): Fields[] {
  const service = (path: string) => ({
    service: { name: "kruise-webhook-service", namespace: "kruise-system", path },
  });
  const sidecarSetRules = [
    {
      apiGroups: ["apps.kruise.io"],
      apiVersions: ["v1alpha1", "v1beta1"],
      operations: ["CREATE", "UPDATE"],
      resources: ["sidecarsets"],
    },
  ];
  const common = {
    admissionReviewVersions: ["v1", "v1beta1"],
    failurePolicy: "Fail",
    sideEffects: "None",
    timeoutSeconds: 5,
  };
  return [
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "MutatingWebhookConfiguration",
      metadata: { name: "kruise-mutating-webhook-configuration" },
      webhooks: [
        {
          ...common,
          name: "mpod.kb.io",
          clientConfig: service("/mutate-pod"),
          rules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"] }],
          namespaceSelector: { matchLabels: { [benchLabel]: "kruise" } },
        },
        {
          ...common,
          name: "msidecarset.kb.io",
          clientConfig: service("/mutate-apps-kruise-io-sidecarset"),
          rules: sidecarSetRules,
        },
      ],
    },
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingWebhookConfiguration",
      metadata: { name: "kruise-validating-webhook-configuration" },
      webhooks: [
        {
          ...common,
          name: "vsidecarset.kb.io",
          clientConfig: service("/validate-apps-kruise-io-sidecarset"),
          rules: sidecarSetRules,
        },
      ],
    },
  ];
}
