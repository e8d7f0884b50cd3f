/**
 * 2. Reaction latencies, in-process (a RunSession over the process runtime, no CLI start-up),
 * from the containers' own `$EPOCHREALTIME` stamps:
 *
 * pod: init sidecars sc1, sc2 (restartPolicy: Always) + main; restartPolicy Never.
 *   sc1 "S" → sc2 "S", sc2 "S" → main "M"     sidecar_started_to_next_start_ms (2 samples/pod)
 *   main "M" (its only, so last, instruction) → sc2 "T" (its SIGTERM trap)
 *                                             last_main_exit_to_sidecar_sigterm_ms
 *   sc2 "T" (its trap stamps, then exits 0) → sc1 "T"
 *                                             sidecar_exit_to_previous_sidecar_sigterm_ms
 *
 * With probes (when dist/ runs them): the same start behind a startup probe on the sidecar,
 * from the probe's success — exec: the probe command's own stamp, written to a file just before it
 * exits 0; httpGet: the listener process's stamp when its 200 went to the kernel — to main's first
 * instruction. liveness_failure_to_restart_ms: an exec liveness probe (failureThreshold 1) stamps
 * and fails once → the new instance's first instruction (the first restart has no back-off).
 *
 * The runtime is wrapped to stamp each call podvisor makes (start, stop) and each answer it gets
 * (started, exited): the breakdown splits the reactions into podvisor's decision and the runtime.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContainerRuntime, Dist } from "./lib/dist.js";
import { SIDECAR_SCRIPT, bash, pod, stampMs, toYaml } from "./lib/manifests.js";
import type { Listener } from "./lib/listener.js";
import { runInProcess } from "./lib/podvisor.js";
import { Trace, tracing } from "./lib/traced-runtime.js";
import { absent, calibrate, summarize, type Figure } from "./lib/stats.js";
import type { ProbeSupport } from "./probe-support.js";

export interface Reactions {
  sidecar_started_to_next_start_ms: Figure;
  sidecar_started_to_next_start_exec_probe_ms: Figure;
  sidecar_started_to_next_start_http_probe_ms: Figure;
  last_main_exit_to_sidecar_sigterm_ms: Figure;
  sidecar_exit_to_previous_sidecar_sigterm_ms: Figure;
  liveness_failure_to_restart_ms: Figure;
  breakdown: Record<string, Figure>;
}

let podSeq = 0;
const uniqueName = (prefix: string) => `${prefix}-${(podSeq++).toString(36)}`;

interface Breakdown {
  startedToNextStartCall: number[];
  startCallToFirstInstruction: number[];
  lastInstructionToExitSeen: number[];
  exitSeenToStopCall: number[];
  stopCallToTrap: number[];
}

async function orderingTrial(dist: Dist, baseRuntime: ContainerRuntime, into: Breakdown) {
  const trace = new Trace();
  const runtime = tracing(baseRuntime, trace);
  calibrate();
  const manifest = pod(uniqueName("react"), {
    restartPolicy: "Never",
    terminationGracePeriodSeconds: 10,
    initContainers: [
      bash("sc1", SIDECAR_SCRIPT, { restartPolicy: "Always" }),
      bash("sc2", SIDECAR_SCRIPT, { restartPolicy: "Always" }),
    ],
    containers: [bash("main", 'echo "M $EPOCHREALTIME"')],
  });
  const stamps: Record<string, number> = {};
  await runInProcess(dist, runtime, toYaml([manifest]), {
    onLine: (_pod, container, text) => {
      const at = stampMs(text);
      if (at !== undefined) stamps[`${container}.${text[0]}`] = at;
    },
  });
  const s = (key: string) => stamps[key] ?? NaN;
  const t = (key: string) => trace.at(key);
  into.startedToNextStartCall.push(
    t("sc2.startCall") - t("sc1.started"),
    t("main.startCall") - t("sc2.started"),
  );
  into.startCallToFirstInstruction.push(s("sc2.S") - t("sc2.startCall"), s("main.M") - t("main.startCall"));
  into.lastInstructionToExitSeen.push(t("main.exited") - s("main.M"), t("sc2.exited") - s("sc2.T"));
  into.exitSeenToStopCall.push(t("sc2.stopCall") - t("main.exited"), t("sc1.stopCall") - t("sc2.exited"));
  into.stopCallToTrap.push(s("sc2.T") - t("sc2.stopCall"), s("sc1.T") - t("sc1.stopCall"));
  return {
    started: [s("sc2.S") - s("sc1.S"), s("main.M") - s("sc2.S")],
    lastMainExit: s("sc2.T") - s("main.M"),
    sidecarExit: s("sc1.T") - s("sc2.T"),
  };
}

/** Where a probe-driven reaction's time goes (probe runs stamped in-process, see `tracing`). */
interface ProbeBreakdown {
  execProbeLastInstructionToResult: number[];
  execProbeResultToNextStartCall: number[];
  livenessLastInstructionToResult: number[];
  livenessResultToStopCall: number[];
  livenessStopCallToTrap: number[];
  livenessTrapToExitSeen: number[];
  livenessExitSeenToStartCall: number[];
  livenessStartCallToFirstInstruction: number[];
}

