/** The markdown tables `npm run bench` prints (bench/README.md shows the full run's) from results.json. */
import { BASELINE_NAMES } from "./baseline.js";
import { PROBE_TYPES } from "./probe-cost.js";
import { REACTION_NAMES, STARTUP_NAMES, type Results } from "./results.js";
import type { Figure } from "./lib/stats.js";

const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? "—" : value.toFixed(digits);
const pair = (figure: { median: number | null; p99: number | null } | null | undefined): string =>
  figure ? `${fmt(figure.median)} / ${fmt(figure.p99)}` : "—";
const row = (name: string, figure: Figure | undefined): string =>
  `| \`${name}\` | ${pair(figure)} | ${figure?.n ?? 0} |${figure?.reason ? ` ${figure.reason}` : ""}`;

export function renderMarkdown(r: Results): string {
  const m = r.machine;
  const out: string[] = [
    `### podvisor benchmarks (${r.mode} run, ${r.generated_at})`,
    "",
    `Machine: ${m.cores} cores (${m.cpu_model}), ${m.memory_gib} GiB, Linux ${m.kernel}, Node ${m.node}, isolation \`${m.isolation ?? "?"}\`; load average ${m.loadavg_at_start.join(" ")} at the start, ${m.loadavg_at_end?.join(" ") ?? "?"} at the end. Probes in this build: ${r.probes?.supported ? "yes" : `no (${r.probes?.why ?? "?"})`}.`,
    "",
    "Times in ms, median / p99 (p99 is the maximum when n < 100).",
    "",
    "| baseline | median / p99 | n |",
    "| --- | --- | --- |",
  ];
  for (const name of [...BASELINE_NAMES, "node_startup_ms" as const]) out.push(row(name, r[name]));
  out.push(
    "",
    `Launcher: ${m.launcher ?? "?"}; namespaced spawn → first instruction ÷ plain spawn → first instruction: ${fmt(r.ns_launch_ratio_to_plain_spawn, 2)} (goal ≤ 1.2); the same start through the launcher server, as the runtime makes it: ${fmt(r.server_launch_ratio_to_plain_spawn, 2)}.`,
  );
  out.push(
    "",
    "| reaction | median / p99 | n | × spawn_exit | − spawn_exit (median / p99) | − namespaced spawn to first instruction (median / p99) | − also the exit floors (median / p99) | kubelet anchor |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const name of REACTION_NAMES) {
    const f = r[name];
    if (!f || f.median === null) {
      out.push(
        `| \`${name}\` | — | 0 | | | | | ${f?.kubelet_anchor_ms ?? 1000} ms; not measured: ${f?.reason ?? "?"} |`,
      );
      continue;
    }
    const beyondNs = f.overhead_beyond_ns_spawn_ms
      ? pair(f.overhead_beyond_ns_spawn_ms)
      : "n/a (starts nothing)";
    const beyondExits = f.overhead_beyond_exit_floors_ms ? pair(f.overhead_beyond_exit_floors_ms) : "n/a";
    out.push(
      `| \`${name}\` | ${pair(f)} | ${f.n} | ${fmt(f.ratio_to_spawn_exit, 2)} | ${pair(f.overhead_ms)} | ${beyondNs} | ${beyondExits} | ${f.kubelet_anchor_ms} ms |`,
    );
  }
  if (r.reaction_breakdown) {
    out.push(
      "",
      "| where the reaction time goes (runtime calls stamped in-process) | median / p99 | n |",
      "| --- | --- | --- |",
    );
    for (const [name, f] of Object.entries(r.reaction_breakdown)) out.push(row(name, f));
  }
  out.push("", "| start-up, through the CLI | median / p99 | n |", "| --- | --- | --- |");
  for (const name of STARTUP_NAMES) out.push(row(name, r[name]));
  out.push(row("podman_pod_start_ms", r.podman_pod_start_ms));
  if (r.scale?.length) {
    out.push(
      "",
      "| pods × 3 containers | readiness probes | all Running | all Ready | RSS median / max (MiB) | podvisor CPU (of 1 core) | probes/s | CPU ms per 1000 probes | machine CPU (of 2.0) | terminate all | exit code | processes left |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const s of r.scale) {
      out.push(
        `| ${s.pods} | ${s.readiness_probes} | ${fmt(s.all_running_ms, 0)} | ${fmt(s.all_ready_ms, 0)} | ${fmt(s.rss_mib.median)} / ${fmt(s.rss_mib.max)} | ${fmt(s.cpu_share, 3)} | ${fmt(s.probes_per_s, 0)} | ${fmt(s.cpu_ms_per_1000_probes)} | ${fmt(s.machine_cpu_share, 2)} | ${fmt(s.terminate_ms, 0)} | ${s.exit_code ?? "?"} | ${s.leftover_processes} |`,
      );
    }
  }
  if (r.big_pod?.length) {
    out.push(
      "",
      "| one pod of N containers, fake runtime (engine + pod worker) | start → all Running, median / p99 | n | ms per container | records copied per container |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const b of r.big_pod) {
      out.push(
        `| ${b.containers} | ${pair(b.start_ms)} | ${b.start_ms.n} | ${fmt(b.ms_per_container, 3)} | ${fmt(b.records_copied_per_container, 2)} |`,
      );
    }
  }
  if (r.probe_cost) {
    out.push(
      "",
      "| probe cost | CPU ms per 1000 executions | of which podvisor | of which children | wall ms per execution (4 in flight) | executions |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const type of PROBE_TYPES) {
      const c = r.probe_cost[type];
      out.push(
        c.cpu_ms_per_1000 === null
          ? `| ${type} | — (${c.reason ?? "?"}) | | | | |`
          : `| ${type} | ${fmt(c.cpu_ms_per_1000)} | ${fmt(c.podvisor_cpu_ms_per_1000)} | ${fmt(c.children_cpu_ms_per_1000)} | ${fmt(c.wall_ms_per_execution, 2)} | ${c.executions ?? 0} |`,
      );
    }
  }
  if (r.failures?.length) out.push("", "Failures:", ...r.failures.map((f) => `- ${f}`));
  out.push(
    "",
    `Processes left after the run: ${r.leftover_processes ?? "?"}. Duration ${r.duration_s ?? "?"} s.`,
    "",
  );
  return out.join("\n");
}
