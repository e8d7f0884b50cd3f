/** Single-container kills as stop progress decided by the engine (B3, B7, B11, E6, E7, F3, C5.1, C5.3). */
import { describe, expect, it } from "vitest";
import { computePodActions } from "./compute-pod-actions.js";
import { createPodRuntimeState } from "./initial-state.js";
import { observationsForActions } from "./action-observations.js";
import { observe } from "./observe.js";
import type { PodActions, PodRuntimeState } from "./pod-state.js";
import { exitOf, observeAll } from "./testing/apply-actions.js";
import { container, makePod } from "./testing/make-pod.js";

const preStop = { exec: { command: ["drain"] } };
const pod = makePod({
  containers: [
    container("app", { lifecycle: { preStop }, livenessProbe: { exec: { command: ["check"] } } }),
    container("worker", { livenessProbe: { exec: { command: ["check"] } } }),
  ],
});

function running(): PodRuntimeState {
  return observeAll(createPodRuntimeState(pod, 0), [
    { type: "sandboxReady", atMs: 0, podIP: "10.0.0.2" },
    ...["app", "worker"].flatMap((name) => [
      { type: "containerStarting" as const, name, atMs: 0, backoff: undefined },
      { type: "containerRunning" as const, name, id: `${name}-1`, startedAtMs: 0 },
    ]),
  ]);
}

/** Records the plan's steps as taken at `nowMs`, as both executors do. */
function take(state: PodRuntimeState, actions: PodActions, nowMs: number): PodRuntimeState {
  return observeAll(state, observationsForActions(actions, nowMs));
}

const livenessFails = (name: string) =>
  ({ type: "probeResult", name, probe: "liveness", result: "Failure" }) as const;

describe("single kills through the engine's stop progress", () => {
  it("a liveness kill runs preStop within the grace, then stops with the whole seconds left (C5.1, C5.3)", () => {
    let state = observe(running(), livenessFails("app"));
    const decided = computePodActions(pod, state, 1_000);
    expect(decided.killContainers).toEqual([{ name: "app", reason: "LivenessProbe", gracePeriodMs: 30_000 }]);
    state = take(state, decided, 1_000);
    const hook = computePodActions(pod, state, 1_000);
    expect(hook.runPreStop).toEqual([{ name: "app", budgetMs: 30_000 }]);
    expect(hook.wakeAtMs).toBe(31_000);
    state = take(state, hook, 1_000);
    expect(computePodActions(pod, state, 5_000).stopContainers).toEqual([]);
    state = observe(state, { type: "preStopFinished", name: "app", atMs: 6_500 });
    // 5.5 s in the hook count as 5 whole seconds.
    expect(computePodActions(pod, state, 6_500).stopContainers).toEqual([
      { name: "app", gracePeriodMs: 25_000 },
    ]);
  });

  it("a hook that outlasts the grace leaves the 2 s minimum stop window", () => {
    let state = observe(running(), livenessFails("app"));
    state = take(state, computePodActions(pod, state, 0), 0);
    state = take(state, computePodActions(pod, state, 0), 0);
    expect(computePodActions(pod, state, 30_000).stopContainers).toEqual([
      { name: "app", gracePeriodMs: 2_000 },
    ]);
  });

  it("without preStop the stop signal comes at once, with the kill's grace", () => {
    let state = observe(running(), livenessFails("worker"));
    state = take(state, computePodActions(pod, state, 0), 0);
    expect(computePodActions(pod, state, 0).stopContainers).toEqual([
      { name: "worker", gracePeriodMs: 30_000 },
    ]);
  });

  it("B11: kills are serial: the second begins once the first container is gone, and nothing starts meanwhile", () => {
    let state = observeAll(running(), [livenessFails("app"), livenessFails("worker")]);
    state = take(state, computePodActions(pod, state, 0), 0);
    const first = computePodActions(pod, state, 0);
    expect([first.runPreStop.map((s) => s.name), first.stopContainers]).toEqual([["app"], []]);
    state = take(state, first, 0);
    state = observe(state, { type: "preStopFinished", name: "app", atMs: 1_000 });
    state = take(state, computePodActions(pod, state, 1_000), 1_000);
    expect(computePodActions(pod, state, 1_000).stopContainers).toEqual([]);
    state = observe(state, exitOf("app", 137, 0, 3_000));
    const second = computePodActions(pod, state, 3_000);
    expect(second.stopContainers).toEqual([{ name: "worker", gracePeriodMs: 30_000 }]);
    expect(second.startContainers).toEqual([]);
  });

  it("a deletion takes over a kill not begun yet, and lets a begun kill finish", () => {
    let state = observeAll(running(), [livenessFails("app"), livenessFails("worker")]);
    state = take(state, computePodActions(pod, state, 0), 0);
    state = take(state, computePodActions(pod, state, 0), 0); // app's preStop begins
    state = observe(state, {
      type: "terminationStarted",
      reason: "Deleted",
      atMs: 100,
      gracePeriodMs: 10_000,
    });
    expect(state.containers.worker?.killing).toBeUndefined();
    const plan = computePodActions(pod, state, 100);
    expect(plan.stopContainers).toEqual([{ name: "worker", gracePeriodMs: 10_000 }]);
    state = observe(state, { type: "preStopFinished", name: "app", atMs: 2_100 });
    expect(computePodActions(pod, state, 2_100).stopContainers).toContainEqual({
      name: "app",
      gracePeriodMs: 28_000,
    });
  });
});
