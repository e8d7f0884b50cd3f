/**
 * The universal and ordered-legacy sidecar modes (docs/sidecar-modes.md) on a real control plane
 * with two `podvisor node`s: a current one, and an old one (`--feature-gates
 * SidecarContainers=false --kubelet-version v1.27.16`, running restartPolicy Always init
 * containers as plain ones, as a 1.27 kubelet does). The pods are injected offline by `podvisor
 * inject` with the helper's host path (the nodes use the process backend) and pinned to a node.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { cliPath, repoRoot } from "./support/podvisor-process.js";
import { spawnPodvisor, type PodvisorChild } from "./support/podvisor-process.js";
import { startControlPlane, type ControlPlane } from "./support/control-plane.js";
import { pollUntil } from "./support/poll-until.js";
import { podOutput } from "./node-process.js";

type Fields = Record<string, unknown>;
const nodes = { current: "modes-current", old: "modes-old" } as const;
let cluster: ControlPlane;
const started: { name: string; stateDir: string; process: PodvisorChild }[] = [];
let helper = "";

/**
 * The two nodes share this host's filesystem (process backend), and a node removes a mountPath it
 * created on the host when its pod is done — which detaches that mount in the other node's running
 * containers (Linux detaches mounts in other namespaces when their mount point is removed). So the
 * mount points exist beforehand, and neither node creates or removes them.
 */
const sharedMountPoints = ["/podvisor-sidecar", "/mesh"];
const createdMountPoints: string[] = [];

beforeAll(async () => {
  for (const path of sharedMountPoints)
    if (!existsSync(path)) {
      mkdirSync(path);
      createdMountPoints.push(path);
    }
  helper = execFileSync(join(repoRoot, "scripts", "sidecar-helper", "build.sh"), { encoding: "utf8" }).trim();
  cluster = await startControlPlane({ controllerManager: true, scheduler: true });
  for (const [name, extra] of [
    [nodes.current, []],
    [nodes.old, ["--feature-gates", "SidecarContainers=false", "--kubelet-version", "v1.27.16"]],
  ] as const) {
    const stateDir = mkdtempSync(join(tmpdir(), `podvisor-${name}-`));
    const process = spawnPodvisor([
      ...["node", "--kubeconfig", cluster.connection.kubeconfigPath, "--node-name", name],
      // Any free port for the kubelet API (default 10250): two nodes share this machine.
      ...["--state-dir", stateDir, "--port", "0", ...extra],
    ]);
    started.push({ name, stateDir, process });
  }
  for (const { name } of started)
    await pollUntil(`node ${name} to be Ready`, async () => {
      const result = await cluster.kubectlResult([
        "get",
        "node",
        name,
        "-o",
        "jsonpath={.status.conditions[?(@.type=='Ready')].status}",
      ]);
      return result.stdout === "True" ? true : undefined;
    });
}, 240_000);

afterEach(async (context) => {
  if (context.task.result?.state !== "fail") return;
  for (const { name, process } of started)
    console.error(`podvisor node ${name} output:\n${process.output()}`);
  // The probes' and hooks' failures, as the kubelet reported them.
  const events = await cluster.kubectlResult(["get", "events", "-A", "--sort-by", ".lastTimestamp"]);
  console.error(`events:\n${events.stdout}`);
});

afterAll(async () => {
  for (const { process } of started) await process.stop("SIGTERM", 60_000);
  await cluster?.stop();
  for (const path of createdMountPoints) rmSync(path, { recursive: true, force: true });
});

