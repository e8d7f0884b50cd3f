/**
 * `podvisor doctor` and the webhook's node-aware `auto` against a real control plane (its own,
 * with a scheduler: the nodes here must not take other files' pods), with `podvisor node`
 * processes as the nodes — one current, one started as an old node (v1.27.16, SidecarContainers
 * off) — each serving /metrics through the API server's node proxy. docs/adoption.md.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSelfSignedCert } from "../../src/webhook/testing/self-signed.js";
import { findFreePort } from "./support/free-port.js";
import { pollUntil } from "./support/poll-until.js";
import { startControlPlane, type ControlPlane } from "./support/control-plane.js";
import { cliPath, spawnPodvisor, type PodvisorChild } from "./support/podvisor-process.js";
import { createWebhookPki, getWebhook, startWebhook, type WebhookProcess } from "./webhook-process.js";
import { startStrippingWebhook, strippingAnnotation } from "./stripping-webhook.js";

interface Check {
  id: string;
  status: string;
  summary: string;
  advice: string;
  suspects?: { configuration: string; webhook: string; reasons: string[] }[];
}
interface Report {
  checks: Check[];
  nativeSidecarsWork: boolean;
  labelled: string[];
}

const namespaceLabel = "doctor-test=checked";
/**
 * The nodes' InternalIP: the API server's node proxy refuses loopback addresses
 * (apimachinery proxy `IsProxyableIP`: global unicast only), so the nodes listen on this
 * machine's own non-loopback address; the traffic still never leaves the machine.
 */
const nodeIP = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === "IPv4" && !a.internal)?.address;
let cluster: ControlPlane;
let dir: string;
let namespace: string;
const nodes: PodvisorChild[] = [];

function startNode(name: string, extra: string[] = []): PodvisorChild {
  const cert = writeSelfSignedCert(dir, name);
  const child = spawnPodvisor([
    ...["node", "--kubeconfig", cluster.kubeconfigPath, "--node-name", name],
    ...["--state-dir", join(dir, `state-${name}`), "--kubelet-port", "0", "--node-ip", nodeIP ?? ""],
    ...["--tls-cert-file", cert.certFile, "--tls-private-key-file", cert.keyFile, ...extra],
  ]);
  nodes.push(child);
  return child;
}

async function waitReady(name: string, child: PodvisorChild): Promise<void> {
  await pollUntil(`node ${name} Ready`, async () => {
    const result = await cluster.kubectlResult([
      "get",
      "node",
      name,
      "-o",
      "jsonpath={.status.conditions[?(@.type=='Ready')].status}",
    ]);
    return result.stdout === "True" ? true : undefined;
  }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  });
}

