/**
 * `podvisor run -f FILE...`: parse, admit, run, report. The edge stays thin: run/ runs the pods
 * and Jobs, the printers format, this file wires them to the terminal, the state directory and
 * the signals the composition root (main.ts) hands in.
 */
import type { Writable } from "node:stream";
import {
  defaultJob,
  type CronJob,
  type FieldValidation,
  type FeatureGates,
  type Fields,
  type Job,
  type List,
  type Pod,
  type Workload,
} from "../../api/index.js";
import { buildManualJob } from "../../controllers/index.js";
import { formatAdmission, loadRunInput } from "../../admission/index.js";
import {
  type Clock,
  InvalidInputError,
  PlatformError,
  type PodvisorEvent,
  StateError,
} from "../../shared/index.js";
import type { ContainerRuntime, RuntimeCapabilities } from "../../runtime/index.js";
import { describeUnmounted } from "../../runtime/container/index.js";
import { RunSession } from "../../run/index.js";
import { defaultSidecarHelperSource } from "../../sidecarset/index.js";
import { StateStore, cleanLostRuns, processStartTime, type LogRotation } from "../../store/index.js";
import { readManifestSources } from "../read-manifests.js";
import { checkWritableFile } from "../check-writable.js";
import { createRunOutput } from "./run-output.js";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
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
  /** `--runtime`: local processes (default) or real containers through a container engine. */
  runtime?: "process" | "container";
  /** `--engine-socket`, for the container runtime. */
  engineSocket?: string;
  /** `--feature-gates`: the kubelet's gates (SidecarContainers=false plays an old node). */
  featureGates?: FeatureGates;
  /** `--trigger cronjob/NAME`: one Job of that CronJob now, instead of its schedule. */
  trigger?: string[];
  /**
   * `--sidecar-helper`: the podvisor-sidecar binary on this host (process backend), or an image
   * holding it at /usr/local/bin/podvisor-sidecar (container backend).
   */
  sidecarHelper?: string;
}

/** What the composition root needs to build the chosen runtime for one run. */
export interface RuntimeSelection {
  kind: "process" | "container";
  engineSocket?: string;
  runId: string;
  /** A line for the user on stderr (e.g. the container runtime's cleanup of dead runs). */
  onNotice: (text: string) => void;
}

export interface RunContext {
  clock: Clock;
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable;
  createRuntime: (stateDir: string, selection?: RuntimeSelection) => ContainerRuntime;
  /** What the backend createRuntime makes can do (admission refuses volumes it cannot provide). */
  runtimeCapabilities: RuntimeCapabilities;
  nodeName: string;
  newUid: () => string;
  randomSuffix: () => string;
  /** Registers the handler for Ctrl-C / SIGTERM; returns an unregister function. */
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
  argv: string[];
  pid: number;
  exit: (code: number) => never;
  hostIP: string;
}