async function startupProbeTrial(
  dist: Dist,
  baseRuntime: ContainerRuntime,
  kind: "exec" | "httpGet",
  dir: string,
  listener: Listener,
  into: ProbeBreakdown,
): Promise<number> {
  const trace = new Trace();
  const runtime = tracing(baseRuntime, trace);
  calibrate();
  const name = uniqueName(`startup-${kind.toLowerCase()}`);
  const stampFile = join(dir, `${name}.probe`);
  const handler =
    kind === "exec"
      ? { exec: { command: ["bash", "-c", `echo "$EPOCHREALTIME" > ${stampFile}`] } }
      : { httpGet: { host: "127.0.0.1", port: listener.ports.http, path: `/t/${name}` } };
  const manifest = pod(name, {
    restartPolicy: "Never",
    terminationGracePeriodSeconds: 10,
    initContainers: [
      bash("sc", SIDECAR_SCRIPT, {
        restartPolicy: "Always",
        startupProbe: { ...handler, periodSeconds: 1, failureThreshold: 30 },
      }),
    ],
    containers: [bash("main", 'echo "M $EPOCHREALTIME"')],
  });
  let main = NaN;
  await runInProcess(dist, runtime, toYaml([manifest]), {
    onLine: (_pod, container, text) => {
      if (container === "main" && text.startsWith("M ")) main = stampMs(text) ?? NaN;
    },
  });
  const probeAt =
    (kind === "exec" ? stampMs(readFileSync(stampFile, "utf8")) : listener.hits.get(name)) ?? NaN;
  if (kind === "exec") {
    const result = trace.firstAfter("sc.execReturned", probeAt);
    into.execProbeLastInstructionToResult.push(result - probeAt);
    into.execProbeResultToNextStartCall.push(trace.at("main.startCall") - result);
  }
  return main - probeAt;
}

async function livenessTrial(
  dist: Dist,
  baseRuntime: ContainerRuntime,
  dir: string,
  into: ProbeBreakdown,
): Promise<number> {
  const trace = new Trace();
  const runtime = tracing(baseRuntime, trace);
  calibrate();
  const name = uniqueName("liveness");
  const failFile = join(dir, `${name}.fail`);
  const readyFile = join(dir, `${name}.ready`);
  // The probe fails once, and only after the container has its SIGTERM trap (as PID 1 it would
  // otherwise ignore the kill until the grace period ends); until then it succeeds.
  const manifest = pod(name, {
    restartPolicy: "Always",
    terminationGracePeriodSeconds: 2,
    containers: [
      bash(
        "app",
        `trap 'echo "T $EPOCHREALTIME"; exit 0' TERM; echo "A $EPOCHREALTIME"; : > ${readyFile}; sleep 600 >/dev/null 2>&1 & wait`,
        {
          livenessProbe: {
            exec: {
              command: [
                "bash",
                "-c",
                `[ -e ${readyFile} ] || exit 0; [ -e ${failFile} ] && exit 0; echo "$EPOCHREALTIME" > ${failFile}; exit 1`,
              ],
            },
            periodSeconds: 1,
            failureThreshold: 1,
          },
        },
      ),
    ],
  });
  const starts: number[] = [];
  let trapAt = NaN;
  await runInProcess(dist, runtime, toYaml([manifest]), {
    onLine: (_pod, _container, text, session) => {
      if (text.startsWith("T ") && Number.isNaN(trapAt)) trapAt = stampMs(text) ?? NaN;
      if (!text.startsWith("A ")) return;
      starts.push(stampMs(text) ?? NaN);
      if (starts.length === 2) session.deleteAll();
    },
  });
  if (starts.length < 2) return NaN;
  const failedAt = stampMs(readFileSync(failFile, "utf8")) ?? NaN;
  const restartedAt = starts[1] ?? NaN;
  const result = trace.firstAfter("app.execReturned", failedAt);
  into.livenessLastInstructionToResult.push(result - failedAt);
  into.livenessResultToStopCall.push(trace.at("app.stopCall") - result);
  into.livenessStopCallToTrap.push(trapAt - trace.at("app.stopCall"));
  into.livenessTrapToExitSeen.push(trace.at("app.exited") - trapAt);
  into.livenessExitSeenToStartCall.push(trace.at("app.startCall", 1) - trace.at("app.exited"));
  into.livenessStartCallToFirstInstruction.push(restartedAt - trace.at("app.startCall", 1));
  return restartedAt - failedAt;
}

