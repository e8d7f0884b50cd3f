/**
 * podvisor's benchmarks (issue 5): `npm run bench` (the full run, ~5 min) or
 * `npm run bench -- --quick` (under a minute). `npm run bench` builds dist/ first and runs this
 * file with vite-node; it drives the built podvisor (bench/lib/dist.ts). Writes bench/results.json
 * (or --out FILE) and prints markdown tables. Every figure is { median, p99, n } in ms over
 * repeated runs, beside baselines measured in the same run. bench/README.md explains each one.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBaseline, type Baseline } from "./baseline.js";
import { runBigPod } from "./big-pod.js";
import { runCliFigures } from "./cli.js";
import { loadDist } from "./lib/dist.js";
import { startListener } from "./lib/listener.js";
import { TOKEN } from "./lib/manifests.js";
import { createRuntime, liveCliChildren, processesWith } from "./lib/podvisor.js";
import { absent, round, sleep, type Figure } from "./lib/stats.js";
import { runProbeCost } from "./probe-cost.js";
import { detectProbeSupport, type ProbeSupport } from "./probe-support.js";
import { runReactions } from "./reactions.js";
import type { Machine, ReactionFigure, Results } from "./results.js";
import { runScale } from "./scale.js";
import { renderMarkdown } from "./table.js";

const usage = `usage: npm run build && npx vite-node bench/run.ts [flags]   (npm run bench runs it first)
  --quick             fewer samples and smaller scale rows: a quick look, not the figures
  --only LIST         only these sections, comma-separated: baselines, reactions, probe-cost,
                      cli, scale, big-pod (reactions and cli bring the baselines along)
  --scale-pods LIST   the scale section's pod counts, e.g. 1000 or 300,1000
  --out FILE          write the figures to FILE (default bench/results.json)
Prints the figures as Markdown tables; bench/README.md says how each is measured.
`;
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(usage);
  process.exit(0);
}
const quick = args.includes("--quick");
const outIndex = args.indexOf("--out");
/** `--scale-pods 1000` (or `300,1000`): the scale section's rows, instead of the mode's. */
const scalePodsIndex = args.indexOf("--scale-pods");
const scalePods =
  scalePodsIndex >= 0
    ? (args[scalePodsIndex + 1] ?? "")
        .split(",")
        .map(Number)
        .filter((n) => n > 0)
    : undefined;
/**
 * `--only baselines,cli`: run only these sections (the others are absent from the results);
 * "admission" is bench/admission.ts, which `npm run bench` runs after this file.
 */
const SECTION_NAMES = [
  "baselines",
  "reactions",
  "probe-cost",
  "cli",
  "scale",
  "big-pod",
  "admission",
] as const;
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? "").split(",") : undefined;
const unknownSections = (only ?? []).filter((name) => !(SECTION_NAMES as readonly string[]).includes(name));
if (unknownSections.length > 0) {
  process.stderr.write(
    `bench: unknown --only section(s) ${unknownSections.join(", ")}; known: ${SECTION_NAMES.join(", ")}\n`,
  );
  process.exit(2);
}
const wants = (name: (typeof SECTION_NAMES)[number]): boolean => only === undefined || only.includes(name);
const outFile =
  (outIndex >= 0 ? args[outIndex + 1] : undefined) ??
  fileURLToPath(new URL("./results.json", import.meta.url));

const KUBELET_PLEG_MS = 1000;
const PLEG =
  "kubelet: ≤ 1 s, the generic PLEG relist (1 s) must first see the container change (docs/rules/lifecycle.md §H1, H4)";
const PROBE_SYNC =
  "kubelet: a probe result triggers a pod sync at once (§H4), but the container change that follows is seen by the 1 s PLEG relist";

const startedAt = Date.now();
const log = (message: string) =>
  process.stderr.write(`bench [${((Date.now() - startedAt) / 1000).toFixed(1)} s]: ${message}\n`);
const sections: Record<string, number | null> = {};
let sectionName: string | undefined;
let sectionStart = Date.now();
function section(name: string | undefined): void {
  const now = Date.now();
  if (sectionName) sections[sectionName] = round((now - sectionStart) / 1000, 1);
  sectionName = name;
  sectionStart = now;
  if (name) log(name);
}

