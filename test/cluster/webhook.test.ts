/**
 * `podvisor webhook` against a real control plane, driven with the real kubectl: the webhook runs
 * as a process on 127.0.0.1 (a port of this file's), registered with `podvisor install --url`.
 * Its pod webhook only sees namespaces labelled for this run (`install --namespace-label`), so
 * the other test files sharing the control plane never meet it. docs/webhook.md.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "./support/free-port.js";
import { pollUntil } from "./support/poll-until.js";
import { useSharedControlPlane } from "./support/shared-control-plane.js";
import {
  cliPath,
  createWebhookPki,
  getWebhook,
  issueServingCert,
  servedCommonName,
  startContainerAdder,
  startWebhook,
  type WebhookPki,
  type WebhookProcess,
} from "./webhook-process.js";

type Json = Record<string, unknown>;
interface ContainerJson {
  name: string;
  restartPolicy?: string;
  resizePolicy?: unknown;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodJson {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { containers: ContainerJson[]; initContainers?: ContainerJson[]; schedulingGates?: unknown };
}
interface SidecarSetJson {
  metadata: { annotations: Record<string, string> };
  spec: { updateStrategy: unknown; containers: Json[]; namespace?: string; namespaceSelector?: unknown };
}

const cluster = useSharedControlPlane();
const run = randomBytes(3).toString("hex");
const optInLabel = `podvisor-webhook-test=${run}`;
let dir: string;
let pki: WebhookPki;
let port: number;
let webhook: WebhookProcess;
let sidecarSetCount = 0;

function podvisor(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function install(extra: string[] = []): Promise<void> {
  const printed = podvisor([
    "install",
    "--url",
    `https://127.0.0.1:${port}`,
    "--ca-bundle",
    pki.caCertPath,
    "--namespace-label",
    optInLabel,
    ...extra,
  ]);
  expect(printed.stderr).toBe("");
  await cluster.kubectl(["apply", "-f", "-"], { stdin: printed.stdout });
}

async function waitUntilReady(): Promise<void> {
  await pollUntil("the webhook's /readyz", async () =>
    (await getWebhook(port, "/readyz", pki.caCertPath)).status === 200 ? true : undefined,
  );
}

async function metric(line: string): Promise<number> {
  const text = (await getWebhook(port, "/metrics", pki.caCertPath)).text;
  const found = text.split("\n").find((l) => l.startsWith(`${line} `));
  return found ? Number(found.split(" ")[1]) : 0;
}

/** A namespace the webhook sees, with extra labels. */
async function namespace(labels: string[] = []): Promise<string> {
  const name = await cluster.createNamespace("webhook");
  await cluster.kubectl(["label", "namespace", name, optInLabel, ...labels]);
  return name;
}

/** Applies a SidecarSet and waits until the webhook's cache holds it. */
async function applySidecarSet(object: Json): Promise<string> {
  const out = await cluster.kubectl(["apply", "-f", "-"], { stdin: JSON.stringify(object) });
  sidecarSetCount++;
  await pollUntil("the SidecarSet in the webhook's cache", async () =>
    (await metric('podvisor_cache_objects{resource="sidecarsets"}')) >= sidecarSetCount ? true : undefined,
  );
  return out;
}

function sidecarSet(
  name: string,
  spec: Json,
  apiVersion = "apps.kruise.io/v1alpha1",
  annotations: Json = {},
): Json {
  return { apiVersion, kind: "SidecarSet", metadata: { name: `${name}-${run}`, annotations }, spec };
}

function pod(name: string, labels: Json, spec: Json = {}, annotations: Json = {}): Json {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels, annotations },
    spec: { containers: [{ name: "app", image: "registry.invalid/app:1" }], ...spec },
  };
}

async function createPod(ns: string, object: Json): Promise<PodJson> {
  await cluster.kubectl(["create", "-n", ns, "-f", "-"], { stdin: JSON.stringify(object) });
  return cluster.getJson<PodJson>(["pod", (object.metadata as { name: string }).name, "-n", ns]);
}

