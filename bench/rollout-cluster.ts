/**
 * A SidecarSet rollout over N pods on a real kube-apiserver (bench/rollout.ts, part 2), beside
 * its floor measured in the same run. The control plane is the cluster tests' (test/cluster/
 * support); `podvisor controller` runs as the built CLI in a process of its own (its CPU and
 * memory are its own); the test node of the cluster tests (support/test-kubelet.ts) plays the
 * kubelet, restarting a sidecar at once. Figures:
 *
 * - rollout_ms: the SidecarSet's image patch → its status says every pod updated and ready, for
 *   the first rollout after the pods were created (the controller also writes each pod's
 *   `SidecarSetUpgradable` condition, as Kruise does the first time it updates a pod), and in
 *   `later_rollouts` for the next ones, when the condition is already there (Kruise skips an
 *   unchanged condition): what every later rollout of a fleet costs, each beside a floor
 *   measured just before it (the API server's speed drifts from minute to minute here);
 * - floor_ms: the API server's own patch latency × pods / parallelism — each pod patched once,
 *   one after the other (the controller, like Kruise's, writes one pod at a time), with a patch
 *   of the controller's shape (a resourceVersion test, then one replace);
 * - floor_after_ms, rollout_over_bracketing_floors: the floor measured just after each rollout,
 *   and the rollout over the mean of the floors just before and just after it (the API server's
 *   speed drifts within a run);
 * - floor_two_writes_ms, floor_rollout_writes_ms: the same pods written again, each patch followed
 *   by one status write (the controller's `SidecarSetUpgradable` condition: its own critical
 *   path per pod, as Kruise writes), one pod at a time; or by two (and the node's status write
 *   of the restarted sidecar: every write the API server takes per updated pod) by two writers at
 *   once, as the controller and the node write at once. Beside the floor, not instead of it: a
 *   rollout cannot cost the API server fewer writes than these;
 * - api_calls_per_updated_pod: the controller's writes (pods, SidecarSet status,
 *   ControllerRevisions, Events) from the API server's apiserver_request_total, over N; the
 *   test node's pod status writes are counted apart;
 * - controller_stage_ms: the controller's reconcile time during the rollout, planning and
 *   writing (its `podvisor_sidecarset_reconcile_duration_seconds` histogram), as shares of the
 *   rollout, and the write time over the floor: where the rollout's wall time went;
 * - patch_server_ms, floor_patch_server_ms: the API server's own mean time per pod patch
 *   (apiserver_request_duration_seconds), the controller's in the rollout and the floor's;
 * - controller_cpu_ms: the controller process's user+system CPU during the rollout (/proc), and
 *   per updated pod; cpu_ms_by_process: the same for the API server, etcd and this process (the
 *   test node), and the machine's busy, idle and stolen time;
 * - controller_rss_mib: its resident memory with no pods and with N pods in its caches.
 */