/** `podvisor inject` on the manifests, the helper from this host; returns the injected objects. */
function injected(manifest: string): Fields[] {
  const result = spawnSync(
    process.execPath,
    [cliPath, "inject", "-f", "-", "--sidecar-helper-binary", helper],
    { input: manifest, encoding: "utf8" },
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return parseAllDocuments(result.stdout).map((doc) => doc.toJSON() as Fields);
}

/** The object's pod spec (a Pod's, or a Job's template's) pinned to the node. */
function pinned(object: Fields, node: string, name: string): Fields {
  const copy = structuredClone(object);
  (copy.metadata as Fields).name = name;
  const spec = (copy.kind === "Job" ? ((copy.spec as Fields).template as Fields).spec : copy.spec) as Fields;
  spec.nodeSelector = { "kubernetes.io/hostname": node };
  return copy;
}

/** JSON for kubectl: YAML 1.2 would write the label value "on" bare, which kubectl reads as a bool. */
function asList(items: Fields[]): string {
  return JSON.stringify({ apiVersion: "v1", kind: "List", items });
}

function stateDirOf(node: string): string {
  return started.find((n) => n.name === node)!.stateDir;
}

async function onlyPodName(namespace: string, selector: string): Promise<string> {
  const pods = await cluster.getJson<{ items: { metadata: { name: string } }[] }>([
    "pods",
    "-n",
    namespace,
    "-l",
    selector,
  ]);
  expect(pods.items).toHaveLength(1);
  return pods.items[0]!.metadata.name;
}

const exampleManifest = () =>
  execFileSync("cat", [join(repoRoot, "examples", "sidecar-modes.yaml")], { encoding: "utf8" });

describe("universal sidecars on a mixed cluster", () => {
  it("the Job completes on both nodes, the app seeing its sidecar; the old node's regular copy runs it", async () => {
    const namespace = await cluster.createNamespace("universal");
    const job = injected(exampleManifest()).find((o) => o.kind === "Job")!;
    const jobs = [pinned(job, nodes.current, "report-current"), pinned(job, nodes.old, "report-old")];
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], {
      stdin: asList(jobs),
    });
    for (const name of ["report-current", "report-old"])
      await cluster.kubectl([
        "wait",
        "-n",
        namespace,
        "--for=condition=Complete",
        `job/${name}`,
        "--timeout=90s",
      ]);

    for (const [node, name] of [
      [nodes.current, "report-current"],
      [nodes.old, "report-old"],
    ] as const) {
      const pod = await onlyPodName(namespace, `job-name=${name}`);
      const output = podOutput(stateDirOf(node), namespace, pod);
      const of = (container: string) =>
        output
          .filter((l) => l.container === container)
          .map((l) => l.text)
          .join("\n");
      expect(of("worker"), node).toContain("worker: sees the proxy");
      if (node === nodes.current) {
        // podOutput reads each container's first instance: the native copy's first run.
        expect(of("proxy")).toContain("first run of the native copy; exiting 0");
        expect(of("proxy-legacy")).toContain("the native sidecar runs it; the regular copy exits 0");
      } else {
        expect(of("proxy")).not.toContain("proxy: starting");
        expect(of("proxy-legacy")).toContain("the regular copy runs the sidecar until worker exit");
        expect(of("proxy-legacy")).toContain("proxy: SIGTERM, bye");
      }
    }
  });
});

describe("ordered legacy on the old node", () => {
  it("the app's own log shows the sidecar ready before its first line; the sidecar's shows the app's exit before its SIGTERM", async () => {
    const namespace = await cluster.createNamespace("ordered");
    const sidecarSet = exampleManifest().split("\n---\n")[0]!;
    const pod = readFileSync(
      join(repoRoot, "test", "fixtures", "manifests", "sidecar-modes-ordered-pod.yaml"),
      "utf8",
    );
    const webPod = injected(`${sidecarSet}\n---\n${pod}`).find((o) => o.kind === "Pod")!;
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], {
      stdin: asList([pinned(webPod, nodes.old, "web")]),
    });
    await cluster.kubectl(["wait", "-n", namespace, "--for=condition=Ready", "pod/web", "--timeout=60s"]);
    await cluster.kubectl(["delete", "pod", "web", "-n", namespace, "--timeout=60s"]);

    const output = podOutput(stateDirOf(nodes.old), namespace, "web");
    const app = output.filter((l) => l.container === "app").map((l) => l.text);
    expect(app).toEqual(["app: first line, the proxy is ready", "app: SIGTERM, exiting"]);
    const proxy = output.filter((l) => l.container === "proxy").map((l) => l.text);
    const at = (text: string) => proxy.findIndex((line) => line.includes(text));
    expect(at("proxy ready after"), proxy.join("\n")).toBeGreaterThanOrEqual(0);
    expect(at("app containers exited (app: exit 0)"), proxy.join("\n")).toBeGreaterThanOrEqual(0);
    expect(at("app containers exited (app: exit 0)")).toBeLessThan(at("proxy: SIGTERM, bye"));
    const timeOf = (container: string, text: string) =>
      output.find((l) => l.container === container && l.text.includes(text))!.timeMs;
    expect(timeOf("proxy", "proxy ready after")).toBeLessThanOrEqual(timeOf("app", "app: first line"));
  });
});