const names = (list: ContainerJson[] | undefined) => (list ?? []).map((c) => c.name);
const logAgent = (selector: Json, extra: Json = {}) => ({
  selector: { matchLabels: selector },
  containers: [{ name: "log-agent", image: "registry.invalid/log-agent:1" }],
  ...extra,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "podvisor-webhook-cluster-"));
  pki = createWebhookPki(dir);
  port = await findFreePort();
  webhook = startWebhook({ port, kubeconfig: cluster.connection.kubeconfigPath, pki });
  await install();
  await cluster.kubectl(["wait", "--for", "condition=established", "crd/sidecarsets.apps.kruise.io"]);
  await waitUntilReady();
});

afterAll(async () => {
  await cluster.kubectlResult([
    "delete",
    "mutatingwebhookconfiguration",
    "podvisor-webhook",
    `zz-add-extra-${run}`,
    "--ignore-not-found",
  ]);
  await cluster.kubectlResult([
    "delete",
    "validatingwebhookconfiguration",
    "podvisor-webhook",
    "--ignore-not-found",
  ]);
  await cluster.kubectlResult([
    "delete",
    "crd",
    "sidecarsets.apps.kruise.io",
    "--ignore-not-found",
    "--wait=false",
  ]);
  await cluster.kubectlResult(["delete", "nodes", "-l", `podvisor-webhook-test=${run}`]);
  await webhook?.stop();
});

describe("podvisor install", () => {
  it("prints manifests the API server accepts (kubectl apply --dry-run=server), in-cluster Deployment included", async () => {
    const ns = await cluster.createNamespace("podvisor");
    await cluster.kubectlResult(["create", "namespace", "kruise-system"]);
    const printed = podvisor(["install", "--namespace", ns, "--failure-policy", "Fail"]);
    expect(printed.code).toBe(0);
    const out = await cluster.kubectl(["apply", "--dry-run=server", "-f", "-"], { stdin: printed.stdout });
    expect(out).toContain(`deployment.apps/podvisor-webhook created (server dry run)`);
    expect(out).toContain(
      "mutatingwebhookconfiguration.admissionregistration.k8s.io/podvisor-webhook configured (server dry run)",
    );
  });
});

