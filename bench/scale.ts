/**
 * 4. Scale: N pods × 3 sleeping containers (each with a 1 s tcpSocket readiness probe against the
 * listener process when the build runs probes) in ONE `podvisor run` process (the CLI):
 * - all_running_ms / all_ready_ms: spawn → the CLI's `get pods -w` line on stderr that makes the
 *   last pod Running / READY 3/3 (the CLI's own report, pushed as it happens, not polled);
 * - rss_mib (median and max of 1 s samples) and cpu_share (podvisor's user+system CPU over the
 *   steady window as a fraction of one core; children_cpu_share: its reaped children), from
 *   /proc/<pid>; machine_cpu_share: the whole machine (2 cores = 2.0), for context;
 * - probes_per_s and cpu_ms_per_1000_probes: connections the listener accepted in the window, and
 *   podvisor's CPU per 1000 of them (all of its steady-state work, so an upper bound);
 * - terminate_ms: SIGTERM to the CLI (graceful deletion of every pod) → the CLI's exit;
 * - leftover_processes: live processes whose command line carries the run's token, afterwards.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Listener } from "./lib/listener.js";
import { TOKEN, pod, toYaml } from "./lib/manifests.js";
import { processesWith, runCli } from "./lib/podvisor.js";
import { machineBusyMs, procCpuMs, procRssKiB, realNowMs, round, sleep } from "./lib/stats.js";
import type { ProbeSupport } from "./probe-support.js";

export interface ScaleRow {
  pods: number;
  containers: number;
  readiness_probes: string;
  all_running_ms: number | null;
  all_ready_ms: number | null;
  steady_window_ms: number | null;
  rss_mib: { median: number | null; max: number | null };
  cpu_share: number | null;
  children_cpu_share: number | null;
  machine_cpu_share: number | null;
  probes_per_s: number | null;
  cpu_ms_per_1000_probes: number | null;
  terminate_ms: number | null;
  exit_code: number | null;
  leftover_processes: number;
}

const SLEEPER = "trap 'exit 0' TERM; sleep 3600 >/dev/null 2>&1 & wait";

function scaleManifest(count: number, probes: boolean, tcpPort: number): string {
  const pods = [];
  for (let i = 0; i < count; i++) {
    const containers = ["a", "b", "c"].map((name) => ({
      name,
      image: "bench",
      command: ["sh", "-c", SLEEPER, TOKEN],
      ...(probes ? { readinessProbe: { tcpSocket: { port: tcpPort }, periodSeconds: 1 } } : {}),
    }));
    pods.push(pod(`scale-${i}`, { restartPolicy: "Never", terminationGracePeriodSeconds: 10, containers }));
  }
  return toYaml(pods);
}

async function scaleRow(
  count: number,
  {
    steadyMs,
    probes,
    listener,
    stateDir,
  }: { steadyMs: number; probes: ProbeSupport; listener: Listener; stateDir: string },
): Promise<ScaleRow> {
  const dir = mkdtempSync(join(tmpdir(), "pvbench-scale-"));
  try {
    const file = join(dir, "scale.yaml");
    writeFileSync(file, scaleManifest(count, probes.supported, listener.ports.tcp));
    const status = new Map<string, { running: boolean; ready: boolean }>();
    let running = 0;
    let ready = 0;
    let allRunningAt: number | undefined;
    let allReadyAt: number | undefined;
    let onAllReady = () => {};
    const allReady = new Promise<"ready">((resolve) => (onAllReady = () => resolve("ready")));
    let child: ChildProcess | undefined;
    const run = runCli(["-f", file, "--state-dir", stateDir, "--no-events"], {
      timeoutMs: 600_000,
      onSpawn: (spawned) => (child = spawned),
      onStderr: (line, atMs) => {
        const match = /^pod\/(\S+)\s+READY (\d+)\/(\d+)\s+STATUS (\S+)/.exec(line);
        if (!match?.[1]) return;
        const [, name, readyCount, total, phase] = match;
        const before = status.get(name) ?? { running: false, ready: false };
        const now = { running: phase === "Running", ready: phase === "Running" && readyCount === total };
        running += Number(now.running) - Number(before.running);
        ready += Number(now.ready) - Number(before.ready);
        status.set(name, now);
        if (running === count && allRunningAt === undefined) allRunningAt = atMs;
        if (ready === count && allReadyAt === undefined) {
          allReadyAt = atMs;
          onAllReady();
        }
      },
    });
    const outcome = await Promise.race([allReady, run.then(() => "ended" as const)]);
    const pid = child?.pid;
    if (outcome !== "ready" || pid === undefined || !child) {
      const result = await run;
      throw new Error(
        `scale ${count}: the run ended before every pod was Ready: ${result.stderr.slice(-5).join(" | ")}`,
      );
    }
    // Let the start-up settle (the first probe rounds, status writes) before the steady window.
    await sleep(Math.min(2_000, steadyMs / 5));
    const cpu0 = procCpuMs(pid);
    const machine0 = machineBusyMs();
    const counts0 = await listener.counts();
    const t0 = realNowMs();
    const rss: number[] = [];
    while (realNowMs() - t0 < steadyMs) {
      rss.push(procRssKiB(pid) ?? NaN);
      await sleep(Math.max(0, Math.min(1_000, steadyMs - (realNowMs() - t0))));
    }
    const cpu1 = procCpuMs(pid);
    const machine1 = machineBusyMs();
    const counts1 = await listener.counts();
    const window = realNowMs() - t0;
    rss.push(procRssKiB(pid) ?? NaN);
    const termAt = realNowMs();
    child.kill("SIGTERM");
    const result = await run;
    await sleep(200);
    const leftovers = processesWith(TOKEN);
    const sorted = rss.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    const probesRun = counts1.tcp - counts0.tcp;
    return {
      pods: count,
      containers: count * 3,
      readiness_probes: probes.supported ? "tcpSocket, periodSeconds 1" : `none (${probes.why})`,
      all_running_ms: round((allRunningAt ?? NaN) - result.startMs, 1),
      all_ready_ms: round((allReadyAt ?? NaN) - result.startMs, 1),
      steady_window_ms: round(window, 0),
      rss_mib: {
        median: round((sorted[Math.floor(sorted.length / 2)] ?? NaN) / 1024, 1),
        max: round((sorted[sorted.length - 1] ?? NaN) / 1024, 1),
      },
      cpu_share: round((cpu1.self - cpu0.self) / window, 4),
      children_cpu_share: round((cpu1.children - cpu0.children) / window, 4),
      machine_cpu_share: round((machine1 - machine0) / window, 3),
      probes_per_s: round((probesRun * 1000) / window, 1),
      cpu_ms_per_1000_probes: probesRun > 0 ? round(((cpu1.self - cpu0.self) * 1000) / probesRun, 1) : null,
      terminate_ms: round(result.endMs - termAt, 1),
      exit_code: result.code,
      leftover_processes: leftovers.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runScale(options: {
  quick: boolean;
  probes: ProbeSupport;
  listener: Listener;
  stateDir: string;
  /** `--scale-pods 1000`: only these rows (issue 17's 1000-pod goal without the full run). */
  podCounts?: number[];
}): Promise<ScaleRow[]> {
  const counts = options.podCounts ?? (options.quick ? [100] : [100, 300, 1000]);
  const steadyMs = options.quick ? 5_000 : 30_000;
  const rows: ScaleRow[] = [];
  for (const count of counts) rows.push(await scaleRow(count, { ...options, steadyMs }));
  return rows;
}
