/**
 * SidecarSet rollout figures (issue 14, "Benchmark"), each beside a floor measured in the same run:
 *
 *   npx vite-node bench/rollout.ts [--quick] [--no-cluster] [--no-planner] [--pods N]
 *     [--controller-log FILE] [--cpu-prof DIR] [--out FILE]
 *
 * 1. The planner's CPU per reconcile (`planRolloutRound`) over 100 and 1000 pods, at a
 *    rollout's start and in its middle, beside the cost of touching every pod once
 *    (bench/rollout-planner.ts).
 * 2. A rollout of 1000 pods (100 with --quick) at maxUnavailable 10% on a real kube-apiserver,
 *    `podvisor controller` in its own process, then a second one (the pods then carry Kruise's
 *    SidecarSetUpgradable condition, so it costs what every later rollout costs): the rollout
 *    times against the floor (the API server's own patch latency × pods / parallelism,
 *    parallelism 1 as the controller writes one pod at a time), the controller's API calls per
 *    updated pod, its CPU, and its memory with and without the pods in its caches
 *    (bench/rollout-cluster.ts). Goal: within 1.2× of the floor.
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

const usage = `usage: npx vite-node bench/rollout.ts [flags]
  --quick               10 plans per row, a rollout of 100 pods (default 50 plans, 1000 pods)
  --no-planner          skip part 1 (the planner's CPU per reconcile)
  --no-cluster          skip part 2 (the rollout on a real kube-apiserver)
  --pods N              roll out N pods instead
  --later N             measure N later rollouts, each beside a floor of its own (default 3;
                        1 with --quick)
  --controller-log FILE run the controller with -v and write its log, each line stamped with
                        the ms since the SidecarSet's image patch (of either rollout), to FILE
  --cpu-prof DIR        run the controller under node --cpu-prof, writing its profile to DIR
  --apiserver-prof DIR  write a 10 s CPU profile of kube-apiserver from each rollout's start to
                        DIR (read it with: go tool pprof -top FILE)
  --out FILE            write the figures to FILE (default bench/rollout-results.json)
`;
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(usage);
  process.exit(0);
}
const valueOf = (flag: string): string | undefined => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
const quick = args.includes("--quick");
const outFile = valueOf("--out") ?? fileURLToPath(new URL("./rollout-results.json", import.meta.url));
const podsFlag = valueOf("--pods");
const rolloutPods = podsFlag !== undefined ? Number(podsFlag) : quick ? 100 : 1000;
if (!Number.isInteger(rolloutPods) || rolloutPods < 1) {
  process.stderr.write(`bench rollout: --pods must be a positive integer, got "${podsFlag}"\n${usage}`);
  process.exit(2);
}
const laterFlag = valueOf("--later");
const laterRollouts = laterFlag !== undefined ? Number(laterFlag) : quick ? 1 : 3;
if (!Number.isInteger(laterRollouts) || laterRollouts < 0) {
  process.stderr.write(`bench rollout: --later must be a whole number, got "${laterFlag}"\n${usage}`);
  process.exit(2);
}
const controllerLog = valueOf("--controller-log");
const cpuProfDir = valueOf("--cpu-prof");
const apiServerProfDir = valueOf("--apiserver-prof");
const log = (message: string) => process.stderr.write(`bench rollout: ${message}\n`);

const loadAtStart = loadavg().map((v) => round(v, 2));
const dir = mkdtempSync(join(tmpdir(), "podvisor-bench-rollout-"));
try {
  const planner: PlannerRow[] = [];
  for (const pods of args.includes("--no-planner") ? [] : [100, 1000]) {
    log(`planner CPU per reconcile over ${pods} pods`);
    planner.push(...measurePlanner(pods, quick ? 10 : 50));
  }
  let cluster: ClusterRolloutFigures | { skipped: string };
  if (args.includes("--no-cluster")) cluster = { skipped: "--no-cluster" };
  else {
    log(`a rollout of ${rolloutPods} pods through a real kube-apiserver`);
    cluster = await runClusterRollout({
      pods: rolloutPods,
      laterRollouts,
      dir,
      log,
      ...(controllerLog !== undefined ? { controllerLog } : {}),
      ...(cpuProfDir !== undefined ? { cpuProfDir } : {}),
      ...(apiServerProfDir !== undefined ? { apiServerProfDir } : {}),
    });
  }
  const results = {
    generated_at: new Date().toISOString(),
    quick,
    planner,
    cluster,
    machine: {
      cores: cpus().length,
      loadavg_at_start: loadAtStart,
      loadavg_at_end: loadavg().map((v) => round(v, 2)),
    },
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
