/**
 * The `Unhealthy` event text (kubelet `prober.probe`): "<Kind> probe failed: <output>" for a
 * Failure, "<Kind> probe errored and resulted in unknown state: <error>" for a prober error.
 * One trailing newline of an exec probe's output is dropped so the event stays one line.
 */
import type { ProbeRun } from "./probe-outcome.js";
import { probeTitle, type ProbeKind } from "./probe-timing.js";

export function unhealthyMessage(kind: ProbeKind, run: ProbeRun): string | undefined {
  const output = run.message.replace(/\r?\n$/, "");
  if (run.outcome === "Failure") return `${probeTitle(kind)} probe failed: ${output}`;
  if (run.outcome === "Unknown")
    return `${probeTitle(kind)} probe errored and resulted in unknown state: ${output}`;
  return undefined;
}

/**
 * The `ProbeWarning` event text (kubelet `prober.probe`, `probe.Warning`): "<Kind> probe warning:
 * <output>", for a Success that carries a warning. Trailing newlines (a Go `http.Redirect` page ends
 * in them) are dropped so the event stays one line.
 */
export function probeWarningMessage(kind: ProbeKind, run: ProbeRun): string | undefined {
  if (run.outcome !== "Success" || run.isWarning !== true) return undefined;
  return `${probeTitle(kind)} probe warning: ${run.message.replace(/(\r?\n)+$/, "")}`;
}
