/**
 * SidecarSet rollout figures (issue 14, "Benchmark"), each beside a floor measured in the same run:
 *
 *   npx vite-node bench/rollout.ts [--quick] [--no-cluster] [--out FILE]
 *
 * 1. The planner's CPU per reconcile (`planRolloutRound`) over 100 and 1000 pods, at a
 *    rollout's start and in its middle, beside the cost of touching every pod once
 *    (bench/rollout-planner.ts).
 * 2. A rollout of 1000 pods (100 with --quick) at maxUnavailable 10% on a real kube-apiserver,
 *    `podvisor controller` in its own process: the rollout time against the floor (the API
 *    server's own patch latency × pods / parallelism, parallelism 1 as the controller writes one
 *    pod at a time), the controller's API calls per updated pod, its CPU, and its memory with and
 *    without the pods in its caches (bench/rollout-cluster.ts). Goal: within 1.2× of the floor.
 *    Skipped when the control plane is not built (scripts/control-plane/build.sh).
 * Nothing here has a threshold; every loop is bounded; all traffic is loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { round } from "./lib/stats.js";
import { runClusterRollout, type ClusterRolloutFigures } from "./rollout-cluster.js";
import { measurePlanner, type PlannerRow } from "./rollout-planner.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outIndex = args.indexOf("--out");
const outFile =
  (outIndex >= 0 ? args[outIndex + 1] : undefined) ??
  fileURLToPath(new URL("./rollout-results.json", import.meta.url));
const log = (message: string) => process.stderr.write(`bench rollout: ${message}\n`);

const dir = mkdtempSync(join(tmpdir(), "podvisor-bench-rollout-"));
try {
  const planner: PlannerRow[] = [];
  for (const pods of [100, 1000]) {
    log(`planner CPU per reconcile over ${pods} pods`);
    planner.push(...measurePlanner(pods, quick ? 10 : 50));
  }
  let cluster: ClusterRolloutFigures | { skipped: string };
  if (args.includes("--no-cluster")) cluster = { skipped: "--no-cluster" };
  else {
    const pods = quick ? 100 : 1000;
    log(`a rollout of ${pods} pods through a real kube-apiserver`);
    cluster = await runClusterRollout({ pods, dir, log });
  }
  const results = {
    generated_at: new Date().toISOString(),
    quick,
    planner,
    cluster,
    machine: { cores: cpus().length, loadavg_at_end: loadavg().map((v) => round(v, 2)) },
  };
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  const table = [
    "| pods | moment | plan p50 ms | p99 | touch every pod p50 ms | planned updates |",
    "| ---: | --- | ---: | ---: | ---: | ---: |",
    ...planner.map(
      (r) =>
        `| ${r.pods} | ${r.moment} | ${r.plan_ms.median} | ${r.plan_ms.p99} | ${r.touch_every_pod_ms.median} | ${r.planned_updates} |`,
    ),
  ];
  process.stdout.write(`${table.join("\n")}\n\nrollout: ${JSON.stringify(cluster, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
