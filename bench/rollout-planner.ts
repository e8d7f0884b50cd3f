/**
 * The planner's CPU per reconcile (bench/rollout.ts, part 1): `planRolloutRound` — defaulting,
 * revision history, the rollout plan — over N pods injected by podvisor's own injection, timed
 * in this process. Two moments of a rollout: its start (every pod on the old revision, the
 * first batch planned) and its middle (half the pods updated). The baseline is the same loop
 * over the pods doing nothing but reading each pod's revision annotation (the cost of merely
 * touching every pod once).
 */
import { kruiseAnnotations } from "../src/api/sidecarset/sidecarset-types.js";
import type { Pod } from "../src/api/types.js";
import { planRolloutRound } from "../src/controllers/sidecarset-rollout/plan-rollout-round.js";
import {
  injectedPod,
  meshSidecarSet,
  withImages,
} from "../src/controllers/sidecarset-rollout/testing/rollout-fixtures.js";
import { summarize, type Figure } from "./lib/stats.js";

export interface PlannerRow {
  pods: number;
  moment: "start" | "middle";
  plan_ms: Figure;
  touch_every_pod_ms: Figure;
  planned_updates: number;
}

export function measurePlanner(pods: number, samples: number): PlannerRow[] {
  const v1 = meshSidecarSet("1");
  const v2 = withImages(meshSidecarSet("1", { maxUnavailable: "10%" }), "2");
  const names = Array.from({ length: pods }, (_, i) => `web-${i}`);
  const start = names.map((name) => injectedPod(name, [v1]));
  const middle = names.map((name, i) => injectedPod(name, [i % 2 === 0 ? v2 : v1]));
  const rows: PlannerRow[] = [];
  for (const [moment, list] of [
    ["start", start],
    ["middle", middle],
  ] as const) {
    const plan = () =>
      planRolloutRound({
        stored: v2 as never,
        revisions: [],
        revisionNamespace: "kruise-system",
        pods: list,
        namespaces: new Map([["default", {}]]),
        nowMs: Date.UTC(2026, 0, 1),
      });
    const planned = plan().actions.podUpdates.length;
    for (let i = 0; i < Math.min(5, samples); i++) plan(); // warm-up
    const planMs: number[] = [];
    const touchMs: number[] = [];
    let sink = 0;
    for (let i = 0; i < samples; i++) {
      // Interleaved, so load on the shared machine hits both alike.
      let started = performance.now();
      sink += touchEveryPod(list);
      touchMs.push(performance.now() - started);
      started = performance.now();
      plan();
      planMs.push(performance.now() - started);
    }
    if (sink < 0) throw new Error("unreachable");
    rows.push({
      pods,
      moment,
      plan_ms: summarize(planMs),
      touch_every_pod_ms: summarize(touchMs),
      planned_updates: planned,
    });
  }
  return rows;
}

function touchEveryPod(pods: readonly Pod[]): number {
  let length = 0;
  for (const pod of pods)
    length += (pod.metadata.annotations?.[kruiseAnnotations.sidecarSetHash] ?? "").length;
  return length;
}
