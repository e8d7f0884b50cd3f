/**
 * The control plane the cluster tests run against is a real one: the API server stores and serves
 * what kubectl applies, the controller manager's Job and Deployment controllers create pods, the
 * scheduler reports that it has nowhere to put them, and stopping it leaves no process behind.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/control-plane-binaries.js";
import { startComponent } from "./support/component-process.js";
import { startControlPlane } from "./support/control-plane.js";
import { listeningAddresses } from "./support/listening-addresses.js";
import { pollUntil } from "./support/poll-until.js";
import { waitUntilHealthy } from "./support/wait-until-healthy.js";
import { useSharedControlPlane } from "./support/shared-control-plane.js";

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}
interface ObjectMeta {
  name: string;
  uid: string;
  labels?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}
interface PodList {
  items: { metadata: ObjectMeta; spec: { nodeName?: string }; status: { phase: string } }[];
}

const cluster = useSharedControlPlane();

/** Running or sleeping; a zombie (dead, not yet reaped by whoever inherited it) counts as gone. */
function isProcessAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("the API server", () => {
  it("stores a ConfigMap applied with kubectl and serves it back", async () => {
    const namespace = await cluster.createNamespace("configmap");
    const manifest = [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: settings",
      "data:",
      "  greeting: hello from podvisor",
    ].join("\n");
    const applied = await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
    expect(applied.trim()).toBe("configmap/settings created");

    const configMap = await cluster.getJson<{ data: Record<string, string> }>([
      "configmap",
      "settings",
      "-n",
      namespace,
    ]);
    expect(configMap.data).toEqual({ greeting: "hello from podvisor" });
  });

  it("knows the admin by client certificate and by bearer token, both in system:masters", async () => {
    interface SelfSubjectReview {
      status: { userInfo: { username: string; groups: string[] } };
    }
    const byCertificate = JSON.parse(
      await cluster.kubectl(["auth", "whoami", "-o", "json"]),
    ) as SelfSubjectReview;
    expect(byCertificate.status.userInfo).toMatchObject({ username: "kubernetes-admin" });
    expect(byCertificate.status.userInfo.groups).toContain("system:masters");

    const { server, caCertPath, adminToken } = cluster.connection;
    const byToken = JSON.parse(
      await cluster.kubectl([
        ...["auth", "whoami", "-o", "json", "--kubeconfig=/dev/null", `--server=${server}`],
        ...[`--certificate-authority=${caCertPath}`, `--token=${adminToken}`],
      ]),
    ) as SelfSubjectReview;
    expect(byToken.status.userInfo).toMatchObject({ username: "token-admin" });
    expect(byToken.status.userInfo.groups).toContain("system:masters");
  });

  it("reports the pinned release at /version", async () => {
    const version = JSON.parse(await cluster.kubectl(["get", "--raw", "/version"])) as Record<string, string>;
    expect(version.gitVersion).toBe(cluster.connection.kubeVersion);
    expect(version.gitVersion).toBe("v1.36.3");
    expect(`${version.major}.${version.minor}`).toBe("1.36");
  });
});

describe("the controller manager", () => {
  it("creates a Job's pod, owned by the Job; with no nodes it stays Pending", async () => {
    const namespace = await cluster.createNamespace("job");
    await cluster.kubectl(["create", "job", "report", "-n", namespace, "--image=busybox", "--", "true"]);
    const job = await cluster.getJson<{ metadata: ObjectMeta }>(["job", "report", "-n", namespace]);

    const pods = await pollUntil("the Job controller to create a pod", async () => {
      const list = await cluster.getJson<PodList>([
        "pods",
        "-n",
        namespace,
        "-l",
        "batch.kubernetes.io/job-name=report",
      ]);
      return list.items.length > 0 ? list.items : undefined;
    });
    expect(pods).toHaveLength(1);
    const [pod] = pods;
    expect(pod!.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        apiVersion: "batch/v1",
        kind: "Job",
        name: "report",
        uid: job.metadata.uid,
        controller: true,
      }),
    ]);
    expect(pod!.status.phase).toBe("Pending");
    expect(pod!.spec.nodeName).toBeUndefined();
  });

  it("rolls a Deployment out into a ReplicaSet and its pods", async () => {
    const namespace = await cluster.createNamespace("deployment");
    await cluster.kubectl(["create", "deployment", "web", "-n", namespace, "--image=nginx", "--replicas=2"]);
    const deployment = await cluster.getJson<{ metadata: ObjectMeta }>([
      "deployment",
      "web",
      "-n",
      namespace,
    ]);

    const replicaSet = await pollUntil("the Deployment controller to create a ReplicaSet", async () => {
      const list = await cluster.getJson<{ items: { metadata: ObjectMeta }[] }>([
        "replicasets",
        "-n",
        namespace,
      ]);
      return list.items[0];
    });
    expect(replicaSet.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: "Deployment",
        name: "web",
        uid: deployment.metadata.uid,
        controller: true,
      }),
    ]);

    const pods = await pollUntil("the ReplicaSet controller to create two pods", async () => {
      const list = await cluster.getJson<PodList>(["pods", "-n", namespace, "-l", "app=web"]);
      return list.items.length === 2 ? list.items : undefined;
    });
    for (const pod of pods) {
      expect(pod.metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: "ReplicaSet", name: replicaSet.metadata.name, controller: true }),
      ]);
    }
  });
});