describe("SidecarSets through the API server", () => {
  it("are defaulted and stamped with Kruise's hash in both versions, and v1alpha1's namespace converts to a v1beta1 namespaceSelector", async () => {
    const ns = await namespace();
    await applySidecarSet(sidecarSet("alpha", { ...logAgent({ app: `alpha-${run}` }), namespace: ns }));
    await applySidecarSet(sidecarSet("beta", logAgent({ app: `beta-${run}` }), "apps.kruise.io/v1beta1"));
    for (const name of [`alpha-${run}`, `beta-${run}`]) {
      const stored = await cluster.getJson<SidecarSetJson>(["sidecarsets.v1beta1.apps.kruise.io", name]);
      expect(stored.spec.updateStrategy).toEqual({ type: "RollingUpdate", maxUnavailable: 1, partition: 0 });
      expect(stored.spec.containers[0]).toMatchObject({
        podInjectPolicy: "BeforeAppContainer",
        upgradeStrategy: { upgradeType: "ColdUpgrade" },
        imagePullPolicy: "IfNotPresent",
      });
      expect(stored.metadata.annotations["kruise.io/sidecarset-hash"]).toMatch(
        /^[bcdfghjklmnpqrstvwxz2456789]{64}$/,
      );
    }
    const asBeta = await cluster.getJson<SidecarSetJson>([
      "sidecarsets.v1beta1.apps.kruise.io",
      `alpha-${run}`,
    ]);
    expect(asBeta.spec.namespace).toBeUndefined();
    expect(asBeta.spec.namespaceSelector).toEqual({ matchLabels: { "kubernetes.io/metadata.name": ns } });
  });

  it("refuses an invalid SidecarSet with the field and the reason, as podvisor inject says it", async () => {
    const bad = sidecarSet("bad", {
      selector: { matchLabels: { app: "x" } },
      containers: [{ name: "log-agent", image: "busybox", podInjectPolicy: "Middle" }],
    });
    const refused = await cluster.kubectlResult(["apply", "-f", "-"], { stdin: JSON.stringify(bad) });
    expect(refused.exitCode).not.toBe(0);
    const line = `sidecarset/bad-${run}: spec.containers[0].podInjectPolicy: Unsupported value: "Middle": supported values: "BeforeAppContainer", "AfterAppContainer"`;
    expect(refused.stderr).toContain(
      'admission webhook "validate.sidecarsets.podvisor.dev" denied the request',
    );
    expect(refused.stderr).toContain(line);
    const offline = spawnSync(process.execPath, [cliPath, "inject", "-f", "-"], {
      input: JSON.stringify(bad),
      encoding: "utf8",
    });
    expect(offline.stderr).toContain(line);
  });
  it("refuses a SidecarSet whose selector overlaps another's that already has its container, naming both (Kruise validateSidecarConflict)", async () => {
    await applySidecarSet(sidecarSet("overlap-a", logAgent({ app: `overlap-${run}` })));
    const overlapping = sidecarSet("overlap-b", {
      ...logAgent({}),
      selector: { matchExpressions: [{ key: "app", operator: "In", values: [`overlap-${run}`, "other"] }] },
    });
    const refused = await cluster.kubectlResult(["apply", "-f", "-"], { stdin: JSON.stringify(overlapping) });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(
      'admission webhook "validate.sidecarsets.podvisor.dev" denied the request',
    );
    expect(refused.stderr).toContain(
      `sidecarset/overlap-b-${run}: spec.containers: Invalid value: "log-agent": container log-agent already exist in overlap-a-${run}`,
    );
    const absent = await cluster.kubectlResult(["get", "sidecarsets.apps.kruise.io", `overlap-b-${run}`]);
    expect(absent.exitCode).not.toBe(0);
    // The same container name under a disjoint selector is admitted.
    await applySidecarSet(sidecarSet("overlap-c", logAgent({ app: `elsewhere-${run}` })));
  });
});