function machine(): Machine {
  let podman: string | null = null;
  try {
    podman = execFileSync("sh", ["-c", "command -v podman || true"], { encoding: "utf8" }).trim() || null;
  } catch {
    podman = null;
  }
  return {
    cores: cpus().length,
    cpu_model: cpus()[0]?.model ?? "unknown",
    memory_gib: round(totalmem() / 2 ** 30, 1),
    kernel: release(),
    node: process.version,
    loadavg_at_start: loadavg().map((v) => round(v, 2)),
    podman,
  };
}

/** A reaction figure with its ratio to spawn_exit_ms, the overheads and the kubelet's anchor. */
function reaction(
  figure: Figure,
  baseline: Baseline,
  anchor: string,
  startsContainer: boolean,
  exitFloors: readonly ("exit_seen_ns_ms" | "kill_ns_to_exit_seen_ms")[] = [],
): ReactionFigure {
  const anchored = { ...figure, kubelet_anchor_ms: KUBELET_PLEG_MS, kubelet_anchor: anchor };
  const spawn = baseline.spawn_exit_ms.median;
  const nsSpawn = baseline.spawn_ns_first_instruction_ms.median;
  if (figure.median === null || figure.p99 === null || spawn === null) return anchored;
  const minus = (base: number | null) =>
    base === null ? null : { median: round(figure.median! - base), p99: round(figure.p99! - base) };
  const floors = [nsSpawn, ...exitFloors.map((name) => baseline[name].median)];
  const allFloors = floors.some((f) => f === null) ? null : floors.reduce((a, b) => a! + b!, 0);
  return {
    ...anchored,
    ratio_to_spawn_exit: round(figure.median / spawn, 2),
    overhead_ms: minus(spawn)!,
    // Only a reaction that starts a container pays the namespaced spawn.
    overhead_beyond_ns_spawn_ms: startsContainer ? minus(nsSpawn) : null,
    overhead_beyond_exit_floors_ms: exitFloors.length > 0 ? minus(allFloors) : null,
  };
}

/** results.json as the repository's prettier would write it (prettier is a devDependency). */
async function formatJson(text: string, path: string): Promise<string> {
  try {
    const prettier = await import("prettier");
    return await prettier.format(text, { ...(await prettier.resolveConfig(path)), parser: "json" });
  } catch {
    return text;
  }
}