/** `podvisor doctor`, asynchronously: the stripping webhook lives in this process and must keep answering. */
function doctor(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [cliPath, "doctor", "--kubeconfig", cluster.kubeconfigPath, ...args],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function doctorJson(
  extra: string[] = [],
): Promise<{ code: number | null; report: Report; stderr: string }> {
  const { code, stdout, stderr } = await doctor(["-n", namespace, "-o", "json", ...extra]);
  expect(stderr).toBe("");
  return { code, report: JSON.parse(stdout) as Report, stderr };
}

const check = (report: Report, id: string) => report.checks.find((c) => c.id === id);

beforeAll(async () => {
  if (nodeIP === undefined)
    throw new Error(
      "this test needs a non-loopback IPv4 address on this machine: the API server's node proxy refuses loopback",
    );
  cluster = await startControlPlane({ controllerManager: true, scheduler: true });
  dir = mkdtempSync(join(tmpdir(), "podvisor-doctor-"));
  const current = startNode("current-1");
  await waitReady("current-1", current);
  namespace = await cluster.createNamespace("doctor");
  await cluster.kubectl(["label", "namespace", namespace, namespaceLabel]);
});

afterAll(async () => {
  for (const node of nodes) await node.stop("SIGTERM", 30_000);
  await cluster?.stop();
});

describe("podvisor doctor", () => {
  it("the node's /metrics, through the node proxy, carries the API server's own kubernetes_feature_enabled line for the gate", async () => {
    const series = (text: string) =>
      text
        .split("\n")
        .filter((l) =>
          /^(# (HELP|TYPE) kubernetes_feature_enabled |kubernetes_feature_enabled\{name="SidecarContainers")/.test(
            l,
          ),
        );
    const apiServer = series(await cluster.kubectl(["get", "--raw", "/metrics"]));
    const node = series(await cluster.kubectl(["get", "--raw", "/api/v1/nodes/current-1/proxy/metrics"]));
    expect(node).toEqual(apiServer);
    expect(node).toContain('kubernetes_feature_enabled{name="SidecarContainers",stage=""} 1');
  });

  it("a healthy cluster: every check ✓, the node's gate read through the API server's node proxy, exit 0", async () => {
    const { code, report } = await doctorJson();
    expect(report.checks.map((c) => `${c.status} ${c.id}`)).toEqual([
      "pass api-server",
      "pass node/current-1",
      "info webhooks",
      `pass admission/${namespace}`,
    ]);
    expect(check(report, "api-server")?.summary).toBe("API server v1.36.3: SidecarContainers on");
    expect(check(report, "node/current-1")?.summary).toBe(
      "node current-1: kubelet v1.36.3, SidecarContainers on",
    );
    expect(code).toBe(0);
    const text = await doctor(["-n", namespace]);
    expect(text.stdout.split("\n").filter((l) => l.startsWith("✗"))).toEqual([]);
    expect(text.stdout).toContain("native sidecars: ready");
  });

  it("a webhook that re-serializes pods without restartPolicy: ✗, and it is named first among the suspects", async () => {
    const pki = createWebhookPki(dir);
    const server = await startStrippingWebhook(pki);
    const caBundle = readFileSync(pki.caCertPath).toString("base64");
    const webhook = (name: string, path: string, resources: string[]) => ({
      name,
      clientConfig: { url: `https://127.0.0.1:${server.port}${path}`, caBundle },
      rules: [{ operations: ["CREATE"], apiGroups: ["*"], apiVersions: ["*"], resources }],
      namespaceSelector: { matchLabels: { "doctor-test": "checked" } },
      sideEffects: "None",
      admissionReviewVersions: ["v1"],
      failurePolicy: "Fail",
    });
    const configurations = [
      { metadata: { name: "a-audit" }, webhooks: [webhook("audit.example.org", "/noop", ["*"])] },
      {
        metadata: { name: "b-strip" },
        webhooks: [webhook("strip.doctor-test.example.com", "/strip", ["pods"])],
      },
    ].map((c) => ({
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "MutatingWebhookConfiguration",
      ...c,
    }));
    await cluster.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({ apiVersion: "v1", kind: "List", items: configurations }),
    });
    try {
      const { code, report } = await doctorJson();
      const admission = check(report, `admission/${namespace}`);
      expect(admission?.status).toBe("fail");
      expect(admission?.suspects?.map((s) => s.webhook)).toEqual([
        "strip.doctor-test.example.com",
        "audit.example.org",
      ]);
      expect(admission?.suspects?.[0]?.reasons[0]).toBe(
        `it changed the probe pod (added ${strippingAnnotation})`,
      );
      expect(admission?.advice).toContain("client libraries 1.28+");
      expect(code).toBe(1);
    } finally {
      await cluster.kubectl(["delete", "mutatingwebhookconfiguration", "a-audit", "b-strip"]);
      await server.close();
    }
  });

  it("one old node (v1.27.16, SidecarContainers off): named with the advice; --label-nodes labels both nodes", async () => {
    const old = startNode("old-1", [
      "--feature-gates",
      "SidecarContainers=false",
      "--kubelet-version",
      "v1.27.16",
    ]);
    await waitReady("old-1", old);
    const { code, report } = await doctorJson();
    const oldCheck = check(report, "node/old-1");
    expect(oldCheck?.status).toBe("fail");
    expect(oldCheck?.summary).toBe("node old-1: kubelet v1.27.16, SidecarContainers=false on the kubelet");
    expect(oldCheck?.advice).toContain("podvisor doctor --label-nodes");
    expect(check(report, "node/current-1")?.status).toBe("pass");
    expect(code).toBe(1);

    const labelled = await doctorJson(["--label-nodes"]);
    expect(labelled.report.labelled).toEqual([
      "node/current-1 sidecars.podvisor.io/native=true",
      "node/old-1 sidecars.podvisor.io/native=false",
    ]);
    const labels = await cluster.kubectl([
      "get",
      "nodes",
      "-L",
      "sidecars.podvisor.io/native",
      "--no-headers",
    ]);
    expect(
      labels
        .split("\n")
        .map((l) => [l.split(/\s+/)[0], l.split(/\s+/).at(-1)])
        .filter((p) => p[0]),
    ).toEqual([
      ["current-1", "true"],
      ["old-1", "false"],
    ]);
  });

  it("the old node runs a restartPolicy: Always init container as a plain one: the app never starts", async () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "stuck" },
      spec: {
        nodeName: "old-1",
        initContainers: [
          { name: "proxy", image: "busybox", restartPolicy: "Always", command: ["sh", "-c", "sleep 300"] },
        ],
        containers: [{ name: "app", image: "busybox", command: ["sh", "-c", "sleep 300"] }],
      },
    };
    await cluster.kubectl(["create", "-n", namespace, "-f", "-"], { stdin: JSON.stringify(pod) });
    const status = await pollUntil("the proxy running on the old node", async () => {
      const got = await cluster.getJson<{
        status: {
          phase: string;
          conditions?: { type: string; status: string }[];
          initContainerStatuses?: { state: Record<string, unknown> }[];
          containerStatuses?: { state: Record<string, unknown> }[];
        };
      }>(["pod", "stuck", "-n", namespace]);
      return got.status.initContainerStatuses?.[0]?.state.running ? got.status : undefined;
    });
    // A current kubelet reports Initialized=True in the same status that shows its sidecar running.
    expect(status.conditions?.find((c) => c.type === "Initialized")?.status).toBe("False");
    expect(status.phase).toBe("Pending");
    expect(Object.keys(status.containerStatuses?.[0]?.state ?? {})).toEqual(["waiting"]);
    await cluster.kubectl(["delete", "pod", "stuck", "-n", namespace, "--wait=false"]);
  });
});