describe("pods created with kubectl", () => {
  it("get their sidecars: native where the SidecarSet says native, legacy where it says legacy, with a warning and podvisor.dev/injection", async () => {
    const ns = await namespace();
    await applySidecarSet(
      sidecarSet("native", { ...logAgent({ app: `native-${run}` }), namespace: ns }, undefined, {
        "podvisor.dev/sidecar-mode": "native",
      }),
    );
    await applySidecarSet(
      sidecarSet("legacy", { ...logAgent({ app: `legacy-${run}` }), namespace: ns }, undefined, {
        "podvisor.dev/sidecar-mode": "legacy",
      }),
    );
    const created = await cluster.kubectlResult(["create", "-n", ns, "-f", "-"], {
      stdin: JSON.stringify(pod("native", { app: `native-${run}` })),
    });
    expect(created.stderr).toContain(`Warning: podvisor injected sidecarset/native-${run}`);
    const native = await cluster.getJson<PodJson>(["pod", "native", "-n", ns]);
    expect(native.spec.initContainers).toEqual([
      expect.objectContaining({ name: "log-agent", restartPolicy: "Always" }),
    ]);
    expect(names(native.spec.containers)).toEqual(["app"]);
    expect(JSON.parse(native.metadata.annotations!["podvisor.dev/injection"]!)).toEqual([
      expect.objectContaining({ sidecarSet: `native-${run}`, mode: "native (SidecarSet annotation)" }),
    ]);
    const legacy = await createPod(ns, pod("legacy", { app: `legacy-${run}` }));
    expect(names(legacy.spec.containers)).toEqual(["log-agent", "app"]);
    expect(legacy.spec.initContainers).toBeUndefined();
  });

  it("auto: native on a node whose kubelet has native sidecars, legacy on a 1.28 kubelet (Node objects of this test)", async () => {
    const ns = await namespace();
    for (const [pool, version] of [
      ["old", "v1.28.9"],
      ["new", "v1.36.3"],
    ] as const)
      await cluster.kubectl(["create", "-f", "-"], {
        stdin: JSON.stringify({
          apiVersion: "v1",
          kind: "Node",
          metadata: {
            name: `${pool}-${run}`,
            labels: { "podvisor-webhook-test": run, pool: `${pool}-${run}` },
          },
          // Tainted so that no other test's pod is ever scheduled onto these kubelet-less nodes.
          spec: { taints: [{ key: "podvisor.dev/test-node", effect: "NoSchedule" }] },
          status: { nodeInfo: { kubeletVersion: version } },
        }),
      });
    // Other test files share this control plane: the nodes exist only as long as this test needs them.
    try {
      await pollUntil("both nodes in the webhook's cache", async () =>
        (await metric('podvisor_cache_objects{resource="nodes"}')) >= 2 ? true : undefined,
      );
      await applySidecarSet(sidecarSet("auto", { ...logAgent({ app: `auto-${run}` }), namespace: ns }));
      const auto = { "podvisor.dev/sidecar-mode": "auto" };
      const onNew = await createPod(
        ns,
        pod("on-new", { app: `auto-${run}` }, { nodeSelector: { pool: `new-${run}` } }, auto),
      );
      expect(onNew.spec.initContainers).toEqual([
        expect.objectContaining({ name: "log-agent", restartPolicy: "Always" }),
      ]);
      const onOld = await createPod(
        ns,
        pod("on-old", { app: `auto-${run}` }, { nodeSelector: { pool: `old-${run}` } }, auto),
      );
      expect(names(onOld.spec.containers)).toEqual(["log-agent", "app"]);
      expect(onOld.metadata.annotations!["podvisor.dev/injection"]).toContain(
        `kubelet 1.28 on node old-${run}`,
      );
    } finally {
      await cluster.kubectlResult(["delete", "nodes", "-l", `podvisor-webhook-test=${run}`, "--wait=false"]);
    }
  });

  it("namespaceSelector and injectionStrategy.paused hold", async () => {
    const teamA = await namespace([`team-${run}=a`]);
    const teamB = await namespace([`team-${run}=b`]);
    await applySidecarSet(
      sidecarSet("team-a", {
        ...logAgent({ app: `team-${run}` }),
        namespaceSelector: { matchLabels: { [`team-${run}`]: "a" } },
      }),
    );
    await applySidecarSet(
      sidecarSet("paused", { ...logAgent({ app: `paused-${run}` }), injectionStrategy: { paused: true } }),
    );
    expect(names((await createPod(teamA, pod("web", { app: `team-${run}` }))).spec.containers)).toEqual([
      "log-agent",
      "app",
    ]);
    expect(names((await createPod(teamB, pod("web", { app: `team-${run}` }))).spec.containers)).toEqual([
      "app",
    ]);
    const paused = await createPod(teamA, pod("paused", { app: `paused-${run}` }));
    expect(names(paused.spec.containers)).toEqual(["app"]);
    expect(paused.metadata.annotations?.["podvisor.dev/injection"]).toBeUndefined();
  });

  it("keep a field podvisor's types do not know (spec.schedulingGates, a container's resizePolicy) through admission", async () => {
    const ns = await namespace();
    await applySidecarSet(sidecarSet("fields", { ...logAgent({ app: `fields-${run}` }), namespace: ns }));
    const created = await createPod(
      ns,
      pod(
        "fields",
        { app: `fields-${run}` },
        {
          schedulingGates: [{ name: "podvisor.dev/hold" }],
          containers: [
            {
              name: "app",
              image: "registry.invalid/app:1",
              resizePolicy: [{ resourceName: "cpu", restartPolicy: "NotRequired" }],
            },
          ],
        },
      ),
    );
    expect(names(created.spec.containers)).toEqual(["log-agent", "app"]);
    expect(created.spec.schedulingGates).toEqual([{ name: "podvisor.dev/hold" }]);
    expect(created.spec.containers[1]!.resizePolicy).toEqual([
      { resourceName: "cpu", restartPolicy: "NotRequired" },
    ]);
  });

  it("a pod whose injection fails is refused, naming the SidecarSet and the field", async () => {
    const ns = await namespace();
    await applySidecarSet(sidecarSet("clash-a", { ...logAgent({ app: `clash-${run}` }), namespace: ns }));
    // Kruise's overlap heuristic takes a selector requiring a label the other does not name for
    // disjoint, so both are admitted, yet both select a pod with that label.
    const tier = { key: `tier-${run}`, operator: "Exists" };
    const selector = { matchLabels: { app: `clash-${run}` }, matchExpressions: [tier] };
    await applySidecarSet(sidecarSet("clash-b", { ...logAgent({}), selector, namespace: ns }));
    const refused = await cluster.kubectlResult(["create", "-n", ns, "-f", "-"], {
      stdin: JSON.stringify(pod("clash", { app: `clash-${run}`, [`tier-${run}`]: "web" })),
    });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('admission webhook "pods.sidecarsets.podvisor.dev" denied the request');
    expect(refused.stderr).toMatch(
      new RegExp(
        `sidecarset/clash-b-${run}: .*spec\\.containers\\[0\\]\\.name: Duplicate value: "log-agent"`,
      ),
    );
  });
});

