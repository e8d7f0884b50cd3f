/**
 * Where `podvisor run` sends what its pods do: every event, log line and status change is
 * recorded in the state directory (for `get`, `describe`, `logs`) and printed on the terminal —
 * container output on stdout, events, `get pods -w` transitions and pitfall hints on stderr.
 */
import type { Pod } from "../../api/index.js";
import type { PodvisorEvent } from "../../shared/index.js";
import type { LogLine } from "../../runtime/index.js";
import type { RunSessionDeps } from "../../run/index.js";
import type { StateStore } from "../../store/index.js";
import { createColorAssigner, formatLogLine } from "../printers/log-line.js";
import { createLineJoiner } from "../printers/line-joiner.js";
import { eventHeader, formatEventLine } from "../printers/event-line.js";
import { formatPodStatusLine, podStatusCells, podStatusKey } from "../printers/pod-status-line.js";
import { createBoundedOutput } from "../bounded-output.js";
import type { RunContext, RunOptions } from "./run-command.js";
import { createRunHints } from "./run-hints.js";

/** Container output waiting for a slow terminal, beyond which lines are skipped (they are in the logs). */
const maxTerminalBacklogBytes = 8 * 1024 * 1024;

function skippedNotice(skipped: number): string {
  const lines = skipped === 1 ? "1 line" : `${skipped} lines`;
  return `podvisor: ${lines} of container output not shown here: the terminal fell behind (podvisor logs has every line)\n`;
}

export type RunOutput = Pick<
  RunSessionDeps,
  "onEvent" | "onWarning" | "onLog" | "onLogEnd" | "onPodStatus" | "onJobStatus" | "onWorkloadStatus"
>;

export function createRunOutput(options: RunOptions, ctx: RunContext, store: StateStore): RunOutput {
  const colorOf = createColorAssigner();
  let printedHeader = false;
  const lines = createLineJoiner();
  const terminal = createBoundedOutput(ctx.stdout, {
    maxBufferedBytes: maxTerminalBacklogBytes,
    notice: skippedNotice,
  });
  const printLine = (pod: Pod, container: string, line: LogLine) => {
    const podName = pod.metadata.name ?? "";
    const text = formatLogLine(
      { pod: podName, container, text: line.text, timeMs: line.timeMs },
      {
        color: options.color,
        timestamps: options.timestamps,
        colorIndex: colorOf(podName, container),
        neutralize: options.neutralizeControls === true,
      },
    );
    terminal.write(`${text}\n`);
  };
  const shownPodStatus = new Map<string, string>();
  const hints =
    options.events || options.podStatus !== false
      ? createRunHints(
          (line) => ctx.stderr.write(`${line}\n`),
          () => ctx.clock.now(),
        )
      : undefined;

  const onEvent = (event: PodvisorEvent) => {
    store.recordEvent(event);
    if (options.events) {
      if (!printedHeader) {
        ctx.stderr.write(`${eventHeader}\n`);
        printedHeader = true;
      }
      ctx.stderr.write(`${formatEventLine(event, { color: options.color })}\n`);
    }
    hints?.onEvent(event);
  };

  return {
    onEvent,
    // As kubectl prints the API server's warnings.
    onWarning: (warning) => ctx.stderr.write(`Warning: ${warning}\n`),
    onLog: (pod, container, line, restartCount) => {
      store.recordLog(pod, container, restartCount, line);
      const key = `${pod.metadata.name ?? ""}/${container}`;
      const whole = lines.push(key, line);
      if (whole) printLine(pod, container, whole);
    },
    onLogEnd: (pod, container) => {
      const rest = lines.flush(`${pod.metadata.name ?? ""}/${container}`);
      if (rest) printLine(pod, container, rest);
    },
    onPodStatus: (pod) => {
      store.recordPod(pod);
      if (options.podStatus !== false) {
        const cells = podStatusCells(pod, ctx.clock.now());
        const podKey = `${pod.metadata.namespace ?? "default"}/${cells.name}`;
        const key = podStatusKey(cells);
        if (shownPodStatus.get(podKey) !== key) {
          shownPodStatus.set(podKey, key);
          ctx.stderr.write(`${formatPodStatusLine(cells)}\n`);
        }
      }
      hints?.onPodStatus(pod);
    },
    onJobStatus: (job) => store.recordJob(job),
    onWorkloadStatus: (workload) => store.recordWorkload(workload),
  };
}
