/**
 * 5. Probe cost: CPU per 1000 executions of each probe type, running podvisor's own probe handler
 * (`runProbe` from dist/probes, what the probe workers call each period) K times, 4 in flight,
 * against one sleeping container (exec: `sh -c 'printf . >> FILE'`, entered with nsenter) and the
 * listener process (httpGet, tcpSocket, grpc health). podvisor_cpu_ms: this process's user+system
 * time (process.cpuUsage, µs); children_cpu_ms: its reaped children (the exec probe's setpriv,
 * nsenter and sh), from /proc/self/stat at 10 ms resolution. Timers and status bookkeeping are not
 * in it: the scale rows give the in-situ figure for tcpSocket (cpu_ms_per_1000_probes).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Container, Probe } from "../src/api/types.js";
import { loadRunProbe, type ContainerRuntime } from "./lib/dist.js";
import type { Listener } from "./lib/listener.js";
import { TOKEN } from "./lib/manifests.js";
import { procCpuMs, realNowMs, round } from "./lib/stats.js";
import type { ProbeSupport } from "./probe-support.js";

export const PROBE_TYPES = ["exec", "httpGet", "tcpSocket", "grpc"] as const;
export type ProbeType = (typeof PROBE_TYPES)[number];

export interface ProbeCost {
  cpu_ms_per_1000: number | null;
  podvisor_cpu_ms_per_1000?: number | null;
  children_cpu_ms_per_1000?: number | null;
  wall_ms_per_execution?: number | null;
  executions?: number;
  successes?: number;
  reason?: string;
}

export async function runProbeCost(
  runtime: ContainerRuntime,
  { quick, probes, listener }: { quick: boolean; probes: ProbeSupport; listener: Listener },
): Promise<Record<ProbeType, ProbeCost>> {
  if (!probes.supported) {
    const none: ProbeCost = { cpu_ms_per_1000: null, reason: probes.why };
    return { exec: none, httpGet: none, tcpSocket: none, grpc: none };
  }
  const runProbe = await loadRunProbe();
  const dir = mkdtempSync(join(tmpdir(), "pvbench-cost-"));
  const countFile = join(dir, "exec-count");
  const sandbox = await runtime.createSandbox({
    uid: randomUUID(),
    name: "probe-cost",
    namespace: "default",
    volumes: [],
  });
  const container: Container = { name: "app", image: "bench" };
  const started = await runtime.startContainer(
    sandbox,
    {
      name: "app",
      image: "bench",
      argv: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 >/dev/null 2>&1 & wait", TOKEN],
      env: [],
      mounts: [],
      stopSignal: "SIGTERM",
    },
    () => undefined,
  );
  const target = { runtime, containerId: started.id, container, podIP: "127.0.0.1" };
  const probeOf: Record<ProbeType, Probe> = {
    exec: { exec: { command: ["sh", "-c", `printf . >> ${countFile}`] } },
    httpGet: { httpGet: { port: listener.ports.http, path: "/healthz" } },
    tcpSocket: { tcpSocket: { port: listener.ports.tcp } },
    grpc: { grpc: { port: listener.ports.grpc } },
  };
  const results = {} as Record<ProbeType, ProbeCost>;
  try {
    for (const type of PROBE_TYPES) {
      const k = type === "exec" ? (quick ? 100 : 1000) : quick ? 500 : 5000;
      const probe = probeOf[type];
      const runMany = async (count: number): Promise<number> => {
        let next = 0;
        let successes = 0;
        const worker = async () => {
          while (next < count) {
            next++;
            const run = await runProbe(probe, target, 5_000);
            if (run.outcome === "Success") successes++;
          }
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
        return successes;
      };
      await runMany(20); // warm-up
      const cpu0 = process.cpuUsage();
      const children0 = procCpuMs().children;
      const t0 = realNowMs();
      const successes = await runMany(k);
      const wall = realNowMs() - t0;
      const cpu = process.cpuUsage(cpu0);
      const children = procCpuMs().children - children0;
      const self = (cpu.user + cpu.system) / 1000;
      results[type] = {
        cpu_ms_per_1000: round(((self + children) / k) * 1000, 1),
        podvisor_cpu_ms_per_1000: round((self / k) * 1000, 1),
        children_cpu_ms_per_1000: round((children / k) * 1000, 1),
        wall_ms_per_execution: round(wall / k, 3),
        executions: k,
        successes,
      };
    }
    const execRuns = statSync(countFile).size;
    if (execRuns !== (results.exec.executions ?? 0) + 20) {
      results.exec.reason = `the exec probe ran ${execRuns} times, expected ${(results.exec.executions ?? 0) + 20}`;
    }
  } finally {
    await runtime.stopContainer(started.id, 2_000);
    await runtime.removeSandbox(sandbox);
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
