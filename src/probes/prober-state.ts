/**
 * One probe of one container instance as a pure state machine (kubelet `prober/worker.go`
 * `doProbe`, docs/rules/lifecycle.md §E). The shell arms one timer for `nextRunAtMs`, feeds `due` when it
 * fires, runs the probe when told to, and feeds the `outcome`; `record` says when the result the
 * engine sees changes. Time is an input: nothing here reads a clock or starts a timer.
 */
import type { ProbeResult } from "../lifecycle/index.js";
import type { ProbeKind, ProbeTiming } from "./probe-timing.js";

/** What one run of a handler said; "Unknown" is a prober error, discarded (E3). */
export type ProbeOutcome = "Success" | "Failure" | "Unknown";

export interface ProberState {
  kind: ProbeKind;
  timing: ProbeTiming;
  /** The instance's `startedAt`; `initialDelaySeconds` counts from it (E3). */
  startedAtMs: number;
  /** E5: liveness and readiness wait here until the instance has started. */
  isGated: boolean;
  /** No more runs for this instance: E7 (after a liveness/startup Failure), E5 (startup after Success), E10. */
  isStopped: boolean;
  /** A run is in flight; the next one is scheduled when its outcome arrives. */
  isInFlight: boolean;
  /** The result the engine sees (E4 initial values). */
  result: ProbeResult;
  /** The last outcome and how many times in a row it came (kubelet `lastResult`, `resultRun`). */
  lastOutcome?: "Success" | "Failure";
  consecutive: number;
  /** When the shell should feed `due`; undefined: nothing scheduled. */
  nextRunAtMs?: number;
  /** When the run in flight (or the last run) began; the next one is a period later. */
  runStartedAtMs?: number;
}

export type ProberEvent =
  /** The timer armed for `nextRunAtMs` fired. */
  | { type: "due" }
  /** The run the last `due` asked for finished. */
  | { type: "outcome"; outcome: ProbeOutcome }
  /** The instance became started (its startup probe succeeded): liveness and readiness may run (E5, E8). */
  | { type: "started" }
  /** Pod termination began: liveness and startup stop, pinned to Success; readiness continues (C4, E10). */
  | { type: "podTerminating" };

export interface ProbeStep {
  state: ProberState;
  /** Run the handler now, then feed its outcome. */
  run: boolean;
  /** The recorded result changed to this: report a `probeResult` observation. */
  record?: ProbeResult;
}

/** E4: what a new instance starts with. */
export const INITIAL_RESULT: Record<ProbeKind, ProbeResult> = {
  startup: "Unknown",
  liveness: "Success",
  readiness: "Failure",
};

/**
 * A prober for a new instance. `isGated`: the container has a startup probe, so liveness and
 * readiness wait for `started` (E5). Ungated probes first run `initialDelaySeconds` after start
 * (E3) — except liveness and startup probes of a restarted container, given `previousRunAtMs` (the
 * last run's start for the instance before): they first run at the next tick of that period (E3a).
 */
export function createProber(
  kind: ProbeKind,
  timing: ProbeTiming,
  startedAtMs: number,
  isGated: boolean,
  previousRunAtMs?: number,
): ProberState {
  const gated = isGated && kind !== "startup";
  const state: ProberState = {
    kind,
    timing,
    startedAtMs,
    isGated: gated,
    isStopped: false,
    isInFlight: false,
    result: INITIAL_RESULT[kind],
    consecutive: 0,
  };
  if (!gated) state.nextRunAtMs = firstRunAtMs(kind, timing, startedAtMs, previousRunAtMs);
  return state;
}

/**
 * E3a: the kubelet's probe worker lives as long as the container, not the instance, and runs at
 * each tick of its period; a new instance is probed at the first tick once its
 * `initialDelaySeconds` have passed. Readiness is run at once all the same (the prober manager
 * triggers it for a running container that is not ready yet).
 */
