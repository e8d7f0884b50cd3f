import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProbeResult } from "../lifecycle/index.js";
import { createProber, nextProbeStep, type ProbeOutcome, type ProberState } from "./prober-state.js";
import { probeTiming, type ProbeKind, type ProbeTiming } from "./probe-timing.js";

const timing = (overrides: Partial<ProbeTiming> = {}): ProbeTiming => ({
  ...probeTiming({}),
  periodMs: 1000,
  ...overrides,
});

interface Trace {
  /** When each run began. */
  runsAtMs: number[];
  /** Each recorded-result change and when. */
  records: [number, ProbeResult][];
  state: ProberState;
}

/**
 * Drives one prober on numbers as the probe manager would: fire `due` at `nextRunAtMs`, answer
 * each run at once with the next scripted outcome (the last repeats), until `untilMs`.
 */
function drive(state: ProberState, outcomes: ProbeOutcome[], untilMs: number, startAtMs = 0): Trace {
  const trace: Trace = { runsAtMs: [], records: [], state };
  let now = startAtMs;
  for (let guard = 0; guard < 10_000; guard++) {
    const at = trace.state.nextRunAtMs;
    if (at === undefined || at > untilMs) break;
    now = Math.max(now, at);
    const due = nextProbeStep(trace.state, { type: "due" }, now);
    trace.state = due.state;
    if (!due.run) continue;
    trace.runsAtMs.push(now);
    const outcome = outcomes[Math.min(trace.runsAtMs.length - 1, outcomes.length - 1)] ?? "Success";
    const step = nextProbeStep(trace.state, { type: "outcome", outcome }, now);
    trace.state = step.state;
    if (step.record !== undefined) trace.records.push([now, step.record]);
  }
  return trace;
}

describe("E3a: the first run of a restarted container's probes (the kubelet's worker keeps its ticker)", () => {
  const firstRun = (kind: ProbeKind, startedAtMs: number, previousRunAtMs?: number, initialDelayMs = 0) =>
    createProber(kind, timing({ periodMs: 10_000, initialDelayMs }), startedAtMs, false, previousRunAtMs)
      .nextRunAtMs;

  it("liveness and startup: the next tick of the previous instance's period, not the restart itself", () => {
    // The failing run began at 10 s; the new instance runs from 10.05 s: next tick 20 s.
    expect(firstRun("liveness", 10_050, 10_000)).toBe(20_000);
    expect(firstRun("startup", 10_050, 10_000)).toBe(20_000);
  });

  it("a restart later than a period (a long grace period, a back-off) waits for the tick after it", () => {
    expect(firstRun("liveness", 41_000, 10_000)).toBe(50_000);
  });

  it("initialDelaySeconds still holds: the first tick once it has passed", () => {
    expect(firstRun("liveness", 10_050, 10_000, 15_000)).toBe(30_000);
  });

  it("readiness runs at once (the prober manager triggers it for a running container not yet ready)", () => {
    expect(firstRun("readiness", 10_050, 10_000)).toBe(10_050);
  });

  it("a container's first instance is probed initialDelaySeconds after it started, as before", () => {
    expect(firstRun("liveness", 10_050)).toBe(10_050);
    expect(firstRun("liveness", 10_050, undefined, 5000)).toBe(15_050);
  });
});

