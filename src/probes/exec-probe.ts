/**
 * exec probes (`pkg/probe/exec`): the command runs in the container's environment through the
 * runtime port; exit 0 is Success, anything else Failure with the command's output; a run longer
 * than `timeoutSeconds` is killed and fails with `command "<argv>" timed out` (ExecProbeTimeout, GA).
 */
import type { ContainerRuntime } from "../runtime/index.js";
import type { ProbeRun } from "./probe-outcome.js";

/** The kubelet keeps at most 10 KiB of an exec probe's output. */
const MAX_OUTPUT_CHARS = 10 * 1024;

export async function runExecProbe(
  runtime: ContainerRuntime,
  containerId: string,
  argv: string[],
  timeoutMs: number,
): Promise<ProbeRun> {
  const result = await runtime.execInContainer(containerId, argv, timeoutMs);
  if (result.timedOut) return { outcome: "Failure", message: `command ${goQuote(argv.join(" "))} timed out` };
  const output = result.output.slice(0, MAX_OUTPUT_CHARS);
  return { outcome: result.exitCode === 0 ? "Success" : "Failure", message: output };
}

/** Go's `%q` for a plain string. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}