import { execFileSync, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { installSidecarSetCrds } from "../test/cluster/support/sidecarset-crds.js";
import { ControlPlaneNotBuiltError } from "../test/cluster/support/control-plane-binaries.js";
import { startControlPlane, type ControlPlane } from "../test/cluster/support/control-plane.js";
import { spawnPodvisor, cliPath } from "../test/cluster/support/podvisor-process.js";
import { TestKubelet } from "../test/cluster/support/test-kubelet.js";
import { KubeClient } from "../src/kube/kube-client.js";
import { round, sleep, summarize } from "./lib/stats.js";

/** One rollout: the image patch → every pod updated and ready. */
export interface RolloutFigures {
  rollout_ms: number;
  rollout_over_floor: number | null;
  api_calls_per_updated_pod: number | null;
  controller_writes: Record<string, number>;
  test_node_status_writes: number;
  controller_cpu_ms: number;
  controller_cpu_per_pod_ms: number | null;
  /**
   * The controller's reconcile time during the rollout (its reconcile duration histogram):
   * deciding (`plan`) and carrying the plans out (`write`: one API request after another, almost
   * all of it waiting for the API server's answers); each also as a share of the rollout, and the
   * write time over the floor (what the same number of patches took the API server alone).
   */
  controller_stage_ms: { plan: number; write: number };
  controller_plan_share: number | null;
  controller_write_share: number | null;
  controller_write_over_floor: number | null;
  /**
   * The API server's own mean time for the controller's pod patches during the rollout
   * (apiserver_request_duration_seconds), beside `floor_patch_server_ms`, the same for the
   * floor's patches: how much slower the server answers while it also takes the node's writes.
   */
  patch_server_ms: number | null;
  /**
   * CPU during the rollout, in ms: of each process on the machine's cores, and of the machine as a
   * whole (busy, idle, stolen by the hypervisor): where the time went.
   */
  cpu_ms_by_process: CpuByProcess;
}

/**
 * User+system CPU of the API server, etcd, the controller and this process (the test node, the
 * polling), and the machine's busy, idle and hypervisor-stolen time, all in ms.
 */
type CpuByProcess = Record<
  | "kube_apiserver"
  | "etcd"
  | "controller"
  | "bench_and_test_node"
  | "machine_busy"
  | "machine_idle"
  | "machine_steal",
  number
>;

/**
 * The floor measured just after a rollout (the next rollout's floor, or one more after the last),
 * and the rollout over the mean of the floors just before and just after it: the API server's speed
 * drifts between floors of one run by up to 1.9×, and bracketing a rollout cancels a steady drift.
 * Beside `rollout_over_floor`, not instead of it.
 */
interface BracketedFigures {
  floor_after_ms: number;
  rollout_over_bracketing_floors: number | null;
}

/** A later rollout beside a floor measured just before it. */
export interface LaterRolloutFigures extends RolloutFigures, BracketedFigures {
  floor_ms: number;
  floor_patch_p50_ms: number | null;
  floor_patch_server_ms: number | null;
}

/** The first rollout's figures at the top level; `later_rollouts` are the next ones, each with its floor. */
export interface ClusterRolloutFigures extends RolloutFigures, BracketedFigures {
  kube_version: string;
  pods: number;
  max_unavailable: string;
  floor_ms: number;
  floor_patch_p50_ms: number | null;
  floor_patch_server_ms: number | null;
  floor_cpu_ms_by_process: CpuByProcess;
  floor_two_writes_ms: number;
  floor_rollout_writes_ms: number;
  rollout_over_rollout_writes_floor: number | null;
  later_rollouts: LaterRolloutFigures[];
  /** The median of the later rollouts' `rollout_over_floor`, and of their bracketed ratio. */
  later_rollout_over_floor_median: number | null;
  later_rollout_over_bracketing_floors_median: number | null;
  controller_rss_mib: { no_pods: number; with_pods: number };
}

const nodeName = "bench-rollout-node";

export async function runClusterRollout(options: {
  pods: number;
  dir: string;
  log: (message: string) => void;
  /** Run the controller with -v and write its log here, each line stamped (ms since the image patch). */
  controllerLog?: string;
  /** Run the controller under `node --cpu-prof`, its profile written here when it exits. */
  cpuProfDir?: string;
  /** Write a 10 s CPU profile of kube-apiserver from each rollout's start here (`go tool pprof`). */
  apiServerProfDir?: string;
  /** How many later rollouts to measure, each after a floor of its own. */
  laterRollouts: number;
}): Promise<ClusterRolloutFigures | { skipped: string }> {
  let cp: ControlPlane;
  try {
    cp = await startControlPlane({});
  } catch (error) {
    if (error instanceof ControlPlaneNotBuiltError) return { skipped: error.message };
    throw error;
  }
  const kubelets: TestKubelet[] = [];
  let controller: ReturnType<typeof spawnPodvisor> | undefined;
  try {
    const client = await KubeClient.load({ kubeconfig: cp.kubeconfigPath });
    const status = async (): Promise<SidecarSetStatus> => {
      try {
        const set = await client.requestJson("GET", "/apis/apps.kruise.io/v1beta1/sidecarsets/bench-proxy");
        return set.status ?? {};
      } catch {
        return {};
      }
    };
    const podvisor = (args: string[]) =>
      execFileSync(process.execPath, [cliPath, ...args], { encoding: "utf8", maxBuffer: 512 * 2 ** 20 });
    await installSidecarSetCrds(cp);
    const ns = await cp.createNamespace("bench");
    const maxUnavailable = "10%";
    const set = {
      apiVersion: "apps.kruise.io/v1beta1",
      kind: "SidecarSet",
      metadata: { name: "bench-proxy" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        containers: [{ name: "proxy", image: "registry.invalid/proxy:1" }],
        updateStrategy: { type: "RollingUpdate", maxUnavailable },
      },
    };
    await cp.kubectl(["create", "-f", "-"], { stdin: JSON.stringify(set) });

    controller = spawnController(cp.kubeconfigPath, options);
    const running = controller;
    const pid = controller.child.pid ?? 0;
    let rolloutStartedAt = Number.NaN;
    const logLines: string[] = [];
    if (options.controllerLog !== undefined)
      createInterface({ input: controller.child.stderr! }).on("line", (line) => {
        const at = Number.isNaN(rolloutStartedAt) ? "-" : (performance.now() - rolloutStartedAt).toFixed(1);
        logLines.push(`${at} ${line}`);
      });
    await waitFor("the controller's first reconcile", async () => (await status()).observedGeneration === 1);
    const rssNoPods = rssMiB(pid);

    options.log(`  creating ${options.pods} injected pods`);
    const pods = Array.from({ length: options.pods }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `web-${i}`, namespace: ns, labels: { app: "web" } },
      spec: { nodeName, containers: [{ name: "app", image: "registry.invalid/app:1" }] },
    }));
    const file = join(options.dir, "rollout-pods.json");
    writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: [set, ...pods] }));
    const kubelet = new TestKubelet(cp.connection, { namespace: ns, restartDelayMs: 0 });
    kubelet.start();
    kubelets.push(kubelet);
    await cp.kubectl(["create", "-f", "-"], { stdin: podvisor(["inject", "-f", file, "-o", "json"]) });
    await waitFor(
      "every pod matched, updated and ready",
      async () => {
        const s = await status();
        return s.matchedPods === options.pods && s.updatedReadyPods === options.pods;
      },
      300_000,
    );
    const rssWithPods = rssMiB(pid);

    options.log(`  floor: ${options.pods} patches of the controller's shape, one at a time`);
    const pidOf = (name: string) => cp.processes.find((p) => p.name === name)?.pid ?? 0;
    const cpuByProcess = (): CpuByProcess => ({
      kube_apiserver: cpuMs(pidOf("kube-apiserver")),
      etcd: cpuMs(pidOf("etcd")),
      controller: cpuMs(pid),
      bench_and_test_node: ownCpuMs(),
      ...machineCpuMs(),
    });
    /** The floor, with the API server's own mean time per patch. */
    const measureFloor = async (tag: string) => {
      const before = await apiServerRequests(cp);
      const patches = await timePatches(client, ns, 1, 0, tag);
      return { ...patches, serverMs: meanServerMs(before, await apiServerRequests(cp), "PATCH pods ") };
    };
    const floorCpuBefore = cpuByProcess();
    const floor = await measureFloor("first");
    const floorCpu = cpuSince(floorCpuBefore, cpuByProcess());
    options.log(
      `  the same with the status writes a rollout adds per pod (1: the controller's; 2: and the node's)`,
    );
    const twoWrites = await timePatches(client, ns, 1, 1, "first");
    // Two writers, as the controller and the node write at once in the rollout.
    const rolloutWrites = await timePatches(client, ns, 2, 2, "first");

    options.log(`  waiting for the controller to catch up with the floor's pod events`);
    await waitForQuietController(controller);
    /** The SidecarSet's image patched to `image` → its status says every pod updated and ready. */
    const rollout = async (image: string, generation: number, floorMs: number): Promise<RolloutFigures> => {
      const before = await apiServerRequests(cp);
      const kubeletWritesBefore = kubelet.statusWrites;
      const byProcessBefore = cpuByProcess();
      const stagesBefore = await reconcileStageMs(running);
      options.log(`  rollout of ${options.pods} pods to ${image} at maxUnavailable ${maxUnavailable}`);
      const profiled =
        options.apiServerProfDir !== undefined
          ? profileApiServer(
              cp.kubeconfigPath,
              join(options.apiServerProfDir, `kube-apiserver-${image.replace(/\W/g, "_")}.pprof`),
            )
          : Promise.resolve();
      const started = performance.now();
      rolloutStartedAt = started;
      await cp.kubectl([
        "patch",
        "sidecarsets.apps.kruise.io",
        "bench-proxy",
        "--type",
        "json",
        "-p",
        JSON.stringify([{ op: "replace", path: "/spec/containers/0/image", value: image }]),
      ]);
      await waitFor(
        "the rollout",
        async () => {
          const s = await status();
          return (
            s.observedGeneration === generation &&
            s.updatedPods === options.pods &&
            s.updatedReadyPods === options.pods
          );
        },
        600_000,
        50,
      );
      const rolloutMs = performance.now() - started;
      const stagesAfter = await reconcileStageMs(running);
      const planMs = stagesAfter.plan - stagesBefore.plan;
      const writeMs = stagesAfter.write - stagesBefore.write;
      await profiled;
      const byProcess = cpuSince(byProcessBefore, cpuByProcess());
      const cpu = byProcess.controller;
      const after = await apiServerRequests(cp);
      const delta = (key: string) => (after.get(key)?.count ?? 0) - (before.get(key)?.count ?? 0);
      const kubeletWrites = kubelet.statusWrites - kubeletWritesBefore;
      const writes: Record<string, number> = {
        "PATCH pods": delta("PATCH pods "),
        // Kruise writes SidecarSetUpgradable=True on the status subresource the first time a pod is
        // updated; the rest of the status writes are the test node's.
        "PATCH pods/status": delta("PATCH pods status") - kubeletWrites,
        "PUT sidecarsets/status": delta("PUT sidecarsets status") + delta("PATCH sidecarsets status"),
        "POST controllerrevisions": delta("POST controllerrevisions "),
        "POST events": delta("POST events "),
      };
      const controllerWrites = Object.values(writes).reduce((a, b) => a + b, 0);
      return {
        rollout_ms: round(rolloutMs) ?? 0,
        rollout_over_floor: round(rolloutMs / floorMs, 2),
        api_calls_per_updated_pod: round(controllerWrites / options.pods, 2),
        controller_writes: writes,
        test_node_status_writes: kubeletWrites,
        controller_cpu_ms: round(cpu) ?? 0,
        controller_cpu_per_pod_ms: round(cpu / options.pods),
        controller_stage_ms: { plan: round(planMs) ?? 0, write: round(writeMs) ?? 0 },
        controller_plan_share: round(planMs / rolloutMs, 2),
        controller_write_share: round(writeMs / rolloutMs, 2),
        controller_write_over_floor: round(writeMs / floorMs, 2),
        patch_server_ms: meanServerMs(before, after, "PATCH pods "),
        cpu_ms_by_process: byProcess,
      };
    };
    const first = await rollout("registry.invalid/proxy:2", 2, floor.totalMs);
    // The pods now carry SidecarSetUpgradable=True: the next rollouts are what every later one
    // costs. The API server's own speed drifts from minute to minute on a shared machine, so each
    // is measured beside a floor of its own, taken just before it.
    const laterMeasured: { figures: RolloutFigures; floor: Awaited<ReturnType<typeof measureFloor>> }[] = [];
    for (let i = 0; i < options.laterRollouts; i++) {
      await waitForQuietController(controller);
      options.log(`  later rollout ${i + 1} of ${options.laterRollouts}: its floor first`);
      const laterFloor = await measureFloor(`later-${i}`);
      await waitForQuietController(controller);
      logLines.push(`--- later rollout ${i + 1}`);
      const figures = await rollout(`registry.invalid/proxy:${3 + i}`, 3 + i, laterFloor.totalMs);
      laterMeasured.push({ figures, floor: laterFloor });
    }
    await waitForQuietController(controller);
    options.log(`  the floor after the last rollout`);
    const lastFloor = await measureFloor("last");
    /** Each rollout's floor after it: the next rollout's floor, or the last one. */
    const floorAfter = (index: number) => (laterMeasured[index]?.floor ?? lastFloor).totalMs;
    const bracketed = (rolloutMs: number, beforeMs: number, afterMs: number): BracketedFigures => ({
      floor_after_ms: round(afterMs) ?? 0,
      rollout_over_bracketing_floors: round(rolloutMs / ((beforeMs + afterMs) / 2), 2),
    });
    const later: LaterRolloutFigures[] = laterMeasured.map(({ figures, floor: before }, i) => ({
      ...figures,
      floor_ms: round(before.totalMs) ?? 0,
      floor_patch_p50_ms: before.p50,
      floor_patch_server_ms: before.serverMs,
      ...bracketed(figures.rollout_ms, before.totalMs, floorAfter(i + 1)),
    }));
    if (options.controllerLog !== undefined) writeFileSync(options.controllerLog, `${logLines.join("\n")}\n`);
    return {
      kube_version: cp.connection.kubeVersion,
      pods: options.pods,
      max_unavailable: maxUnavailable,
      ...first,
      ...bracketed(first.rollout_ms, floor.totalMs, floorAfter(0)),
      floor_ms: round(floor.totalMs) ?? 0,
      floor_patch_p50_ms: floor.p50,
      floor_patch_server_ms: floor.serverMs,
      floor_cpu_ms_by_process: floorCpu,
      floor_two_writes_ms: round(twoWrites.totalMs) ?? 0,
      floor_rollout_writes_ms: round(rolloutWrites.totalMs) ?? 0,
      rollout_over_rollout_writes_floor: round(first.rollout_ms / rolloutWrites.totalMs, 2),
      later_rollouts: later,
      later_rollout_over_floor_median: summarize(later.map((r) => r.rollout_over_floor ?? Number.NaN)).median,
      later_rollout_over_bracketing_floors_median: summarize(
        later.map((r) => r.rollout_over_bracketing_floors ?? Number.NaN),
      ).median,
      controller_rss_mib: { no_pods: rssNoPods, with_pods: rssWithPods },
    };
  } finally {
    for (const kubelet of kubelets) await kubelet.stop();
    await controller?.stop("SIGTERM", options.cpuProfDir !== undefined ? 30_000 : 5000);
    await cp.stop();
  }
}