describe("prober state machine (E)", () => {
  it.each<[string, ProbeKind, ProbeResult]>([
    ["E4: a new instance's readiness starts as Failure (not ready)", "readiness", "Failure"],
    ["E4: a new instance's liveness starts as Success", "liveness", "Success"],
    ["E4: a new instance's startup starts as Unknown (not started)", "startup", "Unknown"],
  ])("%s", (_name, kind, initial) => {
    expect(createProber(kind, timing(), 0, false).result).toBe(initial);
  });

  it.each<[string, Partial<ProbeTiming>, number[]]>([
    [
      "E3: without initialDelaySeconds the first run is at startedAt, then every period",
      {},
      [0, 1000, 2000, 3000],
    ],
    ["E3: nothing runs before initialDelaySeconds after startedAt", { initialDelayMs: 2000 }, [2000, 3000]],
    ["E2: periodSeconds spaces the runs", { periodMs: 1500 }, [0, 1500, 3000]],
  ])("%s", (_name, overrides, expected) => {
    expect(drive(createProber("readiness", timing(overrides), 0, false), ["Success"], 3000).runsAtMs).toEqual(
      expected,
    );
  });

  it.each<[string, ProbeKind, Partial<ProbeTiming>, ProbeOutcome[], [number, ProbeResult][]]>([
    [
      "E3, E7: liveness is recorded Failure only after failureThreshold consecutive failures",
      "liveness",
      { failureThreshold: 3 },
      ["Failure"],
      [[2000, "Failure"]],
    ],
    [
      "E3: a success in between starts the count of failures over",
      "liveness",
      { failureThreshold: 2 },
      ["Failure", "Success", "Failure", "Failure"],
      [[3000, "Failure"]],
    ],
    [
      "E3: an errored run (Unknown) is discarded and does not break a run of failures",
      "liveness",
      { failureThreshold: 2 },
      ["Failure", "Unknown", "Failure"],
      [[2000, "Failure"]],
    ],
    [
      "E3: readiness needs successThreshold consecutive successes to become Success",
      "readiness",
      { successThreshold: 3 },
      ["Success"],
      [[2000, "Success"]],
    ],
    [
      "E8, B8: readiness goes back to Failure after failureThreshold failures and recovers",
      "readiness",
      { failureThreshold: 2 },
      ["Success", "Failure", "Failure", "Success"],
      [
        [0, "Success"],
        [2000, "Failure"],
        [3000, "Success"],
      ],
    ],
    [
      "E6: startup is recorded Failure after failureThreshold failures",
      "startup",
      { failureThreshold: 2 },
      ["Failure"],
      [[1000, "Failure"]],
    ],
  ])("%s", (_name, kind, overrides, outcomes, expected) => {
    expect(drive(createProber(kind, timing(overrides), 0, false), outcomes, 10_000).records).toEqual(
      expected,
    );
  });

  it("E7: after a liveness failure the prober holds: no more runs for this instance", () => {
    const trace = drive(
      createProber("liveness", timing({ failureThreshold: 1 }), 0, false),
      ["Failure"],
      10_000,
    );
    expect(trace.runsAtMs).toEqual([0]);
    expect(trace.state.isStopped).toBe(true);
    expect(trace.state.nextRunAtMs).toBeUndefined();
  });

  it("E5: once the startup probe succeeded it stops for this instance", () => {
    const trace = drive(createProber("startup", timing(), 0, true), ["Failure", "Success"], 10_000);
    expect(trace.runsAtMs).toEqual([0, 1000]);
    expect(trace.records).toEqual([[1000, "Success"]]);
    expect(trace.state.isStopped).toBe(true);
  });

  it("E8: readiness keeps running after it failed (it never stops on its own)", () => {
    const trace = drive(
      createProber("readiness", timing({ failureThreshold: 1 }), 0, false),
      ["Failure"],
      5000,
    );
    expect(trace.runsAtMs).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
  });

  it.each<[string, ProbeKind]>([
    ["E5: liveness does not run while the instance has not started", "liveness"],
    ["E5: readiness does not run while the instance has not started", "readiness"],
  ])("%s", (_name, kind) => {
    const state = createProber(kind, timing(), 0, true);
    expect(state.nextRunAtMs).toBeUndefined();
    expect(nextProbeStep(state, { type: "due" }, 5000).run).toBe(false);
  });

  it("E8: when the instance becomes started, readiness runs at once", () => {
    const gated = createProber("readiness", timing({ periodMs: 10_000 }), 0, true);
    expect(nextProbeStep(gated, { type: "started" }, 3000).state.nextRunAtMs).toBe(3000);
  });

  it("E8: started before initialDelaySeconds passed, readiness still waits for the delay", () => {
    const gated = createProber("readiness", timing({ initialDelayMs: 5000 }), 0, true);
    expect(nextProbeStep(gated, { type: "started" }, 3000).state.nextRunAtMs).toBe(5000);
  });

  it("E5: when the instance becomes started, liveness runs from its next period on", () => {
    const gated = createProber("liveness", timing({ periodMs: 10_000 }), 0, true);
    expect(nextProbeStep(gated, { type: "started" }, 3000).state.nextRunAtMs).toBe(13_000);
  });

  it.each<[string, ProbeKind, ProbeResult, ProbeResult | undefined]>([
    [
      "C4, E10: termination stops a failing startup probe and pins it to Success",
      "startup",
      "Unknown",
      "Success",
    ],
    [
      "C4, E10: termination stops liveness; an already-Success result is not re-reported",
      "liveness",
      "Success",
      undefined,
    ],
  ])("%s", (_name, kind, _initial, record) => {
    const step = nextProbeStep(createProber(kind, timing(), 0, false), { type: "podTerminating" }, 1000);
    expect(step.record).toBe(record);
    expect(step.state.isStopped).toBe(true);
    expect(step.state.nextRunAtMs).toBeUndefined();
  });

  it("C4, E10: readiness keeps running through termination", () => {
    const prober = createProber("readiness", timing(), 0, false);
    const step = nextProbeStep(prober, { type: "podTerminating" }, 500);
    expect(step.state).toBe(prober);
    expect(drive(step.state, ["Success"], 2000).runsAtMs).toEqual([0, 1000, 2000]);
  });

  it("E10: a liveness run in flight when termination begins is dropped", () => {
    let state = createProber("liveness", timing({ failureThreshold: 1 }), 0, false);
    state = nextProbeStep(state, { type: "due" }, 0).state;
    state = nextProbeStep(state, { type: "podTerminating" }, 100).state;
    const step = nextProbeStep(state, { type: "outcome", outcome: "Failure" }, 200);
    expect(step.record).toBeUndefined();
    expect(step.state.result).toBe("Success");
  });

  it("E2: a run slower than the period does not overlap the next one; the next starts when it ends", () => {
    let state = createProber("readiness", timing(), 0, false);
    state = nextProbeStep(state, { type: "due" }, 0).state;
    expect(nextProbeStep(state, { type: "due" }, 1000).run).toBe(false);
    state = nextProbeStep(state, { type: "outcome", outcome: "Success" }, 2500).state;
    expect(state.nextRunAtMs).toBe(2500);
  });

  it("property: the recorded result only changes after `threshold` equal outcomes in a row (E3)", () => {
    const outcome = fc.constantFrom<ProbeOutcome>("Success", "Failure", "Unknown");
    fc.assert(
      fc.property(
        fc.constantFrom<ProbeKind>("readiness", "liveness", "startup"),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(outcome, { minLength: 1, maxLength: 30 }),
        (kind, failureThreshold, readinessSuccess, outcomes) => {
          const successThreshold = kind === "readiness" ? readinessSuccess : 1;
          const trace = drive(
            createProber(kind, timing({ failureThreshold, successThreshold }), 0, false),
            outcomes,
            100_000,
          );
          const known = trace.runsAtMs.map((_, i) => outcomes[Math.min(i, outcomes.length - 1)]);
          for (const [atMs, result] of trace.records) {
            const index = trace.runsAtMs.indexOf(atMs);
            const needed = result === "Failure" ? failureThreshold : successThreshold;
            const tail = known
              .slice(0, index + 1)
              .filter((o) => o !== "Unknown")
              .slice(-needed);
            expect(tail).toEqual(Array<ProbeOutcome>(needed).fill(result));
          }
          // E7/E5: liveness and startup never run again after a recorded Failure.
          const failedAt = trace.records.find(([, r]) => r === "Failure")?.[0];
          if (kind !== "readiness" && failedAt !== undefined) expect(trace.runsAtMs.at(-1)).toBe(failedAt);
        },
      ),
    );
  });
});