export async function runReactions(
  dist: Dist,
  runtime: ContainerRuntime,
  { quick, probes, listener }: { quick: boolean; probes: ProbeSupport; listener: Listener },
): Promise<Reactions> {
  // 450 trials (each gives one exit → SIGTERM figure of each kind and two starts): the p99 of 150
  // was their second largest, so two trials preempted by anything on two shared cores set it.
  const n = quick ? 12 : 450;
  const started: number[] = [];
  const lastMainExit: number[] = [];
  const sidecarExit: number[] = [];
  const fresh = (): Breakdown => ({
    startedToNextStartCall: [],
    startCallToFirstInstruction: [],
    lastInstructionToExitSeen: [],
    exitSeenToStopCall: [],
    stopCallToTrap: [],
  });
  await orderingTrial(dist, runtime, fresh()); // warm-up
  const breakdown = fresh();
  for (let i = 0; i < n; i++) {
    const trial = await orderingTrial(dist, runtime, breakdown);
    started.push(...trial.started);
    lastMainExit.push(trial.lastMainExit);
    sidecarExit.push(trial.sidecarExit);
  }
  const results: Reactions = {
    sidecar_started_to_next_start_ms: summarize(started),
    last_main_exit_to_sidecar_sigterm_ms: summarize(lastMainExit),
    sidecar_exit_to_previous_sidecar_sigterm_ms: summarize(sidecarExit),
    sidecar_started_to_next_start_exec_probe_ms: absent(`probes are not available in dist/: ${probes.why}`),
    sidecar_started_to_next_start_http_probe_ms: absent(`probes are not available in dist/: ${probes.why}`),
    liveness_failure_to_restart_ms: absent(`probes are not available in dist/: ${probes.why}`),
    breakdown: {
      started_to_next_start_call_ms: summarize(breakdown.startedToNextStartCall),
      start_call_to_first_instruction_ms: summarize(breakdown.startCallToFirstInstruction),
      last_instruction_to_exit_seen_ms: summarize(breakdown.lastInstructionToExitSeen),
      exit_seen_to_stop_call_ms: summarize(breakdown.exitSeenToStopCall),
      stop_call_to_sigterm_trap_ms: summarize(breakdown.stopCallToTrap),
    },
  };
  if (!probes.supported) return results;
  const dir = mkdtempSync(join(tmpdir(), "pvbench-probes-"));
  try {
    // 600, not 60 or 200: the p99 of 60 samples is their maximum (summarize takes the ceil(0.99 n)-th),
    // of 200 their third largest; of 600 the seventh, which one stray preemption no longer decides.
    const m = quick ? 12 : 600;
    const exec: number[] = [];
    const http: number[] = [];
    const liveness: number[] = [];
    const probeBreakdown: ProbeBreakdown = {
      execProbeLastInstructionToResult: [],
      execProbeResultToNextStartCall: [],
      livenessLastInstructionToResult: [],
      livenessResultToStopCall: [],
      livenessStopCallToTrap: [],
      livenessTrapToExitSeen: [],
      livenessExitSeenToStartCall: [],
      livenessStartCallToFirstInstruction: [],
    };
    for (let i = 0; i < m; i++) {
      exec.push(await startupProbeTrial(dist, runtime, "exec", dir, listener, probeBreakdown));
      http.push(await startupProbeTrial(dist, runtime, "httpGet", dir, listener, probeBreakdown));
      liveness.push(await livenessTrial(dist, runtime, dir, probeBreakdown));
    }
    const b = probeBreakdown;
    Object.assign(results.breakdown, {
      exec_probe_last_instruction_to_result_ms: summarize(b.execProbeLastInstructionToResult),
      exec_probe_result_to_next_start_call_ms: summarize(b.execProbeResultToNextStartCall),
      liveness_probe_last_instruction_to_result_ms: summarize(b.livenessLastInstructionToResult),
      liveness_result_to_stop_call_ms: summarize(b.livenessResultToStopCall),
      liveness_stop_call_to_sigterm_trap_ms: summarize(b.livenessStopCallToTrap),
      liveness_sigterm_trap_to_exit_seen_ms: summarize(b.livenessTrapToExitSeen),
      liveness_exit_seen_to_restart_call_ms: summarize(b.livenessExitSeenToStartCall),
      liveness_restart_call_to_first_instruction_ms: summarize(b.livenessStartCallToFirstInstruction),
    });
    results.sidecar_started_to_next_start_exec_probe_ms = summarize(exec);
    results.sidecar_started_to_next_start_http_probe_ms = summarize(http);
    results.liveness_failure_to_restart_ms = summarize(liveness);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
