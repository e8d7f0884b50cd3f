/**
 * A container's log on the pod page, following live: the last `tailLines` lines of the current
 * instance (a bound on what a page holds; it keeps as many), then what it writes (streamContainerLog, the reader `podvisor logs -f` uses), then —
 * unlike `kubectl logs -f`, which stops there — each later instance after a restart, announced
 * by a notice, until the run ends or the page goes away. A container that has not started yet
 * is waited for, with the kubelet's message ("is waiting to start: PodInitializing") as a notice.
 */
import type { Clock } from "../../shared/index.js";
import { planContainerLog, streamContainerLog, waitForChange } from "../../store/index.js";
import { LogLineSplitter } from "./log-line-splitter.js";
import type { EventStream } from "./server-sent-events.js";
import type { UiRunSource } from "./ui-run-source.js";

export interface LogFollowOptions {
  /** Lines of an instance's history sent when it is first shown. */
  tailLines: number;
  maxLineChars: number;
  pollMs: number;
}

export interface ContainerRef {
  namespace: string;
  pod: string;
  container: string;
}

export async function followContainerLog(
  source: UiRunSource,
  ref: ContainerRef,
  stream: EventStream,
  clock: Clock,
  options: LogFollowOptions,
): Promise<void> {
  let streamedInstance: number | undefined;
  let notice = "";
  const tell = async (message: string) => {
    if (message !== notice) await stream.send("notice", { message });
    notice = message;
  };
  while (!stream.signal.aborted) {
    const lookup = source.lookUp();
    if (lookup.run === undefined) return tell(lookup.message);
    const { run, live } = lookup;
    const pod = source.pod(run, ref.namespace, ref.pod);
    const plan =
      pod === undefined
        ? { error: `pod "${ref.pod}" is not in run ${run.id}` }
        : planContainerLog(run, pod, ref.container, false);
    if (pod === undefined || "error" in plan || plan.restartCount === streamedInstance) {
      if ("error" in plan) await tell(plan.error);
      if (!live) {
        await stream.send("end", { message: `run ${run.id} has ended` });
        return;
      }
      await waitForChange(source.watchedDir(lookup), clock, options.pollMs, stream.signal);
      continue;
    }
    if (streamedInstance !== undefined) await tell(`restarted (restart count ${plan.restartCount})`);
    streamedInstance = plan.restartCount;
    const splitter = new LogLineSplitter(options.maxLineChars);
    const sendLines = async (lines: ReturnType<LogLineSplitter["push"]>) => {
      if (lines.length > 0) await stream.send("lines", lines);
    };
    await streamContainerLog(
      run,
      pod,
      ref.container,
      plan,
      {
        timestamps: true,
        follow: true,
        pollMs: options.pollMs,
        signal: stream.signal,
        tailLines: options.tailLines,
      },
      (chunk) => sendLines(splitter.push(chunk)),
      clock,
    );
    await sendLines(splitter.flush());
  }
}
