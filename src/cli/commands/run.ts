/**
 * `podvisor run -f FILE...`: parse, admit, run, report. The edge stays thin: the agent runs
 * the pods, the printers format, this file wires them to the terminal and to signals.
 */
import type { Writable } from "node:stream";
import type { Job, List, Pod } from "../../api/types.js";
import type { FieldValidation } from "../../api/decode-manifests.js";
import { formatAdmission, loadRunInput } from "../../admission/index.js";
import type { Clock } from "../../shared/clock.js";
import type { PodvisorEvent } from "../../shared/events.js";
import { InvalidInputError, PlatformError, StateError } from "../../shared/errors.js";
import type { ContainerRuntime, LogLine } from "../../runtime/port.js";
import { RunSession } from "../../agent/run-session.js";
import { StateStore } from "../../agent/state-store.js";
import type { LogRotation } from "../../agent/log-file-writer.js";
import { processStartTime } from "../../agent/run-liveness.js";
import { cleanLostRuns } from "../../agent/clean-lost-runs.js";
import { readManifestSources } from "../read-manifests.js";
import { checkWritableFile } from "../check-writable.js";
import { createColorAssigner, formatLogLine } from "../printers/log-line.js";
import { createLineJoiner } from "../printers/line-joiner.js";
import { eventHeader, formatEventLine } from "../printers/event-line.js";
import { formatPodStatusLine, podStatusCells, podStatusKey } from "../printers/pod-status-line.js";
import { writeFile } from "node:fs/promises";
import { stringify } from "yaml";

export interface RunOptions {
  filename: string[];
  color: boolean;
  timestamps: boolean;
  statusFile?: string;
  timeoutMs?: number;
  maxBackoffMs?: number;
  jobBackoffMs?: number;
  stateDir: string;
  events: boolean;
  /** kubelet containerLogMaxSize/containerLogMaxFiles; default 10Mi and 5. */
  logRotation?: LogRotation;
  /** stdout is a terminal: container text is shown with control characters escaped. */
  neutralizeControls?: boolean;
  /** kubectl's --validate: unknown and duplicate fields are errors (default), warnings, or ignored. */
  validate?: FieldValidation;
  /** Print each pod's `get pods -w` transitions (READY/STATUS/RESTARTS) on stderr; default true. */
  podStatus?: boolean;
}

export interface RunContext {
  clock: Clock;
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable;
  createRuntime: (stateDir: string) => ContainerRuntime;
  nodeName: string;
  newUid: () => string;
  randomSuffix: () => string;
  /** Registers the handler for Ctrl-C / SIGTERM; returns an unregister function. */
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
  argv: string[];
}

