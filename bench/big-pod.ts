/**
 * A big pod's start in the engine and the pod worker alone (issue 10 item 12): one pod of N
 * long-running containers on the fake runtime (no processes), from `worker.start()` to the first
 * published status with every container running. The figure is podvisor's own cost of starting
 * N containers — observations, syncs, status — which must grow linearly with N; the container
 * records the worker copied to build whole-state snapshots are counted beside it (the pod worker's
 * `onRecordsCopied`), so `records_copied_per_container` stays flat when it does.
 */
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import type * as AgentModule from "../src/agent/index.js";
import type * as FakeModule from "../src/runtime/fake/index.js";
import type * as PodspecModule from "../src/podspec/index.js";
import { distDir, type Dist, type Pod } from "./lib/dist.js";
import { round, summarize, type Figure } from "./lib/stats.js";

export interface BigPodRow {
  containers: number;
  start_ms: Figure;
  ms_per_container: number | null;
  records_copied_per_container: number | null;
}

const load = async <T>(relative: string): Promise<T> =>
  (await import(pathToFileURL(`${distDir}${relative}`).href)) as T;

function manifest(containers: number): string {
  const list = Array.from(
    { length: containers },
    (_, i) => `    - { name: c${i}, image: busybox, command: [sleep, "3600"] }`,
  );
  return ["apiVersion: v1", "kind: Pod", "metadata: { name: big }", "spec:", "  containers:", ...list].join(
    "\n",
  );
}

async function startOnce(
  dist: Dist,
  modules: { agent: typeof AgentModule; fake: typeof FakeModule; podspec: typeof PodspecModule },
  containers: number,
): Promise<{ ms: number; recordsCopied: number }> {
  const input = dist.api.loadRunInput([{ name: "big.yaml", text: manifest(containers) }], {
    nowMs: Date.now(),
    ids: randomUUID,
  });
  const template = input.pods[0];
  if (!template || input.errors.length > 0) throw new Error(`big pod rejected: ${input.errors.join("; ")}`);
  const pod: Pod = {
    ...template,
    spec: { ...template.spec, nodeName: "bench" },
    metadata: { ...template.metadata, uid: randomUUID() },
  };
  const clock = dist.clock.systemClock;
  let recordsCopied = 0;
  let resolveRunning!: (atMs: number) => void;
  const allRunning = new Promise<number>((resolve) => (resolveRunning = resolve));
  const worker = new modules.agent.PodWorker(pod, {
    runtime: new modules.fake.FakeRuntime(clock),
    clock,
    objects: modules.podspec.lookupInLists({ configMaps: [], secrets: [] }),
    nodeName: "bench",
    hostIP: "127.0.0.1",
    onEvent: () => undefined,
    onLog: () => undefined,
    onRecordsCopied: (count) => (recordsCopied += count),
    onStatus: (current) => {
      const statuses = current.status?.containerStatuses ?? [];
      if (statuses.length === containers && statuses.every((s) => s.state?.running)) {
        resolveRunning(performance.now());
      }
    },
  });
  const startMs = performance.now();
  worker.start();
  const runningMs = await allRunning;
  const copied = recordsCopied;
  worker.delete(0);
  await worker.finished;
  return { ms: runningMs - startMs, recordsCopied: copied };
}

export async function runBigPod(dist: Dist, options: { quick: boolean }): Promise<BigPodRow[]> {
  const modules = {
    agent: await load<typeof AgentModule>("agent/index.js"),
    fake: await load<typeof FakeModule>("runtime/fake/index.js"),
    podspec: await load<typeof PodspecModule>("podspec/index.js"),
  };
  const sizes = options.quick ? [500, 1000, 2000] : [500, 1000, 2000, 4000];
  const repeats = options.quick ? 5 : 9;
  const rows: BigPodRow[] = [];
  // A first pod warms the JIT up, so the first size is not charged with compiling the engine.
  await startOnce(dist, modules, sizes[0] ?? 500);
  for (const containers of sizes) {
    const samples: number[] = [];
    let copied = 0;
    for (let i = 0; i < repeats; i++) {
      const once = await startOnce(dist, modules, containers);
      samples.push(once.ms);
      copied = once.recordsCopied;
    }
    const start = summarize(samples);
    rows.push({
      containers,
      start_ms: start,
      ms_per_container: start.median === null ? null : round(start.median / containers, 4),
      records_copied_per_container: round(copied / containers, 2),
    });
  }
  return rows;
}
