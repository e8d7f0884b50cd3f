/**
 * `podvisor node`'s benchmark (issue 13): `npm run build && npx vite-node bench/node.ts [--quick]
 * [--out FILE]`. A real control plane (kube-apiserver, kube-scheduler, kube-controller-manager;
 * test/cluster/support) and
 * the built `podvisor node` (process backend); writes bench/node-results.json.
 *
 * - `create_to_running_ms`: from the POST of a pod to the watch showing it Running (scheduler,
 *   binding, the node's watch, sandbox, process start, the status patch, the watch back), pods
 *   created one after the other;
 * - `run_start_to_running_ms`: the same pod run by `podvisor run`'s session in this process, from
 *   the session's start to its first Running status — the same run, the same machine;
 * - `status_writes_per_pod`: the node's pod status writes (its own count, printed on shutdown)
 *   divided by the pods it ran (start to Running, then deletion);
 * - `rss_mb` and `cpu_percent` of the node process with `many` pods Running, CPU over 10 s idle.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { KubeClient } from "../src/kube/kube-client.js";
import { ControlPlaneNotBuiltError } from "../test/cluster/support/control-plane-binaries.js";
import { startControlPlane } from "../test/cluster/support/control-plane.js";
import { cliPath, loadDist } from "./lib/dist.js";
import { bash, pod, toYaml } from "./lib/manifests.js";
import { createRuntime, runInProcess } from "./lib/podvisor.js";
import { round, sleep, summarize } from "./lib/stats.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outIndex = args.indexOf("--out");
const outFile =
  (outIndex >= 0 ? args[outIndex + 1] : undefined) ??
  fileURLToPath(new URL("./node-results.json", import.meta.url));
const samples = quick ? 10 : 30;
const many = quick ? 30 : 200;
const log = (message: string) => process.stderr.write(`bench/node: ${message}\n`);

const benchPod = (name: string) =>
  pod(name, { terminationGracePeriodSeconds: 1, containers: [bash("app", "sleep 3600")] });

async function main(): Promise<void> {
  let cp;
  try {
    // The controller manager's node lifecycle controller lifts the not-ready taint a new Node gets.
    cp = await startControlPlane({ scheduler: true, controllerManager: true });
  } catch (error) {
    if (error instanceof ControlPlaneNotBuiltError) {
      log(`skipped: ${error.message}`);
      return;
    }
    throw error;
  }
  const stateDir = mkdtempSync(join(tmpdir(), "podvisor-bench-node-"));
  // Under setpriv --pdeathsig: the node (and its pods) die with the benchmark.
  const node = spawn("setpriv", [
    ...["--pdeathsig", "KILL", "--", process.execPath],
    ...[cliPath, "node", "--kubeconfig", cp.kubeconfigPath, "--node-name", "bench-node"],
    ...["--state-dir", stateDir, "--port", "0"],
  ]);
  let nodeOutput = "";
  node.stderr.setEncoding("utf8").on("data", (chunk: string) => (nodeOutput += chunk));
  const watch = new AbortController();
  try {
    const client = await KubeClient.load({ kubeconfig: cp.kubeconfigPath });
    for (let i = 0; !nodeOutput.includes("is Ready"); i++) {
      if (i > 600) throw new Error(`podvisor node did not become Ready:\n${nodeOutput}`);
      await sleep(100);
    }
    const ns = await cp.createNamespace("bench");
    const runningAt = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    const watching = client
      .watch(
        `/api/v1/namespaces/${ns}/pods?watch=true`,
        (event) => {
          const object = event.object as { metadata?: { name?: string }; status?: { phase?: string } };
          const name = object.metadata?.name ?? "";
          if (object.status?.phase !== "Running" || runningAt.has(name)) return;
          runningAt.set(name, performance.now());
          waiters.get(name)?.();
        },
        watch.signal,
      )
      .catch((error: unknown) => log(`watch ended: ${String(error)}`));
    const createAndWait = async (name: string): Promise<number> => {
      const running = new Promise<void>((resolve) => waiters.set(name, resolve));
      const started = performance.now();
      await client.requestJson("POST", `/api/v1/namespaces/${ns}/pods`, {
        ...benchPod(name),
        metadata: { name },
      });
      await running;
      return (runningAt.get(name) ?? NaN) - started;
    };

    log(`create → Running through the API server, ${samples} pods one after the other`);
    const nodeSamples: number[] = [];
    for (let i = 0; i < samples + 3; i++) {
      const ms = await createAndWait(`seq-${i}`);
      if (i >= 3) nodeSamples.push(ms); // the first three warm up
    }

    log(`podvisor run (in-process session) on the same pod, ${samples} times`);
    const dist = await loadDist();
    const runtime = createRuntime(dist, mkdtempSync(join(tmpdir(), "podvisor-bench-run-")));
    const runSamples: number[] = [];
    for (let i = 0; i < samples + 3; i++) {
      const started = performance.now();
      let ms = NaN;
      await runInProcess(dist, runtime, toYaml([benchPod(`run-${i}`)]), {
        onPodStatus: (p, session) => {
          if (p.status?.phase !== "Running" || !Number.isNaN(ms)) return;
          ms = performance.now() - started;
          session.deleteAll(0);
        },
      });
      if (i >= 3) runSamples.push(ms);
    }
    await runtime.close();

    log(`${many} pods Running on the node: RSS and CPU`);
    await Promise.all(Array.from({ length: many - samples - 3 }, (_, i) => createAndWait(`many-${i}`)));
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${node.pid}/status`, "utf8"))?.[1]) / 1024;
    const cpuTicks = () => {
      const fields = readFileSync(`/proc/${node.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
    };
    const before = cpuTicks();
    await sleep(10_000);
    const cpuPercent = (cpuTicks() - before) / 10; // ticks per 10 s → % of one core

    log("deleting the pods and stopping the node");
    await cp.kubectl(["delete", "pods", "--all", "-n", ns, "--wait=true", "--timeout=300s"]);
    watch.abort();
    await watching;
    node.kill("SIGTERM");
    await new Promise((resolve) => node.once("exit", resolve));
    const writes = Number(/\((\d+) pod status writes\)/.exec(nodeOutput)?.[1]);
    const results = {
      quick,
      load_average_at_end: readFileSync("/proc/loadavg", "utf8").trim(),
      kube_version: cp.connection.kubeVersion,
      create_to_running_ms: summarize(nodeSamples),
      run_start_to_running_ms: summarize(runSamples),
      node_vs_run_median_ratio: round(
        (summarize(nodeSamples).median ?? NaN) / (summarize(runSamples).median ?? NaN),
        2,
      ),
      status_writes_per_pod: round(writes / many, 2),
      pods_for_rss: many,
      rss_mb: round(rssMb, 1),
      cpu_percent_idle: round(cpuPercent, 1),
    };
    writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    watch.abort();
    node.kill("SIGKILL");
    await cp.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