/** kube-apiserver's own CPU profile (its --profiling, on by default) for 10 s, written to `file`. */
function profileApiServer(kubeconfig: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = openSync(file, "w");
    const child = spawn(
      "kubectl",
      ["--kubeconfig", kubeconfig, "get", "--raw", "/debug/pprof/profile?seconds=10"],
      { stdio: ["ignore", out, "inherit"] },
    );
    child.on("error", reject).on("exit", (code) => {
      closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`bench rollout: kubectl could not profile the API server (exit ${code})`));
    });
  });
}

/** `podvisor controller`, verbose or under the CPU profiler when asked. */
function spawnController(
  kubeconfig: string,
  options: { controllerLog?: string; cpuProfDir?: string },
): ReturnType<typeof spawnPodvisor> {
  const args = [
    ...["controller", "--kubeconfig", kubeconfig, "--no-leader-elect"],
    ...["--metrics-addr", "127.0.0.1:0"],
    ...(options.controllerLog !== undefined ? ["-v"] : []),
  ];
  const nodeArgs =
    options.cpuProfDir !== undefined ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  return spawnPodvisor(args, nodeArgs);
}

interface SidecarSetStatus {
  observedGeneration?: number;
  matchedPods?: number;
  updatedPods?: number;
  updatedReadyPods?: number;
}