function firstRunAtMs(
  kind: ProbeKind,
  timing: ProbeTiming,
  startedAtMs: number,
  previousRunAtMs: number | undefined,
): number {
  const eligibleAtMs = startedAtMs + timing.initialDelayMs;
  if (kind === "readiness" || previousRunAtMs === undefined) return eligibleAtMs;
  const ticks = Math.max(1, Math.ceil((eligibleAtMs - previousRunAtMs) / timing.periodMs));
  return previousRunAtMs + ticks * timing.periodMs;
}

export function nextProbeStep(state: ProberState, event: ProberEvent, nowMs: number): ProbeStep {
  switch (event.type) {
    case "due":
      return onDue(state, nowMs);
    case "outcome":
      return onOutcome(state, event.outcome, nowMs);
    case "started":
      return { state: onStarted(state, nowMs), run: false };
    case "podTerminating":
      return onPodTerminating(state);
  }
}

function onDue(state: ProberState, nowMs: number): ProbeStep {
  const { nextRunAtMs } = state;
  if (
    state.isStopped ||
    state.isGated ||
    state.isInFlight ||
    nextRunAtMs === undefined ||
    nowMs < nextRunAtMs
  )
    return { state, run: false };
  const { nextRunAtMs: _due, ...rest } = state;
  return { state: { ...rest, isInFlight: true, runStartedAtMs: nowMs }, run: true };
}

function onOutcome(state: ProberState, outcome: ProbeOutcome, nowMs: number): ProbeStep {
  if (!state.isInFlight) return { state, run: false };
  const settled: ProberState = { ...state, isInFlight: false };
  // E10: a run that was in flight when liveness/startup stopped is dropped.
  if (settled.isStopped) return { state: settled, run: false };
  // E3: an errored probe changes nothing, not even the run of equal outcomes.
  if (outcome === "Unknown") return { state: scheduleNext(settled, nowMs), run: false };
  const consecutive = settled.lastOutcome === outcome ? settled.consecutive + 1 : 1;
  const counted: ProberState = { ...settled, lastOutcome: outcome, consecutive };
  const threshold = outcome === "Failure" ? state.timing.failureThreshold : state.timing.successThreshold;
  // E3: the recorded result changes only after `threshold` equal outcomes in a row.
  if (consecutive < threshold) return { state: scheduleNext(counted, nowMs), run: false };
  const changed = counted.result !== outcome;
  const recorded: ProberState = { ...counted, result: outcome };
  const step = (next: ProberState): ProbeStep =>
    changed ? { state: next, run: false, record: outcome } : { state: next, run: false };
  // E6, E7: after a liveness/startup failure the prober holds until a new instance exists.
  if (state.kind !== "readiness" && outcome === "Failure") return step(stop({ ...recorded, consecutive: 0 }));
  // E5: once started, the startup probe stops for this instance.
  if (state.kind === "startup" && outcome === "Success") return step(stop(recorded));
  return step(scheduleNext(recorded, nowMs));
}

function onStarted(state: ProberState, nowMs: number): ProberState {
  if (!state.isGated) return state;
  const eligibleAtMs = state.startedAtMs + state.timing.initialDelayMs;
  // E8: readiness runs at once (the kubelet's manual trigger); liveness waits for its next tick.
  const nextRunAtMs =
    state.kind === "readiness"
      ? Math.max(nowMs, eligibleAtMs)
      : Math.max(nowMs + state.timing.periodMs, eligibleAtMs);
  return { ...state, isGated: false, nextRunAtMs };
}

function onPodTerminating(state: ProberState): ProbeStep {
  if (state.kind === "readiness" || state.isStopped) return { state, run: false };
  const stopped = stop({ ...state, isInFlight: false });
  if (state.result === "Success") return { state: stopped, run: false };
  return { state: { ...stopped, result: "Success" }, run: false, record: "Success" };
}

function scheduleNext(state: ProberState, nowMs: number): ProberState {
  const base = state.runStartedAtMs ?? nowMs;
  return { ...state, nextRunAtMs: Math.max(nowMs, base + state.timing.periodMs) };
}

function stop(state: ProberState): ProberState {
  const { nextRunAtMs: _dropped, ...rest } = state;
  return { ...rest, isStopped: true };
}
