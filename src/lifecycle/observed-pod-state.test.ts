import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPodRuntimeState } from "./initial-state.js";
import { observe } from "./observe.js";
import { ObservedPodState } from "./observed-pod-state.js";
import type { Observation, PodRuntimeState } from "./pod-state.js";
import { container, makePod, sidecar } from "./testing/make-pod.js";

const pod = makePod({ init: [container("setup"), sidecar("log")], containers: [container("app")] });
/** The pod's containers and one it does not have (facts about it are ignored). */
const name = fc.constantFrom("setup", "log", "app", "ghost");
const atMs = fc.integer({ min: 0, max: 100_000 });

const observation: fc.Arbitrary<Observation> = fc.oneof(
  fc.record({ type: fc.constant("sandboxReady"), atMs, podIP: fc.constant("10.0.0.2") }),
  fc.record({
    type: fc.constant("containerStarting"),
    name,
    atMs,
    backoff: fc.option(fc.record({ delayMs: atMs, lastUpdateMs: atMs }), { nil: undefined }),
  }),
  fc.record({ type: fc.constant("containerRunning"), name, id: fc.string(), startedAtMs: atMs }),
  fc.record({ type: fc.constant("postStartFailed"), name, message: fc.string() }),
  fc.record({
    type: fc.constant("containerStartFailed"),
    name,
    reason: fc.constant("RunContainerError"),
    message: fc.string(),
    atMs,
  }),
  fc.record({
    type: fc.constant("containerExited"),
    name,
    exit: fc.record({
      exitCode: fc.integer({ min: 0, max: 255 }),
      reason: fc.constantFrom("Completed" as const, "Error" as const),
      startedAtMs: atMs,
      finishedAtMs: atMs,
    }),
  }),
  fc.record({
    type: fc.constant("probeResult"),
    name,
    probe: fc.constantFrom("startup" as const, "liveness" as const, "readiness" as const),
    result: fc.constantFrom("Unknown" as const, "Success" as const, "Failure" as const),
  }),
  fc.record({ type: fc.constant("backOff"), name, message: fc.string(), untilMs: atMs }),
  fc.record(
    {
      type: fc.constant("killStarted"),
      name,
      reason: fc.constant("LivenessProbe" as const),
      atMs,
      gracePeriodMs: atMs,
    },
    { requiredKeys: ["type", "name", "reason", "atMs"] },
  ),
  fc.record({
    type: fc.constant("terminationStarted"),
    reason: fc.constant("Deleted" as const),
    atMs,
    gracePeriodMs: atMs,
  }),
  fc.record({ type: fc.constant("preStopStarted"), name, atMs, budgetMs: atMs }),
  fc.record({ type: fc.constant("preStopFinished"), name, atMs }),
  fc.record({ type: fc.constant("awaitingTurn"), name, atMs, budgetMs: atMs }),
  fc.record({ type: fc.constant("stopSignalled"), name, atMs, gracePeriodMs: atMs }),
  fc.record({ type: fc.constant("containersReset"), atMs }),
);

/** An observation, or a read of the whole state or of one container between observations. */
const step = fc.oneof(
  { arbitrary: observation.map((o) => ({ observe: o })), weight: 4 },
  { arbitrary: fc.constant({ readWhole: true as const }), weight: 1 },
  { arbitrary: name.map((n) => ({ readContainer: n })), weight: 1 },
);

describe("ObservedPodState", () => {
  it("after any sequence of observations and reads, it holds the state observe() folds, key order included", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let folded: PodRuntimeState = createPodRuntimeState(pod, 0);
        const observed = new ObservedPodState(folded);
        for (const s of steps) {
          if ("observe" in s) {
            folded = observe(folded, s.observe);
            observed.observe(s.observe);
          } else if ("readContainer" in s) {
            expect(observed.container(s.readContainer)).toEqual(folded.containers[s.readContainer]);
          } else expect(observed.current()).toEqual(folded);
          expect(observed.termination).toEqual(folded.termination);
        }
        const current = observed.current();
        expect(current).toEqual(folded);
        expect(Object.keys(current.containers)).toEqual(Object.keys(folded.containers));
      }),
    );
  });

  it("never changes a state it handed out", () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 30 }), (observations) => {
        const observed = new ObservedPodState(createPodRuntimeState(pod, 0));
        const handedOut: { state: PodRuntimeState; copy: PodRuntimeState }[] = [];
        for (const o of observations) {
          observed.observe(o);
          const state = observed.current();
          handedOut.push({ state, copy: structuredClone(state) });
        }
        for (const { state, copy } of handedOut) expect(state).toEqual(copy);
      }),
    );
  });

  it("a fact about one container copies no record; the next whole state copies each record once", () => {
    const containers = Array.from({ length: 1000 }, (_, i) => container(`c${i}`));
    let copied = 0;
    const observed = new ObservedPodState(createPodRuntimeState(makePod({ containers }), 0), {
      onRecordsCopied: (count) => (copied += count),
    });
    for (const [i, c] of containers.entries()) {
      observed.observe({ type: "containerStarting", name: c.name, atMs: i, backoff: undefined });
      observed.observe({ type: "containerRunning", name: c.name, id: `id-${i}`, startedAtMs: i });
      expect(observed.container(c.name)?.state.kind).toBe("running");
    }
    expect(copied).toBe(0);
    expect(Object.values(observed.current().containers).every((r) => r.state.kind === "running")).toBe(true);
    expect(copied).toBe(1000);
    observed.current();
    expect(copied).toBe(1000);
  });
});