/** Exit codes: 0 all succeeded, 1 something failed, 2 invalid input, 124 --timeout hit, 130/143 interrupted. */
export async function runCommand(options: RunOptions, ctx: RunContext): Promise<number> {
  const sources = await readManifestSources(options.filename, ctx.stdin);
  const input = loadRunInput(
    sources,
    { nowMs: ctx.clock.now(), ids: ctx.newUid },
    {
      volumeTypes: ctx.runtimeCapabilities.volumeTypes,
      ...(options.validate ? { validate: options.validate } : {}),
      // The process backend has no images: its install container runs the helper from the host.
      ...(options.sidecarHelper !== undefined
        ? {
            sidecarHelper:
              (options.runtime ?? "process") === "process"
                ? { ...defaultSidecarHelperSource, binary: options.sidecarHelper }
                : { ...defaultSidecarHelperSource, image: options.sidecarHelper },
          }
        : {}),
    },
  );
  if (input.errors.length > 0) throw new InvalidInputError("invalid input", input.errors);
  for (const warning of input.warnings) ctx.stderr.write(`Warning: ${warning}\n`);
  if (options.statusFile) await checkWritableFile(options.statusFile, "--status-file");
  for (const ref of options.trigger ?? []) triggerCronJob(input, ref, ctx);
  if (input.notRun.length > 0)
    ctx.stderr.write(
      `Warning: not run (podvisor run runs Pods, Jobs and workloads; nothing here serves these): ${input.notRun.join(", ")}\n`,
    );
  if (input.pods.length === 0 && input.jobs.length === 0 && input.workloads.length === 0) {
    throw new InvalidInputError("nothing to run: the input has no Pod, Job or workload", []);
  }
  // Which SidecarSets went into which pods (nothing when the input has no SidecarSets).
  for (const admission of input.admissions) ctx.stderr.write(`${formatAdmission(admission)}\n`);

  const runId = `${new Date(ctx.clock.now()).toISOString().replace(/[:.]/g, "").replace("T", "-").slice(0, 15)}-${ctx.randomSuffix()}`;
  // Volumes (Secret files) left by runs whose podvisor was killed: removed before anything else.
  // Only the runs that registered as live are looked at (issue 17); `podvisor cleanup` looks at all.
  const lost = cleanLostRuns(options.stateDir, ctx.clock.now(), "registered");
  if (lost.unmounted.length > 0)
    ctx.stderr.write(
      `unmounted what dead podvisor runs (${[...new Set(lost.unmounted.map((m) => m.run))].join(", ")}) left mounted: ${lost.unmounted.map(describeUnmounted).join(", ")}\n`,
    );
  let emitEvent: (event: PodvisorEvent) => void = () => undefined;
  const startTime = processStartTime(ctx.pid);
  const store = new StateStore(
    options.stateDir,
    {
      id: runId,
      pid: ctx.pid,
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
          emitEvent({
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
  const runtime = ctx.createRuntime(store.runDir, {
    kind: options.runtime ?? "process",
    ...(options.engineSocket !== undefined ? { engineSocket: options.engineSocket } : {}),
    runId,
    onNotice: (text) => ctx.stderr.write(`${text}\n`),
  });
  const output = createRunOutput(options, ctx, store);
  emitEvent = output.onEvent;
  const session = new RunSession(input, {
    runtime,
    clock: ctx.clock,
    nodeName: ctx.nodeName,
    hostIP: ctx.hostIP,
    randomSuffix: ctx.randomSuffix,
    newUid: ctx.newUid,
    ...(options.featureGates ? { featureGates: options.featureGates } : {}),
    ...(options.maxBackoffMs !== undefined ? { engineOptions: { maxBackoffMs: options.maxBackoffMs } } : {}),
    ...(options.jobBackoffMs !== undefined ? { jobOptions: { podBackoffCapMs: options.jobBackoffMs } } : {}),
    // A StatefulSet's claims: directories of the run, kept when a pod is replaced.
    claimDirectory: (namespace, claim) => join(store.runDir, "claims", namespace, claim),
    ...output,
  });

  let stopReason: "timeout" | "SIGINT" | "SIGTERM" | undefined;
  const interrupt = (reason: "timeout" | "SIGINT" | "SIGTERM") => {
    if (stopReason && reason !== "timeout") {
      ctx.stderr.write("podvisor: forced: killing every container now\n");
      void runtime.close().finally(() => ctx.exit(reason === "SIGINT" ? 130 : 143));
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
    if (options.statusFile)
      await writeStatusFile(options.statusFile, [...result.workloads, ...result.jobs, ...result.pods]);
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

/** A `v1 List` of the final workloads, Jobs and Pods; YAML when the path ends in .yaml/.yml, JSON otherwise. */
async function writeStatusFile(path: string, items: (Workload | Job | Pod)[]): Promise<void> {
  const list: List<Workload | Job | Pod> = {
    apiVersion: "v1",
    kind: "List",
    metadata: { resourceVersion: "" },
    items,
  };
  // Checked before the run; it can still fail now (disk full, removed directory): say so, no stack trace.
  await writeFile(
    path,
    /\.ya?ml$/i.test(path) ? stringify(list) : `${JSON.stringify(list, null, 2)}\n`,
  ).catch((error: unknown) => {
    throw new StateError(`cannot write --status-file ${path}: ${(error as Error).message}`, { cause: error });
  });
}

/**
 * `--trigger cronjob/NAME`: the CronJob's Job now, as `kubectl create job <name> --from=cronjob/NAME`
 * makes it (named `<cronjob>-manual-<suffix>`, since podvisor asks for no name), instead of the
 * CronJob's schedule: the run then ends with that Job.
 */
function triggerCronJob(input: RunInputWithWorkloads, ref: string, ctx: RunContext): void {
  const match = /^(?:cronjob|cronjobs|cj|cronjob\.batch|cronjobs\.batch)\/(.+)$/i.exec(ref);
  if (!match) throw new InvalidInputError(`--trigger ${ref}: expected cronjob/NAME`);
  const name = match[1] ?? "";
  const cronJob = input.workloads.find(
    (workload): workload is CronJob => workload.kind === "CronJob" && workload.metadata.name === name,
  );
  if (cronJob === undefined)
    throw new InvalidInputError(`--trigger ${ref}: the input has no CronJob "${name}"`);
  const job = buildManualJob(cronJob, `${name}-manual-${ctx.randomSuffix()}`.slice(0, 63));
  const admitted = job as unknown as Fields;
  defaultJob(admitted, { nowMs: ctx.clock.now(), ids: ctx.newUid });
  input.jobs.push(admitted as unknown as Job);
  input.workloads = input.workloads.filter((workload) => workload !== cronJob);
}

type RunInputWithWorkloads = ReturnType<typeof loadRunInput>;
