/** The shape of bench/results.json. */
import type { BaselineName } from "./baseline.js";
import type { ProbeCost, ProbeType } from "./probe-cost.js";
import type { ProbeSupport } from "./probe-support.js";
import type { ScaleRow } from "./scale.js";
import type { BigPodRow } from "./big-pod.js";
import type { Figure } from "./lib/stats.js";

export interface ReactionFigure extends Figure {
  ratio_to_spawn_exit?: number | null;
  /** latency − spawn_exit_ms (median), for the median and for the p99. */
  overhead_ms?: { median: number | null; p99: number | null };
  /** latency − spawn_ns_first_instruction_ms (median); null for reactions that start no container. */
  overhead_beyond_ns_spawn_ms?: { median: number | null; p99: number | null } | null;
  /**
   * latency − every floor the reaction passes through (medians): the namespaced spawn, plus for
   * an exec probe the end of the probe's process (`exit_seen_ns_ms`: it ends under a parent that
   * entered the container's pid namespace for it), plus for a liveness restart the kill of the
   * old instance (`kill_ns_to_exit_seen_ms`). Informational: issue 17's goal is read against
   * `overhead_beyond_ns_spawn_ms`. null where no exit floor applies.
   */
  overhead_beyond_exit_floors_ms?: { median: number | null; p99: number | null } | null;
  kubelet_anchor_ms: number;
  kubelet_anchor: string;
}

export const REACTION_NAMES = [
  "sidecar_started_to_next_start_ms",
  "sidecar_started_to_next_start_exec_probe_ms",
  "sidecar_started_to_next_start_http_probe_ms",
  "last_main_exit_to_sidecar_sigterm_ms",
  "sidecar_exit_to_previous_sidecar_sigterm_ms",
  "liveness_failure_to_restart_ms",
] as const;
export type ReactionName = (typeof REACTION_NAMES)[number];

export const STARTUP_NAMES = [
  "pod_start_ms",
  "cli_to_first_container_ms",
  "pod_run_total_ms",
  "job_overhead_ms",
  "job_run_total_ms",
  "job_worker_run_ms",
] as const;
export type StartupName = (typeof STARTUP_NAMES)[number];

export interface Machine {
  cores: number;
  cpu_model: string;
  memory_gib: number | null;
  kernel: string;
  node: string;
  isolation?: string;
  launcher?: string;
  loadavg_at_start: (number | null)[];
  loadavg_at_end?: (number | null)[];
  podman: string | null;
}

export type Results = {
  generated_at: string;
  mode: "quick" | "full";
  token: string;
  machine: Machine;
  probes?: ProbeSupport;
  node_startup_ms?: Figure;
  podman_pod_start_ms?: Figure;
  reaction_breakdown?: Record<string, Figure>;
  probe_cost?: Record<ProbeType, ProbeCost>;
  scale?: ScaleRow[];
  big_pod?: BigPodRow[];
  /** spawn_ns_first_instruction_ms / spawn_first_instruction_ms (medians): issue 17's goal is ≤ 1.2. */
  ns_launch_ratio_to_plain_spawn?: number | null;
  /**
   * server_ns_first_instruction_ms / spawn_first_instruction_ms: the same start as the runtime
   * makes it, through the launcher server (beside the ratio, not instead of it).
   */
  server_launch_ratio_to_plain_spawn?: number | null;
  failures?: string[];
  section_s?: Record<string, number | null>;
  leftover_processes?: number;
  duration_s?: number | null;
} & Partial<Record<BaselineName, Figure>> &
  Partial<Record<ReactionName, ReactionFigure>> &
  Partial<Record<StartupName, Figure & { ratio_to_spawn_exit?: number | null }>>;