describe("pods created by the controllers (kube-controller-manager)", () => {
  it("a Deployment's and a Job's pods get their sidecars", async () => {
    const ns = await namespace();
    // Its own container name: by Kruise's overlap heuristic its selector (another key than the
    // others' `app`) overlaps every other SidecarSet's, so a shared name would be refused.
    await applySidecarSet(
      sidecarSet("controllers", {
        ...logAgent({ tier: `ctl-${run}` }),
        containers: [{ name: "ctl-agent", image: "registry.invalid/log-agent:1" }],
        namespace: ns,
      }),
    );
    const template = {
      metadata: { labels: { tier: `ctl-${run}`, app: "web" } },
      spec: { containers: [{ name: "app", image: "registry.invalid/app:1" }] },
    };
    await cluster.kubectl(["create", "-n", ns, "-f", "-"], {
      stdin: JSON.stringify({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web" },
        spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template },
      }),
    });
    await cluster.kubectl(["create", "-n", ns, "-f", "-"], {
      stdin: JSON.stringify({
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "report" },
        spec: {
          template: {
            ...template,
            metadata: { labels: { tier: `ctl-${run}` } },
            spec: { ...template.spec, restartPolicy: "Never" },
          },
        },
      }),
    });
    for (const selector of ["app=web", "job-name=report"]) {
      const pods = await pollUntil(`a pod with ${selector}`, async () => {
        const list = await cluster.getJson<{ items: PodJson[] }>(["pods", "-n", ns, "-l", selector]);
        return list.items.length > 0 ? list.items : undefined;
      });
      expect(names(pods[0]!.spec.containers)).toEqual(["ctl-agent", "app"]);
    }
  });
});

