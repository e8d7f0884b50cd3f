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
  /** The instance streamed last, as `<run id>/<restart count>` (a new run may take over `latest`). */
  let streamedInstance: string | undefined;
  let notice = "";
  const tell = async (message: string) => {
    if (message !== notice) await stream.send("notice", { message });
    notice = message;
  };
  while (!stream.signal.aborted) {
    const lookup = source.lookUp();
    if (lookup.run === undefined) {
      await tell(lookup.message);
      await waitForChange(source.watchedDir(lookup), clock, options.pollMs, stream.signal);
      continue;
    }
    const { run, live } = lookup;
    const pod = source.pod(run, ref.namespace, ref.pod);
    const plan =
      pod === undefined
        ? { error: `pod "${ref.pod}" is not in run ${run.id}` }
        : planContainerLog(run, pod, ref.container, false);
    const instance = "error" in plan ? undefined : `${run.id}/${plan.restartCount}`;
    if (pod === undefined || "error" in plan || instance === streamedInstance) {
      if ("error" in plan) await tell(plan.error);
      if (!live) {
        await stream.send("end", { message: `run ${run.id} has ended` });
        return;
      }
      await waitForChange(source.watchedDir(lookup), clock, options.pollMs, stream.signal);
      continue;
    }
    if (streamedInstance?.startsWith(`${run.id}/`) === true)
      await tell(`restarted (restart count ${plan.restartCount})`);
    else if (streamedInstance !== undefined) await tell(`run ${run.id} took over the state directory`);
    streamedInstance = instance;
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
