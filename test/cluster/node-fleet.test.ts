/**
 * Two `podvisor node`s in one real control plane of their own (kube-apiserver, kube-scheduler,
 * kube-controller-manager whose node lifecycle controller is told to give up on a silent node
 * after 16 s instead of 50 s): a Deployment of 20 pods with a native sidecar runs on both, scales
 * down in podvisor's sidecar order and takes a sidecar image edited in place; `kubectl delete pod`
 * stops two sidecars in reverse order; the pods outlive an API server outage and their status
 * catches up; a node killed with SIGKILL goes NotReady as the node lifecycle controller decides.
 * Every wait is on a watch (or on the containers' own output), each bounded.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startControlPlane, type ControlPlane } from "./support/control-plane.js";
import { pollUntil } from "./support/poll-until.js";
import { watchPodSet } from "./support/pod-set.js";
import { podOutput, startPodvisorNode, type NodeProcess } from "./node-process.js";

interface ContainerStatus {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  state: {
    running?: { startedAt: string };
    terminated?: { exitCode: number; reason: string };
  };
}
interface PodObject {
  metadata: { name: string; uid: string };
  spec: { nodeName?: string };
  status: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}
interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface LeaseObject {
  spec: { renewTime: string };
}

/** The node lifecycle controller's grace for a silent node (upstream default 50 s). */
const nodeMonitorGracePeriodSeconds = 16;
const nodeNames = ["podvisor-fleet-a", "podvisor-fleet-b"] as const;
/** The node the SIGKILL test kills; the API server outage comes after, with the survivor alone. */
const [survivor, victim] = nodeNames;
let cluster: ControlPlane;
const nodes = new Map<string, { process: NodeProcess; stateDir: string }>();