describe("the scheduler", () => {
  it("records FailedScheduling for a pod when the cluster has no nodes", async () => {
    const namespace = await cluster.createNamespace("scheduler");
    await cluster.kubectl(["run", "lonely", "-n", namespace, "--image=busybox", "--restart=Never"]);

    const event = await pollUntil("a FailedScheduling event for pod/lonely", async () => {
      const events = await cluster.getJson<{ items: { reason: string; message: string; type: string }[] }>([
        "events",
        "-n",
        namespace,
        "--field-selector",
        "involvedObject.kind=Pod,involvedObject.name=lonely,reason=FailedScheduling",
      ]);
      return events.items[0];
    });
    expect(event.type).toBe("Warning");
    // pkg/scheduler/scheduler.go ErrNoNodesAvailable: with no Node objects at all the scheduler
    // says so instead of "0/N nodes are available: ...".
    expect(event.message).toContain("no nodes available to schedule pods");
  });
});

describe("the harness", () => {
  it("runs every component on 127.0.0.1 only", () => {
    const components = cluster.connection.components;
    expect(components.map((component) => component.name)).toEqual([
      "etcd",
      "kube-apiserver",
      "kube-controller-manager",
      "kube-scheduler",
    ]);
    for (const component of components) {
      const addresses = listeningAddresses(component.pid);
      expect(addresses.length, `${component.name} listens somewhere`).toBeGreaterThan(0);
      expect(
        addresses.filter((address) => !address.startsWith("127.0.0.1:")),
        component.name,
      ).toEqual([]);
    }
    expect(listeningAddresses(components[1]!.pid)).toContain(
      cluster.connection.server.replace("https://", ""),
    );
  });

  it("fails a start at once when a component exits, quoting its exit and its log", async () => {
    const dir = mkdtempSync(join(tmpdir(), "podvisor-harness-"));
    const logPath = join(dir, "etcd.log");
    const crashing = startComponent(
      "etcd",
      "/bin/sh",
      ["-c", "echo 'listen tcp: address already in use'; exit 3"],
      logPath,
    );
    await expect(waitUntilHealthy(crashing, { url: "http://127.0.0.1:1/health" }, 60_000)).rejects.toThrow(
      /etcd exited \(code 3, signal null\) before http:\/\/127\.0\.0\.1:1\/health answered 200.*\n.*address already in use/s,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves no component process behind after stop()", async () => {
    const controlPlane = await startControlPlane({ controllerManager: true, scheduler: true });
    const pids = controlPlane.processes.map((component) => component.pid);
    expect(controlPlane.processes.map((component) => component.name)).toEqual([
      "etcd",
      "kube-apiserver",
      "kube-controller-manager",
      "kube-scheduler",
    ]);
    expect(pids.filter(isProcessAlive)).toEqual(pids);

    await controlPlane.stop();
    expect(pids.filter(isProcessAlive)).toEqual([]);
  });

  it("leaves no component process behind when the test process is killed", async () => {
    // The harness in a process of its own, killed the hard way: no teardown, no exit handler runs.
    const viteNode = join(repoRoot, "node_modules", "vite-node", "vite-node.mjs");
    const program = join(repoRoot, "test", "cluster", "support", "start-etcd-then-wait.ts");
    const harness = spawn(process.execPath, [viteNode, program], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = once(harness, "exit");
    const [line] = (await once(createInterface({ input: harness.stdout }), "line")) as [string];
    const { pid, runDir } = JSON.parse(line) as { pid: number; runDir: string };
    expect(isProcessAlive(pid)).toBe(true);

    harness.kill("SIGKILL");
    await exited;
    await pollUntil(
      `etcd (pid ${pid}) to die with its parent`,
      () => (isProcessAlive(pid) ? undefined : true),
      {
        timeoutMs: 10_000,
        intervalMs: 100,
      },
    );
    rmSync(runDir, { recursive: true, force: true });
  });
});
