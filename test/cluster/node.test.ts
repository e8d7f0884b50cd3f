/**
 * `podvisor node` joins a real control plane (its own: kube-apiserver, kube-scheduler,
 * kube-controller-manager — a Ready node in the shared one would take the pods other test files
 * expect to stay Pending) and runs the pods the scheduler binds to it: it registers a Ready Node
 * with its Lease, a native-sidecar Job completes through the kubelet's phases, `kubectl delete
 * pod` runs the ordered termination, and SIGTERM leaves the node NotReady.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { installSidecarSetCrds } from "./support/sidecarset-crds.js";
import { startController } from "./controller-process.js";
import { repoRoot } from "./support/control-plane-binaries.js";
import { startControlPlane, type ControlPlane } from "./support/control-plane.js";
import { pollUntil } from "./support/poll-until.js";
import { podOutput, startPodvisorNode, type NodeProcess } from "./node-process.js";
import { cliPath } from "./webhook-process.js";

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface NodeObject {
  metadata: { name: string; uid: string; labels: Record<string, string> };
  status: {
    conditions: Condition[];
    addresses: { type: string; address: string }[];
    nodeInfo: Record<string, string>;
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
  };
}
interface PodObject {
  metadata: { name: string; uid: string };
  spec: { nodeName?: string };
  status: { phase?: string; reason?: string; message?: string };
}

const nodeName = "podvisor-test-node";
let cluster: ControlPlane;
let node: NodeProcess;
let stateDir: string;

beforeAll(async () => {
  cluster = await startControlPlane({ controllerManager: true, scheduler: true });
  stateDir = mkdtempSync(join(tmpdir(), "podvisor-node-state-"));
  node = startPodvisorNode({
    kubeconfig: cluster.connection.kubeconfigPath,
    nodeName,
    stateDir,
    clientCaFile: cluster.pki.caCertPath,
    syncFrequency: "2s",
  });
  await pollUntil("podvisor node to register a Ready node", async () => {
    const result = await cluster.kubectlResult(["get", "node", nodeName, "-o", "json"]);
    if (result.exitCode !== 0) return undefined;
    const ready = (JSON.parse(result.stdout) as NodeObject).status.conditions.find((c) => c.type === "Ready");
    return ready?.status === "True" ? true : undefined;
  }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\npodvisor node output:\n${node.output()}`);
  });
});

afterEach((context) => {
  if (context.task.result?.state === "fail") console.error(`podvisor node output:\n${node.output()}`);
});

afterAll(async () => {
  await node?.stop();
  await cluster?.stop();
});

/** `kubectl get pods -w` output lines (NAME READY STATUS ...) until `until` matches a line. */
function watchPodRows(namespace: string, until: RegExp): { rows: Promise<string[]> } {
  const child = spawn(
    "/usr/bin/kubectl",
    ["--kubeconfig", cluster.connection.kubeconfigPath, "get", "pods", "-n", namespace, "-w", "--no-headers"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const rows: string[] = [];
  const done = new Promise<string[]>((resolve) => {
    const timer = setTimeout(() => child.kill(), 90_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      rows.push(line);
      if (until.test(line)) child.kill();
    });
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(rows);
    });
  });
  return { rows: done };
}