async function main(): Promise<void> {
  const began = Date.now();
  const dist = await loadDist();
  const stateDir = mkdtempSync(join(tmpdir(), "pvbench-state-"));
  const results: Results = {
    generated_at: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    token: TOKEN,
    machine: machine(),
  };
  log(
    `${results.mode} run on ${results.machine.cores} cores, load average ${results.machine.loadavg_at_start.join(" ")}`,
  );
  const runtime = createRuntime(dist, join(stateDir, "in-process"));
  const listener = await startListener();
  const interrupted = (signal: string) => {
    log(`${signal}: cleaning up`);
    for (const child of liveCliChildren) child.kill("SIGKILL");
    void Promise.all([runtime.close(), listener.close()]).finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  async function runBaselineSection(): Promise<Baseline> {
    section("baselines: spawn → exit, plain and namespaced");
    const baseline = await runBaseline(dist, { quick });
    const { isolation, launcher, ...spawnFigures } = baseline;
    Object.assign(results, spawnFigures);
    results.machine.isolation = isolation;
    results.machine.launcher = launcher;
    const plain = baseline.spawn_first_instruction_ms.median;
    const namespaced = baseline.spawn_ns_first_instruction_ms.median;
    // Issue 17's goal: ≤ 1.2.
    results.ns_launch_ratio_to_plain_spawn =
      plain && namespaced !== null ? round(namespaced / plain, 2) : null;
    const throughServer = baseline.server_ns_first_instruction_ms.median;
    results.server_launch_ratio_to_plain_spawn =
      plain && throughServer !== null ? round(throughServer / plain, 2) : null;
    return baseline;
  }
  async function runProbeSupport(): Promise<ProbeSupport> {
    section("probe support in dist/");
    const probes = await detectProbeSupport(dist, runtime);
    results.probes = probes;
    return probes;
  }
  try {
    // Reactions and the CLI's figures are read against the baselines, so they bring them along.
    const baseline =
      wants("baselines") || wants("reactions") || wants("cli") ? await runBaselineSection() : undefined;
    const probes =
      wants("reactions") || wants("probe-cost") || wants("scale") ? await runProbeSupport() : undefined;

    if (wants("reactions") && baseline && probes) {
      section("reaction latencies (in-process)");
      const r = await runReactions(dist, runtime, { quick, probes, listener });
      const probeEnds = ["exit_seen_ns_ms"] as const;
      const probeEndsAndKill = ["exit_seen_ns_ms", "kill_ns_to_exit_seen_ms"] as const;
      const figures: [keyof typeof r, string, boolean, readonly (typeof probeEndsAndKill)[number][]][] = [
        ["sidecar_started_to_next_start_ms", PLEG, true, []],
        ["sidecar_started_to_next_start_exec_probe_ms", PROBE_SYNC, true, probeEnds],
        ["sidecar_started_to_next_start_http_probe_ms", PROBE_SYNC, true, []],
        ["last_main_exit_to_sidecar_sigterm_ms", PLEG, false, []],
        ["sidecar_exit_to_previous_sidecar_sigterm_ms", PLEG, false, []],
        ["liveness_failure_to_restart_ms", PROBE_SYNC, true, probeEndsAndKill],
      ];
      for (const [name, anchor, startsContainer, exitFloors] of figures) {
        if (name !== "breakdown")
          results[name] = reaction(r[name], baseline, anchor, startsContainer, exitFloors);
      }
      results.reaction_breakdown = r.breakdown;
    }

    if (wants("probe-cost") && probes) {
      section("probe cost");
      results.probe_cost = await runProbeCost(runtime, { quick, probes, listener });
    }
    await runtime.close();

    if (wants("cli") && baseline) {
      section("CLI: pod start-up, Job overhead");
      const { failures, ...cli } = await runCliFigures({ quick, stateDir: join(stateDir, "cli") });
      Object.assign(results, cli);
      const spawn = baseline.spawn_exit_ms.median;
      results.pod_start_ms = {
        ...cli.pod_start_ms,
        ratio_to_spawn_exit:
          cli.pod_start_ms.median !== null && spawn ? round(cli.pod_start_ms.median / spawn, 1) : null,
      };
      if (failures.length > 0) results.failures = failures;
      results.podman_pod_start_ms = absent(
        results.machine.podman
          ? `podman is installed (${results.machine.podman}), but the podman kube play comparison is not implemented yet`
          : "podman is not installed on this machine (the benchmark does not install it): no podman kube play figure",
      );
    }

    if (wants("scale") && probes) {
      section(
        `scale: ${scalePods?.join(", ") ?? (quick ? "100" : "100, 300, 1000")} pods, ${quick ? "5" : "30"} s windows`,
      );
      results.scale = await runScale({
        quick,
        probes,
        listener,
        stateDir: join(stateDir, "scale"),
        ...(scalePods ? { podCounts: scalePods } : {}),
      });
    }

    if (wants("big-pod")) {
      section("one big pod in the engine (fake runtime)");
      results.big_pod = await runBigPod(dist, { quick });
    }
    section(undefined);
    results.section_s = sections;
  } finally {
    await runtime.close();
    await listener.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
  await sleep(200);
  results.leftover_processes = processesWith(TOKEN).length;
  results.machine.loadavg_at_end = loadavg().map((v) => round(v, 2));
  results.duration_s = round((Date.now() - began) / 1000, 1);
  writeFileSync(outFile, await formatJson(`${JSON.stringify(results, null, 2)}\n`, outFile));
  process.stdout.write(renderMarkdown(results));
  log(`wrote ${outFile} in ${results.duration_s} s; processes left behind: ${results.leftover_processes}`);
  if (results.leftover_processes > 0) process.exitCode = 1;
}

await main();