/**
 * Every pod patched once by `parallelism` writers, with the controller's patch shape: a test of
 * the pod's resourceVersion, then a replace of one annotation (not the image: the floor must not
 * start a rollout), each followed by `statusWrites` writes of the pod's status subresource, one
 * after another: a strategic-merge patch of a condition, as the controller writes
 * `SidecarSetUpgradable` (another condition type, so the rollout's own condition writes still
 * happen), then a JSON merge patch of `status.message` for the node's status write. Each write
 * changes the pod, so none is a no-op the API server skips. Returns the total and the median
 * latency of the patches.
 */
async function timePatches(
  client: KubeClient,
  ns: string,
  parallelism: number,
  statusWrites: number,
  /** Set apart from the other floors' values, so that no write repeats an earlier one. */
  tag: string,
): Promise<{ totalMs: number; p50: number | null }> {
  const list = await client.requestJson("GET", `/api/v1/namespaces/${ns}/pods`);
  const pods = (list.items as { metadata: { name: string; resourceVersion: string } }[]) ?? [];
  const samples: number[] = [];
  let next = 0;
  const writer = async () => {
    for (let pod = pods[next++]; pod !== undefined; pod = pods[next++]) {
      const patch = [
        { op: "test", path: "/metadata/resourceVersion", value: pod.metadata.resourceVersion },
        {
          op: "add",
          path: "/metadata/annotations/bench-floor",
          value: `${tag}.${parallelism}.${statusWrites}`,
        },
      ];
      const at = performance.now();
      await client.requestJson(
        "PATCH",
        `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`,
        patch,
        undefined,
        "application/json-patch+json",
      );
      samples.push(performance.now() - at);
      for (let write = 1; write <= statusWrites; write++) {
        const message = `${tag}.${statusWrites}.${write}`;
        const path = `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/status`;
        // The first is the controller's condition (a strategic-merge patch); the second stands for
        // the node's status write.
        if (write === 1) {
          const condition = { type: "BenchFloor", status: "True", reason: "Bench", message };
          const body = { status: { conditions: [condition] } };
          await client.requestJson("PATCH", path, body, undefined, "application/strategic-merge-patch+json");
        } else {
          const body = { status: { message } };
          await client.requestJson("PATCH", path, body, undefined, "application/merge-patch+json");
        }
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: parallelism }, writer));
  return { totalMs: performance.now() - started, p50: summarize(samples).median };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 120_000, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench rollout: timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** The controller's /metrics text (a fresh connection each time: its server keeps none alive). */
async function controllerMetrics(controller: ReturnType<typeof spawnPodvisor>): Promise<string> {
  const port = /metrics on http:\/\/[^:]+:(\d+)\//.exec(controller.output())?.[1];
  if (port === undefined) throw new Error("bench rollout: the controller did not say where its metrics are");
  return new Promise<string>((resolve, reject) =>
    httpGet(`http://127.0.0.1:${port}/metrics`, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve(body)).on("error", reject);
    }).on("error", reject),
  );
}