describe("podvisor node", () => {
  it("registers a Ready Node with the kubelet's labels, nodeInfo and addresses, and renews its Lease", async () => {
    const nodeObject = await cluster.getJson<NodeObject>(["node", nodeName]);
    expect(nodeObject.metadata.labels).toMatchObject({
      "kubernetes.io/hostname": nodeName,
      "kubernetes.io/os": "linux",
    });
    expect(nodeObject.metadata.labels["kubernetes.io/arch"]).toMatch(/^(amd64|arm64)$/);
    expect(nodeObject.status.nodeInfo.kubeletVersion).toBe("v1.36.3");
    expect(nodeObject.status.nodeInfo.containerRuntimeVersion).toBe("podvisor://0.1.0");
    expect(nodeObject.status.addresses).toContainEqual({ type: "InternalIP", address: "127.0.0.1" });
    expect(Number(nodeObject.status.capacity.cpu)).toBeGreaterThan(0);
    expect(nodeObject.status.allocatable.pods).toBe("110");
    expect(nodeObject.status.conditions.find((c) => c.type === "Ready")).toMatchObject({
      status: "True",
      reason: "KubeletReady",
    });

    const lease = await cluster.getJson<{
      spec: { holderIdentity: string; leaseDurationSeconds: number; renewTime: string };
      metadata: { ownerReferences: { kind: string; uid: string }[] };
    }>(["lease", nodeName, "-n", "kube-node-lease"]);
    expect(lease.spec).toMatchObject({ holderIdentity: nodeName, leaseDurationSeconds: 40 });
    expect(lease.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: "Node", uid: nodeObject.metadata.uid }),
    ]);
    const firstRenew = lease.spec.renewTime;
    await pollUntil(
      "the Lease to be renewed",
      async () => {
        const now = await cluster.getJson<{ spec: { renewTime: string } }>([
          "lease",
          nodeName,
          "-n",
          "kube-node-lease",
        ]);
        return now.spec.renewTime !== firstRenew ? true : undefined;
      },
      { timeoutMs: 25_000, intervalMs: 1000 },
    );
  });

  it("runs examples/job-with-log-sidecar.yaml to completion through the native-sidecar Job phases", async () => {
    const namespace = await cluster.createNamespace("job");
    const watch = watchPodRows(namespace, /\bCompleted\b/);
    await cluster.kubectl([
      "apply",
      "-n",
      namespace,
      "-f",
      join(repoRoot, "examples", "job-with-log-sidecar.yaml"),
    ]);
    await cluster.kubectl([
      "wait",
      "-n",
      namespace,
      "--for=condition=Complete",
      "job/report",
      "--timeout=90s",
    ]);
    const statuses = (await watch.rows).map((row) => row.trim().split(/\s+/)[2] ?? "");
    const order = ["Pending", "Init:0/1", "PodInitializing", "Running", "NotReady", "Completed"];
    // Every row shows a state of the Job pod's life, never going back; it ends Completed.
    const ranks = statuses.map((status) => order.indexOf(status));
    expect(ranks, statuses.join(" → ")).not.toContain(-1);
    expect(ranks, statuses.join(" → ")).toEqual([...ranks].sort((a, b) => a - b));
    expect(statuses).toContain("Running");
    expect(statuses.at(-1)).toBe("Completed");

    const pods = await cluster.getJson<{ items: PodObject[] }>(["pods", "-n", namespace]);
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0]!.spec.nodeName).toBe(nodeName);
    expect(pods.items[0]!.status.phase).toBe("Succeeded");
    const output = podOutput(stateDir, namespace, pods.items[0]!.metadata.name);
    expect(output.filter((l) => l.container === "worker").map((l) => l.text)).toContain("all tasks done");
    expect(output.filter((l) => l.container === "log-shipper").map((l) => l.text)).toContain(
      "shipped 5 lines, bye",
    );

    const events = await cluster.getJson<{
      items: {
        reason: string;
        source: { component: string; host: string };
        involvedObject: { uid: string };
      }[];
    }>(["events", "-n", namespace, "--field-selector", "involvedObject.kind=Pod"]);
    const kubeletEvents = events.items.filter((e) => e.source.component === "kubelet");
    expect(kubeletEvents.map((e) => e.reason)).toEqual(
      expect.arrayContaining(["Created", "Started", "Killing"]),
    );
    expect(
      kubeletEvents.every(
        (e) => e.source.host === nodeName && e.involvedObject.uid === pods.items[0]!.metadata.uid,
      ),
    ).toBe(true);
    // kubectl logs, through the API server to the node's kubelet API, for both containers.
    const podName = pods.items[0]!.metadata.name;
    const logs = (...args: string[]) => cluster.kubectl(["logs", "-n", namespace, podName, ...args]);
    expect(await logs("-c", "worker")).toBe(
      [1, 2, 3, 4, 5].map((n) => `task ${n} of 5 done\n`).join("") + "all tasks done\n",
    );
    expect(await logs("-c", "log-shipper")).toContain("shipped 5 lines, bye\n");
    expect(await logs("-c", "worker", "--tail=1")).toBe("all tasks done\n");
    expect(await logs("-c", "worker", "--since=1h", "--tail=2", "--timestamps")).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z task 5 of 5 done\n\S+ all tasks done\n$/,
    );
    // A finished pod deleted later (by hand here; a Job's TTL or cascade alike) is removed at once.
    await cluster.kubectl(["delete", "pod", pods.items[0]!.metadata.name, "-n", namespace, "--timeout=30s"]);
  });

  it("kubectl logs --previous reads the instance before a restart; -f follows the current one until it ends", async () => {
    const namespace = await cluster.createNamespace("logs");
    const manifest = [
      "apiVersion: v1",
      "kind: Pod",
      "metadata: {name: twice}",
      "spec:",
      "  restartPolicy: OnFailure",
      "  volumes: [{name: state, emptyDir: {}}]",
      "  containers:",
      "    - name: app",
      "      image: busybox:1.36",
      "      volumeMounts: [{name: state, mountPath: /state}]",
      "      command:",
      "        - sh",
      "        - -c",
      "        - |",
      "          if [ -f /state/ran ]; then",
      '            for i in 1 2 3 4 5; do echo "second run line $i"; sleep 1; done',
      "          else",
      '            touch /state/ran; echo "first run, failing"; exit 1',
      "          fi",
    ].join("\n");
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
    await pollUntil(
      "the container to run a second time",
      async () => {
        const pod = await cluster.getJson<{
          status: { containerStatuses?: { restartCount: number; state: { running?: object } }[] };
        }>(["pod", "twice", "-n", namespace]);
        const status = pod.status.containerStatuses?.[0];
        return status?.restartCount === 1 && status.state.running ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    // -f ends by itself when the container does (about 5 s), with every line it wrote.
    const followed = await cluster.kubectl(["logs", "-n", namespace, "twice", "-f"]);
    expect(followed).toBe([1, 2, 3, 4, 5].map((n) => `second run line ${n}\n`).join(""));
    expect(await cluster.kubectl(["logs", "-n", namespace, "twice", "--previous"])).toBe(
      "first run, failing\n",
    );
    const missing = await cluster.kubectlResult(["logs", "-n", namespace, "twice", "-c", "nope"]);
    expect(missing.stderr).toContain("container nope is not valid for pod twice");
  });

  it("a condition another writer sets (SidecarSetUpgradable) survives the node's later status writes, as with the kubelet's strategic merge patch", async () => {
    const namespace = await cluster.createNamespace("foreign-condition");
    const manifest = [
      "apiVersion: v1",
      "kind: Pod",
      "metadata: {name: short}",
      "spec:",
      "  restartPolicy: Never",
      "  containers:",
      "    - {name: app, image: busybox:1.36, command: [sh, -c, 'sleep 6']}",
    ].join("\n");
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
    type Conditions = { status: { phase?: string; conditions?: Condition[] } };
    const readyOf = (pod: Conditions) => pod.status.conditions?.find((c) => c.type === "Ready")?.status;
    await pollUntil(
      "the pod to be Ready",
      async () =>
        readyOf(await cluster.getJson<Conditions>(["pod", "short", "-n", namespace])) === "True" || undefined,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const upgradable = { type: "SidecarSetUpgradable", status: "True", reason: "AllSidecarsetUpgradable" };
    await cluster.kubectl([
      ...["patch", "pod", "short", "-n", namespace, "--subresource=status", "--type=strategic"],
      ...["-p", JSON.stringify({ status: { conditions: [upgradable] } })],
    ]);
    // The container ends: the node writes phase Succeeded and its conditions False.
    const done = await pollUntil(
      "the pod to succeed",
      async () => {
        const pod = await cluster.getJson<Conditions>(["pod", "short", "-n", namespace]);
        return pod.status.phase === "Succeeded" && readyOf(pod) === "False" ? pod : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(done.status.conditions).toContainEqual(expect.objectContaining(upgradable));
  });

  it("a pod with a readiness gate is Ready only once another writer sets the gate's condition True (D14)", async () => {
    const namespace = await cluster.createNamespace("readiness-gate");
    const manifest = [
      "apiVersion: v1",
      "kind: Pod",
      "metadata: {name: gated}",
      "spec:",
      "  readinessGates: [{conditionType: example.com/feature-ready}]",
      "  containers:",
      "    - {name: app, image: busybox:1.36, command: [sleep, '600']}",
    ].join("\n");
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
    type Conditions = { status: { conditions?: Condition[] } };
    const readyOf = async () =>
      (await cluster.getJson<Conditions>(["pod", "gated", "-n", namespace])).status.conditions?.find(
        (c) => c.type === "Ready",
      );
    const waiting = await pollUntil(
      "the pod's containers to be ready, the gate not",
      async () => {
        const ready = await readyOf();
        return ready?.reason === "ReadinessGatesNotReady" ? ready : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(waiting).toMatchObject({ status: "False" });
    await cluster.kubectl([
      ...["patch", "pod", "gated", "-n", namespace, "--subresource=status", "--type=strategic"],
      ...[
        "-p",
        JSON.stringify({ status: { conditions: [{ type: "example.com/feature-ready", status: "True" }] } }),
      ],
    ]);
    await pollUntil(
      "the pod to be Ready",
      async () => ((await readyOf())?.status === "True" ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    await cluster.kubectl(["delete", "pod", "gated", "-n", namespace, "--wait=false"]);
  });

  it("issue 14 on real pods: podvisor controller rolls a native sidecar's new image out over pods this node runs; the node restarts only the sidecar, the app keeps running", async () => {
    const namespace = await cluster.createNamespace("rollout");
    const podvisor = (args: string[]) =>
      execFileSync(process.execPath, [cliPath, ...args], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    await installSidecarSetCrds(cluster);
    const loop = (word: string) => [
      "sh",
      "-c",
      `trap 'exit 0' TERM; echo ${word}; while :; do sleep 1 & wait $!; done`,
    ];
    const set = {
      apiVersion: "apps.kruise.io/v1beta1",
      kind: "SidecarSet",
      metadata: { name: "mesh", labels: { "podvisor-node-test": "rollout" } },
      spec: {
        selector: { matchLabels: { app: "shop" } },
        initContainers: [
          { name: "mesh", image: "busybox:1.36", restartPolicy: "Always", command: loop("mesh") },
        ],
        updateStrategy: { type: "RollingUpdate", maxUnavailable: 1 },
      },
    };
    const pods = [0, 1].map((i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `shop-${i}`, namespace, labels: { app: "shop" } },
      spec: {
        nodeName,
        terminationGracePeriodSeconds: 5,
        containers: [{ name: "app", image: "busybox:1.36", command: loop("app") }],
      },
    }));
    await cluster.kubectl(["create", "-f", "-"], { stdin: JSON.stringify(set) });
    const file = join(stateDir, "rollout-input.json");
    writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: [set, ...pods] }));
    await cluster.kubectl(["create", "-f", "-"], { stdin: podvisor(["inject", "-f", file, "-o", "json"]) });
    const leases = await cluster.createNamespace("rollout-leases");
    const controller = await startController({
      kubeconfig: cluster.connection.kubeconfigPath,
      leaseNamespace: leases,
      leaseName: "node-test-rollout",
      sidecarSetSelector: "podvisor-node-test=rollout",
    });
    try {
      type SetStatus = { metadata: { generation: number }; status?: Record<string, number> };
      const rolledOut = (generation: number) =>
        pollUntil(
          `SidecarSet mesh generation ${generation}: 2 pods updated and ready`,
          async () => {
            const got = await cluster.getJson<SetStatus>(["sidecarsets.apps.kruise.io", "mesh"]);
            const s = got.status ?? {};
            return s.observedGeneration === generation && s.updatedReadyPods === 2 && s.readyPods === 2
              ? got
              : undefined;
          },
          { timeoutMs: 90_000, intervalMs: 250 },
        );
      await rolledOut(1);
      await cluster.kubectl([
        ...["patch", "sidecarsets.apps.kruise.io", "mesh", "--type", "json", "-p"],
        JSON.stringify([{ op: "replace", path: "/spec/initContainers/0/image", value: "busybox:1.37" }]),
      ]);
      await rolledOut(2);
      type Status = { name: string; image: string; restartCount: number; ready: boolean };
      const list = await cluster.getJson<{
        items: { status: { initContainerStatuses?: Status[]; containerStatuses?: Status[] } }[];
      }>(["pods", "-n", namespace]);
      for (const pod of list.items) {
        expect(pod.status.initContainerStatuses?.find((c) => c.name === "mesh")).toMatchObject({
          image: "busybox:1.37",
          restartCount: 1,
          ready: true,
        });
        expect(pod.status.containerStatuses?.find((c) => c.name === "app")).toMatchObject({
          restartCount: 0,
          ready: true,
        });
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\ncontroller output:\n${controller.output()}`);
    } finally {
      await controller.kill("SIGTERM");
      await cluster.kubectl(["delete", "pods", "--all", "-n", namespace, "--wait=true", "--timeout=60s"]);
    }
  });

  it("kubectl exec is answered with podvisor's 501 (not implemented), not a hang", async () => {
    const namespace = await cluster.createNamespace("exec");
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], {
      stdin:
        "# flow-style YAML (not JSON)\n{apiVersion: v1, kind: Pod, metadata: {name: sleeper}, spec: {containers: [{name: app, image: busybox:1.36, command: [sleep, '300']}]}}",
    });
    await cluster.kubectl(["wait", "-n", namespace, "--for=condition=Ready", "pod/sleeper", "--timeout=60s"]);
    const exec = await cluster.kubectlResult(["exec", "-n", namespace, "sleeper", "--", "true"]);
    expect(exec.exitCode).not.toBe(0);
    expect(exec.stderr).toContain("podvisor node does not serve exec");
    await cluster.kubectl(["delete", "pod", "sleeper", "-n", namespace, "--grace-period=1", "--timeout=30s"]);
  });

  it("an updated ConfigMap changes the file in the running container (configMap volume refreshed in place)", async () => {
    const namespace = await cluster.createNamespace("config");
    const manifest = [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata: {name: settings}",
      "data: {greeting: hello}",
      "---",
      "apiVersion: v1",
      "kind: Pod",
      "metadata: {name: reader}",
      "spec:",
      "  terminationGracePeriodSeconds: 1",
      "  volumes: [{name: conf, configMap: {name: settings}}]",
      "  containers:",
      "    - name: app",
      "      image: busybox:1.36",
      "      volumeMounts: [{name: conf, mountPath: /conf}]",
      "      env: [{name: AT_START, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}]",
      '      command: [sh, -c, \'echo "env $AT_START"; while true; do echo "file $(cat /conf/greeting)"; sleep 0.5; done\']',
    ].join("\n");
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
    await cluster.kubectl(["wait", "-n", namespace, "--for=condition=Ready", "pod/reader", "--timeout=60s"]);
    await cluster.kubectl([
      "patch",
      "configmap",
      "settings",
      "-n",
      namespace,
      "-p",
      '{"data":{"greeting":"bonjour"}}',
    ]);
    const logs = await pollUntil(
      "the container to read the new value",
      async () => {
        const out = await cluster.kubectl(["logs", "-n", namespace, "reader"]);
        return out.includes("file bonjour") ? out : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    // The file changed in place; the environment is read once, at the container's start (as upstream).
    expect(logs).toMatch(/^env hello\nfile hello\n/);
    expect(logs.trim().split("\n").at(-1)).toBe("file bonjour");
    await cluster.kubectl(["delete", "pod", "reader", "-n", namespace, "--timeout=30s"]);
  });

  it("kubectl delete pod: preStop first, then the app's stop signal, the sidecar last; then the pod is gone", async () => {
    const namespace = await cluster.createNamespace("delete");
    const manifest = readFileSync(
      join(import.meta.dirname, "..", "fixtures", "manifests", "node-delete-order.yaml"),
      "utf8",
    );
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
    await cluster.kubectl(["wait", "-n", namespace, "--for=condition=Ready", "pod/ordered", "--timeout=60s"]);
    await cluster.kubectl(["delete", "pod", "ordered", "-n", namespace, "--timeout=60s"]);
    const gone = await cluster.kubectlResult(["get", "pod", "ordered", "-n", namespace]);
    expect(gone.stderr).toContain("NotFound");
    const texts = podOutput(stateDir, namespace, "ordered").map((l) => `${l.container}: ${l.text}`);
    const ends = texts.filter((t) => /prestop|TERM/.test(t));
    expect(ends).toEqual(["app: prestop hook ran", "app: app got TERM", "proxy: proxy got TERM"]);
  });

  it("a pod podvisor cannot run faithfully is rejected: phase Failed, reason and message, a Warning event", async () => {
    const namespace = await cluster.createNamespace("reject");
    const manifest = [
      "apiVersion: v1",
      "kind: Pod",
      "metadata: {name: nfs-user}",
      "spec:",
      "  containers: [{name: app, image: busybox, command: [sh, -c, 'sleep 1']}]",
      "  volumes: [{name: data, nfs: {server: 127.0.0.1, path: /exports}}]",
    ].join("\n");
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
    const pod = await pollUntil("the node to reject the pod", async () => {
      const current = await cluster.getJson<PodObject>(["pod", "nfs-user", "-n", namespace]);
      return current.status.phase === "Failed" ? current : undefined;
    });
    expect(pod.status.reason).toBe("UnsupportedPodSpec");
    expect(pod.status.message).toMatch(/^Pod was rejected: .*spec\.volumes\[0\]\.nfs/);
    const events = await cluster.kubectl([
      "get",
      "events",
      "-n",
      namespace,
      "-o",
      'jsonpath={range .items[*]}{.type} {.reason}{"\\n"}{end}',
    ]);
    expect(events).toContain("Warning UnsupportedPodSpec");
  });

  it("A15: after podvisor node is SIGKILLed and started again, an Always pod restarts (restartCount + 1), a Never pod ends Failed", async () => {
    const namespace = await cluster.createNamespace("restart");
    const podManifest = (name: string, restartPolicy: string) =>
      `# flow-style YAML (not JSON)\n{apiVersion: v1, kind: Pod, metadata: {name: ${name}}, spec: {restartPolicy: ${restartPolicy}, terminationGracePeriodSeconds: 1, containers: [{name: app, image: busybox:1.36, command: [sleep, '300']}]}}`;
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: podManifest("always", "Always") });
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: podManifest("never", "Never") });
    for (const name of ["always", "never"])
      await cluster.kubectl([
        "wait",
        "-n",
        namespace,
        "--for=condition=Ready",
        `pod/${name}`,
        "--timeout=60s",
      ]);

    node.child.kill("SIGKILL");
    await node.stop();
    node = startPodvisorNode({
      kubeconfig: cluster.connection.kubeconfigPath,
      nodeName,
      stateDir,
      clientCaFile: cluster.pki.caCertPath,
    });

    interface RestartedPod {
      status: {
        phase: string;
        containerStatuses: {
          restartCount: number;
          state: { running?: object; terminated?: { exitCode: number; reason: string } };
          lastState: { terminated?: { exitCode: number; reason: string } };
        }[];
      };
    }
    const always = await pollUntil(
      "the Always pod to run again",
      async () => {
        const pod = await cluster.getJson<RestartedPod>(["pod", "always", "-n", namespace]);
        const status = pod.status.containerStatuses[0];
        return status?.restartCount === 1 && status.state.running ? status : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(always.lastState.terminated).toMatchObject({ exitCode: 137, reason: "ContainerStatusUnknown" });
    const never = await pollUntil(
      "the Never pod to end",
      async () => {
        const pod = await cluster.getJson<RestartedPod>(["pod", "never", "-n", namespace]);
        return pod.status.phase === "Failed" ? pod : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(never.status.containerStatuses[0]).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 137, reason: "ContainerStatusUnknown" } },
    });
    const reasons = await cluster.kubectl([
      ...["get", "events", "-n", namespace, "--field-selector", "involvedObject.name=always"],
      ...["-o", "jsonpath={.items[*].reason}"],
    ]);
    expect(reasons).toContain("SandboxChanged");
    await cluster.kubectl(["delete", "pod", "always", "never", "-n", namespace, "--timeout=60s"]);
  });

  it("SIGTERM terminates the node's pods gracefully and leaves the node NotReady", async () => {
    const namespace = await cluster.createNamespace("shutdown");
    const manifest = readFileSync(
      join(import.meta.dirname, "..", "fixtures", "manifests", "node-delete-order.yaml"),
      "utf8",
    );
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
    await cluster.kubectl(["wait", "-n", namespace, "--for=condition=Ready", "pod/ordered", "--timeout=60s"]);
    expect(await node.stop()).toBe(0);
    const texts = podOutput(stateDir, namespace, "ordered").map((l) => `${l.container}: ${l.text}`);
    expect(texts.filter((t) => /prestop|TERM/.test(t))).toEqual([
      "app: prestop hook ran",
      "app: app got TERM",
      "proxy: proxy got TERM",
    ]);
    const nodeObject = await cluster.getJson<NodeObject>(["node", nodeName]);
    expect(nodeObject.status.conditions.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "KubeletNotReady",
      message: "node is shutting down",
    });
  });
});