/** Exit codes: 0 all succeeded, 1 something failed, 2 invalid input, 124 --timeout hit, 130/143 interrupted. */
export async function runCommand(options: RunOptions, ctx: RunContext): Promise<number> {
  const sources = await readManifestSources(options.filename, ctx.stdin);
  const input = loadRunInput(
    sources,
    { nowMs: ctx.clock.now(), ids: ctx.newUid },
    options.validate ? { validate: options.validate } : {},
  );
  if (input.errors.length > 0) throw new InvalidInputError("invalid input", input.errors);
  for (const warning of input.warnings) ctx.stderr.write(`Warning: ${warning}\n`);
  if (options.statusFile) await checkWritableFile(options.statusFile, "--status-file");
  if (input.pods.length === 0 && input.jobs.length === 0) {
    throw new InvalidInputError("nothing to run: the input has no Pod or Job", []);
  }
  // Which SidecarSets went into which pods (nothing when the input has no SidecarSets).
  for (const admission of input.admissions) ctx.stderr.write(`${formatAdmission(admission)}\n`);

  const runId = `${new Date(ctx.clock.now()).toISOString().replace(/[:.]/g, "").replace("T", "-").slice(0, 15)}-${ctx.randomSuffix()}`;
  // Volumes (Secret files) left by runs whose podvisor was killed: removed before anything else.
  cleanLostRuns(options.stateDir, ctx.clock.now());
  let onEvent: (event: PodvisorEvent) => void = () => undefined;
  const startTime = processStartTime(process.pid);
  const store = new StateStore(
    options.stateDir,
    {
      id: runId,
      pid: process.pid,
      ...(startTime !== undefined ? { processStartTime: startTime } : {}),
      argv: ctx.argv,
      startedAt: new Date(ctx.clock.now()).toISOString(),
    },
    {
      clock: ctx.clock,
      ...(options.logRotation ? { rotation: options.logRotation } : {}),
      // A full disk: say so (once per file) and go on; output keeps streaming, pods keep their lifecycle.
      onFault: (fault) => {
        const message = `cannot write ${fault.path}: ${fault.error.message}; the run goes on, this record is incomplete`;
        ctx.stderr.write(`Warning: podvisor: ${message}\n`);
        if (fault.pod)
          onEvent({
            type: "Warning",
            reason: "FailedToWriteState",
            message,
            involvedObject: { kind: "Pod", ...fault.pod },
            timeMs: ctx.clock.now(),
            source: "kubelet",
          });
      },
    },
  );
  const runtime = ctx.createRuntime(store.runDir);
  const colorOf = createColorAssigner();
  let printedHeader = false;
  const lines = createLineJoiner();
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
    ctx.stdout.write(`${text}\n`);
  };
  const shownPodStatus = new Map<string, string>();

  onEvent = (event: PodvisorEvent) => {
    store.recordEvent(event);
    if (!options.events) return;
    if (!printedHeader) {
      ctx.stderr.write(`${eventHeader}\n`);
      printedHeader = true;
    }
    ctx.stderr.write(`${formatEventLine(event, { color: options.color })}\n`);
  };

  const session = new RunSession(input, {
    runtime,
    clock: ctx.clock,
    nodeName: ctx.nodeName,
    hostIP: "127.0.0.1",
    randomSuffix: ctx.randomSuffix,
    newUid: ctx.newUid,
    ...(options.maxBackoffMs !== undefined ? { engineOptions: { maxBackoffMs: options.maxBackoffMs } } : {}),
    ...(options.jobBackoffMs !== undefined ? { jobOptions: { podBackoffCapMs: options.jobBackoffMs } } : {}),
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
    },
    onJobStatus: (job) => store.recordJob(job),
  });

  let stopReason: "timeout" | "SIGINT" | "SIGTERM" | undefined;
  const interrupt = (reason: "timeout" | "SIGINT" | "SIGTERM") => {
    if (stopReason && reason !== "timeout") {
      ctx.stderr.write("podvisor: forced: killing every container now\n");
      void runtime.close().finally(() => process.exit(reason === "SIGINT" ? 130 : 143));
      return;
    }
    if (stopReason) return;
    stopReason = reason;
    const why = reason === "timeout" ? "--timeout reached" : `${reason} received`;
    ctx.stderr.write(
      `podvisor: ${why}: deleting pods gracefully${reason === "timeout" ? "" : " (press Ctrl-C again to force)"}\n`,
    );
    session.deleteAll();
  };
  const unregister = ctx.onSignal(interrupt);
  const timeoutAbort = new AbortController();
  if (options.timeoutMs !== undefined) {
    ctx.clock.sleep(options.timeoutMs, timeoutAbort.signal).then(
      () => interrupt("timeout"),
      () => {},
    );
  }

  let exitCode = 1;
  try {
    const result = await session.run();
    exitCode =
      stopReason === "timeout"
        ? 124
        : stopReason === "SIGINT"
          ? 130
          : stopReason === "SIGTERM"
            ? 143
            : result.succeeded
              ? 0
              : 1;
    if (options.statusFile) await writeStatusFile(options.statusFile, result.pods, result.jobs);
    return exitCode;
  } catch (error) {
    exitCode = error instanceof PlatformError ? 2 : 1;
    throw error;
  } finally {
    timeoutAbort.abort();
    unregister();
    await runtime.close();
    await store.close(exitCode, new Date(ctx.clock.now()).toISOString());
  }
}

/** A `v1 List` of the final Jobs and Pods; YAML when the path ends in .yaml/.yml, JSON otherwise. */
async function writeStatusFile(path: string, pods: Pod[], jobs: Job[]): Promise<void> {
  const list: List<Pod | Job> = {
    apiVersion: "v1",
    kind: "List",
    metadata: { resourceVersion: "" },
    items: [...jobs, ...pods],
  };
  // Checked before the run; it can still fail now (disk full, removed directory): say so, no stack trace.
  await writeFile(
    path,
    /\.ya?ml$/i.test(path) ? stringify(list) : `${JSON.stringify(list, null, 2)}\n`,
  ).catch((error: unknown) => {
    throw new StateError(`cannot write --status-file ${path}: ${(error as Error).message}`, { cause: error });
  });
}
