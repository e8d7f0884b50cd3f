/**
 * A probe's timing in milliseconds, with the API server's defaults (E2): initialDelaySeconds 0,
 * periodSeconds 10, timeoutSeconds 1, successThreshold 1, failureThreshold 3. Pure.
 */
import type { Probe } from "../api/index.js";

export type ProbeKind = "startup" | "liveness" | "readiness";

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** E2: defaults and minimums as the API server applies them (periodSeconds and timeoutSeconds ≥ 1). */
export function probeTiming(probe: Probe): ProbeTiming {
  const positive = (value: number | undefined, fallback: number) =>
    value !== undefined && value > 0 ? value : fallback;
  return {
    initialDelayMs: Math.max(0, probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: positive(probe.periodSeconds, 10) * 1000,
    timeoutMs: positive(probe.timeoutSeconds, 1) * 1000,
    successThreshold: positive(probe.successThreshold, 1),
    failureThreshold: positive(probe.failureThreshold, 3),
  };
}

/** kubelet `probeType.String()`: the word that opens an `Unhealthy` event. */
export function probeTitle(kind: ProbeKind): "Startup" | "Liveness" | "Readiness" {
  return kind === "startup" ? "Startup" : kind === "liveness" ? "Liveness" : "Readiness";
}
