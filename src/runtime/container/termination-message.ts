import type { LogLine, LogSink } from "../port.js";

/**
 * `terminationMessagePath` and `FallbackToLogsOnError` as the kubelet applies them
 * (pkg/kubelet/kuberuntime/kuberuntime_container.go getTerminationMessage): the file's first
 * 4096 bytes; when it is empty, the container failed and the policy allows, the last 80 lines of
 * its output, at most 2048 bytes.
 */
export const MAX_TERMINATION_MESSAGE_BYTES = 4096;
export const FALLBACK_LOG_LINES = 80;
export const FALLBACK_LOG_BYTES = 2048;

export type TerminationMessagePolicy = "File" | "FallbackToLogsOnError";

export function terminationMessage(input: {
  fileText: string;
  policy: TerminationMessagePolicy;
  exitCode: number;
  lastLines: readonly string[];
}): string | undefined {
  const fromFile = truncateBytes(input.fileText, MAX_TERMINATION_MESSAGE_BYTES);
  if (fromFile !== "") return fromFile;
  if (input.policy !== "FallbackToLogsOnError" || input.exitCode === 0) return undefined;
  const tail = input.lastLines.slice(-FALLBACK_LOG_LINES).join("\n");
  const bytes = Buffer.from(tail);
  const text =
    bytes.length <= FALLBACK_LOG_BYTES
      ? tail
      : bytes.subarray(bytes.length - FALLBACK_LOG_BYTES).toString("utf8");
  return text === "" ? undefined : text;
}

/** Passes every line on and keeps the last 80 whole ones for the fallback. */
export function keepLastLines(sink: LogSink): { sink: LogSink; lines: () => string[] } {
  const kept: string[] = [];
  let partial = "";
  return {
    sink: (line: LogLine) => {
      sink(line);
      if (line.partial) {
        partial += line.text;
        return;
      }
      kept.push(partial + line.text);
      partial = "";
      if (kept.length > FALLBACK_LOG_LINES) kept.shift();
    },
    lines: () => (partial === "" ? [...kept] : [...kept, partial]),
  };
}

function truncateBytes(text: string, max: number): string {
  const bytes = Buffer.from(text);
  return bytes.length <= max ? text : bytes.subarray(0, max).toString("utf8");
}