/**
 * The sum of the samples of `name` in a metrics text whose labels contain `labels` (any labels
 * when empty; names and labels here hold no regular-expression characters); 0 when there is none.
 */
function metricSum(text: string, name: string, labels = ""): number {
  const pattern = new RegExp(`^${name}(?:\\{[^}]*${labels}[^}]*\\})? (\\S+)$`, "gm");
  return [...text.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** The controller's time in each reconcile stage so far, in ms (its reconcile duration histogram). */
async function reconcileStageMs(
  controller: ReturnType<typeof spawnPodvisor>,
): Promise<{ plan: number; write: number }> {
  const text = await controllerMetrics(controller);
  const sum = (stage: string) =>
    metricSum(text, "podvisor_sidecarset_reconcile_duration_seconds_sum", `stage="${stage}"`) * 1000;
  return { plan: sum("plan"), write: sum("write") };
}

/**
 * Until the controller's reconcile count has not moved for a second: the floor's patches queued
 * pod events it must work through first, which are no part of the rollout. Bounded at 2 minutes.
 */
async function waitForQuietController(controller: ReturnType<typeof spawnPodvisor>): Promise<void> {
  const reconciles = async () =>
    metricSum(await controllerMetrics(controller), "podvisor_sidecarset_reconciles_total");
  let last = -1;
  let quietSinceMs = performance.now();
  const deadlineMs = performance.now() + 120_000;
  while (performance.now() < deadlineMs) {
    const now = await reconciles();
    if (now !== last) [last, quietSinceMs] = [now, performance.now()];
    else if (performance.now() - quietSinceMs >= 1000) return;
    await sleep(200);
  }
}

/**
 * The API server's requests so far by "VERB resource subresource": how many
 * (apiserver_request_total) and the seconds it spent on them (apiserver_request_duration_seconds).
 */
async function apiServerRequests(cp: ControlPlane): Promise<Map<string, { count: number; seconds: number }>> {
  const text = await cp.kubectl(["get", "--raw", "/metrics"]);
  const requests = new Map<string, { count: number; seconds: number }>();
  for (const line of text.split("\n")) {
    const isCount = line.startsWith("apiserver_request_total{");
    if (!isCount && !line.startsWith("apiserver_request_duration_seconds_sum{")) continue;
    const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(line)?.[1] ?? "";
    const key = `${label("verb")} ${label("resource")} ${label("subresource")}`;
    const entry = requests.get(key) ?? { count: 0, seconds: 0 };
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (isCount) entry.count += value;
    else entry.seconds += value;
    requests.set(key, entry);
  }
  return requests;
}

/** The API server's mean time per `key` request between two readings, in ms. */
function meanServerMs(
  before: Map<string, { count: number; seconds: number }>,
  after: Map<string, { count: number; seconds: number }>,
  key: string,
): number | null {
  const count = (after.get(key)?.count ?? 0) - (before.get(key)?.count ?? 0);
  const seconds = (after.get(key)?.seconds ?? 0) - (before.get(key)?.seconds ?? 0);
  return count > 0 ? round((seconds * 1000) / count, 2) : null;
}

function rssMiB(pid: number): number {
  const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return round(Number(kib) / 1024, 1) ?? 0;
}

function cpuSince(before: CpuByProcess, after: CpuByProcess): CpuByProcess {
  const since = { ...after };
  for (const key of Object.keys(since) as (keyof CpuByProcess)[]) since[key] = after[key] - before[key];
  return since;
}

/** The whole machine's CPU time (/proc/stat, USER_HZ 100): busy, idle (and iowait), stolen by the hypervisor. */
function machineCpuMs(): Pick<CpuByProcess, "machine_busy" | "machine_idle" | "machine_steal"> {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const at = (i: number) => ticks[i] ?? 0;
  // user nice system idle iowait irq softirq steal
  return {
    machine_busy: (at(0) + at(1) + at(2) + at(5) + at(6)) * 10,
    machine_idle: (at(3) + at(4)) * 10,
    machine_steal: at(7) * 10,
  };
}

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

/** utime + stime of the process and its waited-for children, in ms (USER_HZ 100). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = [11, 12].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return ticks * 10;
}