beforeAll(async () => {
  cluster = await startControlPlane({
    controllerManager: true,
    scheduler: true,
    extraControllerManagerFlags: [
      "--node-monitor-period=1s",
      `--node-monitor-grace-period=${nodeMonitorGracePeriodSeconds}s`,
    ],
  });
  for (const nodeName of nodeNames) {
    const stateDir = mkdtempSync(join(tmpdir(), `podvisor-${nodeName}-`));
    const process = startPodvisorNode({ kubeconfig: cluster.connection.kubeconfigPath, nodeName, stateDir });
    nodes.set(nodeName, { process, stateDir });
  }
  for (const nodeName of nodeNames)
    await pollUntil(`${nodeName} to register a Ready node`, async () => {
      const result = await cluster.kubectlResult(["get", "node", nodeName, "-o", "json"]);
      if (result.exitCode !== 0) return undefined;
      const node = JSON.parse(result.stdout) as { status: { conditions: NodeCondition[] } };
      return node.status.conditions.some((c) => c.type === "Ready" && c.status === "True") ? true : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${allNodeOutput()}`);
    });
});

afterEach((context) => {
  if (context.task.result?.state === "fail") console.error(allNodeOutput());
});

afterAll(async () => {
  for (const { process } of nodes.values()) await process.stop();
  await cluster?.stop();
});

function allNodeOutput(): string {
  return [...nodes]
    .map(([name, node]) => `--- podvisor node ${name} ---\n${node.process.output()}`)
    .join("\n");
}

function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, "..", "fixtures", "manifests", name), "utf8");
}

/** `container: text` lines of a pod's containers, in time order, from the state directory of its node. */
function outputOf(namespace: string, pod: PodObject): string[] {
  const stateDir = nodes.get(pod.spec.nodeName ?? "")?.stateDir;
  if (!stateDir) throw new Error(`pod ${pod.metadata.name} is on an unknown node ${pod.spec.nodeName}`);
  return podOutput(stateDir, namespace, pod.metadata.name).map((l) => `${l.container}: ${l.text.trim()}`);
}

function isRunningAndReady(pod: PodObject): boolean {
  return (
    pod.status.phase === "Running" &&
    pod.status.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true
  );
}

function containerStatus(pod: PodObject | undefined, name: string): ContainerStatus | undefined {
  return [...(pod?.status.initContainerStatuses ?? []), ...(pod?.status.containerStatuses ?? [])].find(
    (s) => s.name === name,
  );
}

async function readyCondition(nodeName: string): Promise<NodeCondition | undefined> {
  const node = await cluster.getJson<{ status: { conditions: NodeCondition[] } }>(["node", nodeName]);
  return node.status.conditions.find((c) => c.type === "Ready");
}

async function leaseRenewTime(nodeName: string): Promise<string> {
  const lease = await cluster.getJson<LeaseObject>(["lease", nodeName, "-n", "kube-node-lease"]);
  return lease.spec.renewTime;
}

/**
 * The pods of the outage test, on the node that lives: `steady` (a ticker, and a container that
 * exits with 3 once the test leaves a file in a hostPath directory) and `calm`, always Ready.
 */
function outagePods(signalDir: string): Record<string, unknown> {
  const pod = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { nodeSelector: { "kubernetes.io/hostname": survivor }, ...spec },
  });
  const loop = (script: string) => ["sh", "-c", script];
  return {
    apiVersion: "v1",
    kind: "List",
    items: [
      pod("steady", {
        restartPolicy: "Never",
        volumes: [{ name: "signal", hostPath: { path: signalDir, type: "Directory" } }],
        containers: [
          {
            name: "ticker",
            image: "busybox:1.36",
            command: loop("while true; do echo tick; sleep 0.5; done"),
          },
          {
            name: "short",
            image: "busybox:1.36",
            command: loop('while [ ! -f /signal/exit-now ]; do sleep 0.2; done; echo "short exits"; exit 3'),
            volumeMounts: [{ name: "signal", mountPath: "/signal" }],
          },
        ],
      }),
      pod("calm", {
        containers: [{ name: "app", image: "busybox:1.36", command: loop("while true; do sleep 1; done") }],
      }),
    ],
  };
}

describe("podvisor node: two nodes, faults", () => {
  it("a Deployment of 20 pods with a native sidecar: all Ready on both nodes; scaled down in sidecar order; a sidecar image edited in place restarts only it", async () => {
    const namespace = await cluster.createNamespace("fleet");
    const pods = watchPodSet<PodObject>(cluster.connection, namespace);
    try {
      await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], {
        stdin: fixture("node-fleet-deployment.yaml"),
      });
      const running = await pods.until(
        "20 pods Running and Ready",
        (list) => (list.length === 20 && list.every(isRunningAndReady) ? list : undefined),
        120_000,
      );
      // The scheduler spreads a ReplicaSet's pods over the nodes (default PodTopologySpread).
      expect(new Set(running.map((pod) => pod.spec.nodeName))).toEqual(new Set(nodeNames));

      await cluster.kubectl(["scale", "-n", namespace, "deployment/fleet", "--replicas=4"]);
      const remaining = await pods.until("16 pods removed by the scale-down, 4 left", (list) =>
        list.length === 4 && pods.deleted().length === 16 && list.every(isRunningAndReady) ? list : undefined,
      );
      // Each removed pod: the app stopped first; its sidecar's stop signal came after the app had exited.
      for (const pod of pods.deleted()) {
        const ends = outputOf(namespace, pod).filter((line) => line.includes("TERM"));
        expect(ends, pod.metadata.name).toEqual([
          "app: app got TERM",
          "sidecar: sidecar got TERM after the app exited",
        ]);
      }

      // A16: the sidecar's image edited in place; only that container restarts, with the new image.
      const target = remaining[0]!;
      const appBefore = containerStatus(target, "app")!;
      await cluster.kubectl([
        ...["patch", "pod", target.metadata.name, "-n", namespace, "--type=json"],
        ...[
          "-p",
          JSON.stringify([{ op: "replace", path: "/spec/initContainers/0/image", value: "busybox:1.37" }]),
        ],
      ]);
      const edited = await pods.until("the sidecar to run busybox:1.37 and be ready again", (list) => {
        const pod = list.find((p) => p.metadata.name === target.metadata.name);
        const sidecar = containerStatus(pod, "sidecar");
        return sidecar?.image === "busybox:1.37" && sidecar.ready && sidecar.state.running ? pod : undefined;
      });
      expect(containerStatus(edited, "sidecar")?.restartCount).toBe(1);
      expect(containerStatus(edited, "app")).toMatchObject({
        restartCount: 0,
        state: { running: { startedAt: appBefore.state.running?.startedAt } },
      });
      expect(outputOf(namespace, edited)).toContain("sidecar: sidecar got TERM while the app runs");
      for (const other of remaining.slice(1))
        expect(containerStatus(other, "sidecar")?.restartCount, other.metadata.name).toBe(0);
    } finally {
      pods.stop();
    }
  });

  it("kubectl delete pod with a preStop hook and two sidecars: preStop, the app's exit, then the sidecars in reverse order", async () => {
    const namespace = await cluster.createNamespace("sidecars");
    const pods = watchPodSet<PodObject>(cluster.connection, namespace);
    try {
      await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], {
        stdin: fixture("node-delete-sidecars.yaml"),
      });
      const pod = await pods.until("the pod Running and Ready", (list) => list.find(isRunningAndReady));
      await cluster.kubectl(["delete", "pod", "two-sidecars", "-n", namespace, "--timeout=60s"]);
      await pods.until("the pod gone", () => (pods.deleted().length === 1 ? true : undefined));
      const ends = outputOf(namespace, pod).filter((line) => /prestop|TERM/.test(line));
      expect(ends).toEqual([
        "app: prestop hook ran",
        "app: app got TERM",
        "second: second got TERM after: app-exited",
        "first: first got TERM after: app-exited second-exited",
      ]);
    } finally {
      pods.stop();
    }
  });
  it("a node killed with SIGKILL: its Lease is no longer renewed and the node lifecycle controller marks it NotReady (Unknown)", async () => {
    const killed = nodes.get(victim)!.process;
    killed.child.kill("SIGKILL");
    await new Promise((resolve) => killed.child.once("exit", resolve));
    const killedAtMs = Date.now();
    const lastRenew = await leaseRenewTime(victim);

    await cluster.kubectl([
      ...["wait", `node/${victim}`, "--timeout=60s"],
      `--for=jsonpath={.status.conditions[?(@.type=="Ready")].status}=Unknown`,
    ]);
    const unknownAfterMs = Date.now() - killedAtMs;
    expect(await readyCondition(victim)).toMatchObject({
      status: "Unknown",
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
    });
    expect(await leaseRenewTime(victim)).toBe(lastRenew);
    // Not before the grace after the last renewal, not long after it either.
    expect(Date.now() - Date.parse(lastRenew)).toBeGreaterThanOrEqual(nodeMonitorGracePeriodSeconds * 1000);
    expect(unknownAfterMs).toBeLessThan((nodeMonitorGracePeriodSeconds + 15) * 1000);
    expect(await readyCondition(survivor)).toMatchObject({ status: "True", reason: "KubeletReady" });
  });

  it("the API server stopped for a while: the pods keep running, a container's exit during the outage reaches the API after", async () => {
    const namespace = await cluster.createNamespace("outage");
    const signalDir = mkdtempSync(join(tmpdir(), "podvisor-outage-"));
    const pods = watchPodSet<PodObject>(cluster.connection, namespace);
    let pod: PodObject;
    try {
      await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], {
        stdin: JSON.stringify(outagePods(signalDir)),
      });
      const running = await pods.until("both pods Running and Ready", (list) =>
        list.length === 2 && list.every(isRunningAndReady) ? list : undefined,
      );
      pod = running.find((p) => p.metadata.name === "steady")!;
    } finally {
      pods.stop();
    }
    const node = nodes.get(pod.spec.nodeName ?? "")!;

    await cluster.stopApiServer();
    const outageStartMs = Date.now();
    writeFileSync(join(signalDir, "exit-now"), "");
    await pollUntil("the container to exit on the node", () =>
      outputOf(namespace, pod).includes("short: short exits") ? true : undefined,
    );
    // The node tried to report the exit and could not: it will retry.
    await pollUntil("the node's failed status write", () =>
      node.process.output().includes(`pod ${namespace}/steady: API write failed; retrying`)
        ? true
        : undefined,
    );
    await cluster.startApiServer();
    const outageEndMs = Date.now();

    const after = watchPodSet<PodObject>(cluster.connection, namespace);
    try {
      const caughtUp = await after.until(
        "the exit during the outage to show in the API",
        (list) => {
          const current = list.find((p) => p.metadata.name === "steady");
          return containerStatus(current, "short")?.state.terminated ? current : undefined;
        },
        30_000,
      );
      expect(containerStatus(caughtUp, "short")?.state.terminated).toMatchObject({
        exitCode: 3,
        reason: "Error",
      });
      expect(containerStatus(caughtUp, "ticker")).toMatchObject({ restartCount: 0, ready: true });
      expect(caughtUp.status.phase).toBe("Running");

      // Whatever the node lifecycle controller concluded from the silence (it may well mark the
      // node's pods NotReady as it catches up, MarkPodsNotReady), the node writes its own Ready
      // back (kubelet status manager needsReconcile). Done here by hand too, so that every run
      // checks it.
      const calm = await after.until(
        "calm Ready in the API",
        (list) => list.find((p) => p.metadata.name === "calm" && isRunningAndReady(p)),
        30_000,
      );
      const readyIndex = calm.status.conditions!.findIndex((c) => c.type === "Ready");
      // Waiting from before the patch: the node may answer it before kubectl has even exited.
      const markedNotReady = after.until("calm marked NotReady by hand", (list) =>
        list.find((p) => p.metadata.name === "calm" && !isRunningAndReady(p)),
      );
      await cluster.kubectl([
        ...["patch", "pod", "calm", "-n", namespace, "--subresource=status", "--type=json", "-p"],
        JSON.stringify([{ op: "replace", path: `/status/conditions/${readyIndex}/status`, value: "False" }]),
      ]);
      await markedNotReady;
      await after.until(
        "calm Ready again",
        (list) => list.find((p) => p.metadata.name === "calm" && isRunningAndReady(p)),
        30_000,
      );
    } finally {
      after.stop();
    }
    // The ticker kept ticking through the outage: nothing on the node waited for the API server.
    const ticks = podOutput(node.stateDir, namespace, "steady").filter(
      (l) => l.container === "ticker" && l.timeMs > outageStartMs && l.timeMs < outageEndMs,
    );
    expect(ticks.length).toBeGreaterThanOrEqual(Math.floor((outageEndMs - outageStartMs) / 1000));

    // The node renews its Lease again within seconds and is Ready: whatever the node lifecycle
    // controller concluded from the silence (it may well mark the node Unknown as it catches up),
    // a kubelet sets its Ready condition back on its next status update.
    await pollUntil(
      "the Lease renewed after the outage",
      async () => (Date.parse(await leaseRenewTime(survivor)) > outageEndMs ? true : undefined),
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    await cluster.kubectl(["wait", "--for=condition=Ready", `node/${survivor}`, "--timeout=30s"]);
  });
});