describe("reinvocation", () => {
  it("an injected pod is reviewed once: its sidecar already has the token mount the ServiceAccount plugin would add, so IfNeeded does not call podvisor again", async () => {
    const ns = await namespace();
    await applySidecarSet(sidecarSet("once", { ...logAgent({ app: `once-${run}` }), namespace: ns }));
    const unchanged = 'podvisor_admission_requests_total{webhook="mutate-pods",outcome="unchanged"}';
    const injected = 'podvisor_admission_requests_total{webhook="mutate-pods",outcome="injected"}';
    const before = { unchanged: await metric(unchanged), injected: await metric(injected) };
    const created = await createPod(ns, pod("once", { app: `once-${run}` }));
    expect(names(created.spec.containers)).toEqual(["log-agent", "app"]);
    const tokenMounts = created.spec.containers.map((c) =>
      (c.volumeMounts ?? []).filter((m) => m.mountPath === "/var/run/secrets/kubernetes.io/serviceaccount"),
    );
    expect(tokenMounts.map((m) => m.length)).toEqual([1, 1]);
    expect(await metric(injected)).toBe(before.injected + 1);
    expect(await metric(unchanged)).toBe(before.unchanged);
  });

  it("with a second webhook adding a container after podvisor's, podvisor is called again and injects nothing twice", async () => {
    const ns = await namespace();
    await applySidecarSet(
      sidecarSet("reinvoked", { ...logAgent({ app: `reinvoked-${run}` }), namespace: ns }),
    );
    const adder = await startContainerAdder(pki);
    try {
      // Webhooks are called in the order of their configurations' names: podvisor-webhook, then this.
      await cluster.kubectl(["apply", "-f", "-"], {
        stdin: JSON.stringify({
          apiVersion: "admissionregistration.k8s.io/v1",
          kind: "MutatingWebhookConfiguration",
          metadata: { name: `zz-add-extra-${run}` },
          webhooks: [
            {
              name: "add-extra.podvisor.dev",
              clientConfig: {
                url: `https://127.0.0.1:${adder.port}/`,
                caBundle: readFileSync(pki.caCertPath).toString("base64"),
              },
              rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } },
              failurePolicy: "Fail",
              sideEffects: "None",
              admissionReviewVersions: ["v1"],
            },
          ],
        }),
      });
      const unchanged = 'podvisor_admission_requests_total{webhook="mutate-pods",outcome="unchanged"}';
      const before = await metric(unchanged);
      const created = await createPod(ns, pod("reinvoked", { app: `reinvoked-${run}` }));
      expect(names(created.spec.containers)).toEqual(["log-agent", "app", "extra"]);
      expect(created.metadata.annotations!["kruise.io/sidecarset-injected-list"]).toBe(`reinvoked-${run}`);
      expect(adder.calls()).toBe(1);
      expect(await metric(unchanged)).toBeGreaterThan(before);
    } finally {
      await cluster.kubectlResult(["delete", "mutatingwebhookconfiguration", `zz-add-extra-${run}`]);
      await adder.close();
    }
  });
});

describe("when the webhook is down", () => {
  it("Ignore creates pods uninjected, Fail refuses them with the API server's message; restarted, it serves again once its caches synced", async () => {
    const ns = await namespace();
    await applySidecarSet(sidecarSet("down", { ...logAgent({ app: `down-${run}` }), namespace: ns }));
    await webhook.stop();
    const ignored = await createPod(ns, pod("ignored", { app: `down-${run}` }));
    expect(names(ignored.spec.containers)).toEqual(["app"]);

    await install(["--failure-policy", "Fail"]);
    const refused = await cluster.kubectlResult(["create", "-n", ns, "-f", "-"], {
      stdin: JSON.stringify(pod("refused", { app: `down-${run}` })),
    });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('failed calling webhook "pods.sidecarsets.podvisor.dev"');

    webhook = startWebhook({ port, kubeconfig: cluster.connection.kubeconfigPath, pki });
    await waitUntilReady();
    const served = await createPod(ns, pod("served", { app: `down-${run}` }));
    expect(names(served.spec.containers)).toEqual(["log-agent", "app"]);
    await install();
  });
});

describe("certificate rotation", () => {
  it("the webhook serves a new certificate written over its files without a restart, and keeps admitting", async () => {
    const ns = await namespace();
    await applySidecarSet(sidecarSet("rotated", { ...logAgent({ app: `rotated-${run}` }), namespace: ns }));
    const pid = webhook.child.pid;
    issueServingCert(dir, pki, "podvisor-webhook-2");
    await pollUntil("the rotated certificate being served", async () =>
      (await servedCommonName(port, pki.caCertPath)) === "podvisor-webhook-2" ? true : undefined,
    );
    expect(webhook.child.pid).toBe(pid);
    expect(webhook.child.exitCode).toBeNull();
    const created = await createPod(ns, pod("after-rotation", { app: `rotated-${run}` }));
    expect(names(created.spec.containers)).toEqual(["log-agent", "app"]);
  });
});
