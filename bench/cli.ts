/**
 * 3. Pod start-up and Job overhead through the CLI (`node dist/main.js run ... --no-events`): the
 * numbers a user sees, Node's own start-up included.
 * - pod_start_ms: the benchmark spawns `podvisor run` → the app container's first instruction
 *   (its `$EPOCHREALTIME`), for 1 init container + 2 sidecars + 1 app, no probes. Beside it:
 *   node_startup_ms (`node -e 0`, spawn → exit), cli_to_first_container_ms (→ the init container's
 *   first instruction) and pod_run_total_ms (spawn → the CLI's exit).
 * - job_overhead_ms: examples/job-with-log-sidecar.yaml with the worker's script between two
 *   stamps (its shell is bash instead of sh, for `$EPOCHREALTIME`; the script is unchanged): the
 *   CLI's whole run (spawn → exit) minus the worker's own run (last stamp − first stamp).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "./lib/dist.js";
import { SIDECAR_SCRIPT, TOKEN, bash, pod, stampMs, toYaml, type Json } from "./lib/manifests.js";
import { runCli } from "./lib/podvisor.js";
import { calibrate, realNowMs, summarize, type Figure } from "./lib/stats.js";

export interface CliFigures {
  node_startup_ms: Figure;
  pod_start_ms: Figure;
  cli_to_first_container_ms: Figure;
  pod_run_total_ms: Figure;
  job_overhead_ms: Figure;
  job_run_total_ms: Figure;
  job_worker_run_ms: Figure;
  failures: string[];
}

function nodeStartup(): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = realNowMs();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", () => resolve(realNowMs() - start));
  });
}

function podStartManifest(): Json {
  return pod("pod-start", {
    restartPolicy: "Never",
    terminationGracePeriodSeconds: 10,
    initContainers: [
      bash("init", 'echo "I $EPOCHREALTIME"'),
      bash("sc1", SIDECAR_SCRIPT, { restartPolicy: "Always" }),
      bash("sc2", SIDECAR_SCRIPT, { restartPolicy: "Always" }),
    ],
    containers: [bash("app", 'echo "A $EPOCHREALTIME"')],
  });
}

interface ExampleContainer {
  name: string;
  command: string[];
}

function jobManifest(): Json {
  const job = parse(readFileSync(join(repoRoot, "examples/job-with-log-sidecar.yaml"), "utf8")) as {
    spec: { template: { spec: { containers: ExampleContainer[]; initContainers?: ExampleContainer[] } } };
  };
  const spec = job.spec.template.spec;
  const worker = spec.containers.find((c) => c.name === "worker");
  if (!worker) throw new Error("examples/job-with-log-sidecar.yaml has no worker container");
  const script = worker.command[2] ?? "";
  worker.command = [
    "bash",
    "-c",
    `echo "pvbench-start $EPOCHREALTIME"\n${script}echo "pvbench-end $EPOCHREALTIME"\n`,
    TOKEN,
  ];
  for (const container of spec.initContainers ?? []) container.command = [...container.command, TOKEN];
  return job;
}

export async function runCliFigures({
  quick,
  stateDir,
}: {
  quick: boolean;
  stateDir: string;
}): Promise<CliFigures> {
  const dir = mkdtempSync(join(tmpdir(), "pvbench-cli-"));
  try {
    const podFile = join(dir, "pod-start.yaml");
    writeFileSync(podFile, toYaml([podStartManifest()]));
    const jobFile = join(dir, "job.yaml");
    writeFileSync(jobFile, toYaml([jobManifest()]));
    const runs = quick ? 4 : 30;
    const jobRuns = quick ? 2 : 10;
    const node: number[] = [];
    const podStart: number[] = [];
    const firstContainer: number[] = [];
    const podTotal: number[] = [];
    const job: number[] = [];
    const jobTotal: number[] = [];
    const workerRun: number[] = [];
    const failures: string[] = [];
    await nodeStartup(); // warm-up
    // Warm-up, as for node: the first run of a fresh build also makes the CLI's code cache
    // (scripts/cli-entry.mjs), which every later run of `podvisor run` uses.
    await runCli(["-f", podFile, "--state-dir", stateDir, "--no-events"], { onStdout: () => undefined });
    for (let i = 0; i < runs; i++) {
      calibrate();
      node.push(await nodeStartup());
      calibrate();
      const stamps: Record<string, number> = {};
      const run = await runCli(["-f", podFile, "--state-dir", stateDir, "--no-events"], {
        onStdout: (line) => {
          const which = / ([IA]) \d/.exec(line)?.[1];
          const at = stampMs(line);
          if (which !== undefined && at !== undefined) stamps[which] = at;
        },
      });
      if (run.code !== 0)
        failures.push(`pod-start run exited ${run.code}: ${run.stderr.slice(-5).join(" | ")}`);
      podStart.push((stamps["A"] ?? NaN) - run.startMs);
      firstContainer.push((stamps["I"] ?? NaN) - run.startMs);
      podTotal.push(run.endMs - run.startMs);
    }
    for (let i = 0; i < jobRuns; i++) {
      calibrate();
      const stamps: Record<string, number> = {};
      const run = await runCli(["-f", jobFile, "--state-dir", stateDir, "--no-events"], {
        onStdout: (line) => {
          const match = /pvbench-(start|end) (\S+)/.exec(line);
          const at = match?.[2] !== undefined ? stampMs(match[2]) : undefined;
          if (match?.[1] !== undefined && at !== undefined) stamps[match[1]] = at;
        },
      });
      if (run.code !== 0) failures.push(`job run exited ${run.code}: ${run.stderr.slice(-5).join(" | ")}`);
      const total = run.endMs - run.startMs;
      const worker = (stamps["end"] ?? NaN) - (stamps["start"] ?? NaN);
      jobTotal.push(total);
      workerRun.push(worker);
      job.push(total - worker);
    }
    return {
      node_startup_ms: summarize(node),
      pod_start_ms: summarize(podStart),
      cli_to_first_container_ms: summarize(firstContainer),
      pod_run_total_ms: summarize(podTotal),
      job_overhead_ms: summarize(job),
      job_run_total_ms: summarize(jobTotal),
      job_worker_run_ms: summarize(workerRun),
      failures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