describe("the webhook's node-aware auto in a mixed cluster", () => {
  let webhook: WebhookProcess | undefined;
  afterAll(async () => {
    await webhook?.stop();
  });

  it("injects natively with a node affinity on the doctor's label: the pod lands on the current node and runs", async () => {
    const pki = createWebhookPki(mkdtempSync(join(dir, "webhook-")));
    const port = await findFreePort();
    webhook = startWebhook({ port, kubeconfig: cluster.kubeconfigPath, pki });
    const install = await new Promise<string>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          cliPath,
          "install",
          "--url",
          `https://127.0.0.1:${port}`,
          "--ca-bundle",
          pki.caCertPath,
          "--namespace-label",
          namespaceLabel,
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
      child.once("close", () => resolve(out));
    });
    await cluster.kubectl(["apply", "-f", "-"], { stdin: install });
    await cluster.kubectl(["wait", "--for", "condition=established", "crd/sidecarsets.apps.kruise.io"]);
    await pollUntil("the webhook ready", async () =>
      (await getWebhook(port, "/readyz", pki.caCertPath)).status === 200 ? true : undefined,
    );
    await cluster.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({
        apiVersion: "apps.kruise.io/v1alpha1",
        kind: "SidecarSet",
        metadata: { name: "proxy", annotations: { "podvisor.dev/sidecar-mode": "auto" } },
        spec: {
          selector: { matchLabels: { app: "auto" } },
          containers: [
            { name: "proxy", image: "busybox", command: ["sh", "-c", "echo proxy up; sleep 300"] },
          ],
        },
      }),
    });
    await pollUntil("the SidecarSet in the webhook's cache", async () => {
      const text = (await getWebhook(port, "/metrics", pki.caCertPath)).text;
      return /podvisor_cache_objects\{resource="sidecarsets"\} 1/.test(text) ? true : undefined;
    });
    await cluster.kubectl(["create", "-n", namespace, "-f", "-"], {
      stdin: JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "auto", labels: { app: "auto" } },
        spec: { containers: [{ name: "app", image: "busybox", command: ["sh", "-c", "sleep 300"] }] },
      }),
    });
    await cluster.kubectl(["wait", "-n", namespace, "--for=condition=Ready", "pod/auto", "--timeout=90s"]);
    const pod = await cluster.getJson<{
      metadata: { annotations: Record<string, string> };
      spec: {
        nodeName: string;
        initContainers: { name: string; restartPolicy?: string }[];
        affinity: unknown;
      };
    }>(["pod", "auto", "-n", namespace]);
    expect(pod.metadata.annotations["podvisor.dev/auto-mode"]).toBe("native-with-node-affinity");
    expect(pod.spec.initContainers.map((c) => [c.name, c.restartPolicy])).toEqual([["proxy", "Always"]]);
    expect(pod.spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: "sidecars.podvisor.io/native", operator: "In", values: ["true"] }] },
          ],
        },
      },
    });
    expect(pod.spec.nodeName).toBe("current-1");
  });
});
