/**
 * `computePodActions(pod, state, now)`: what to do now, as data (kubelet
 * `kuberuntime_manager.go` computePodActions). Pure: the agent carries the plan out, records what
 * happened with `observe`, and asks again on every event or at `wakeAtMs`.
 *
 * The plan is idempotent: asking twice about the same state gives the same plan, and once its
 * steps are recorded the engine does not repeat them (a `backOff` hold is listed only when it
 * differs from the one already recorded). `beginTermination` and `createSandbox` come alone: the
 * agent records them and asks again.
 */
import type { Pod } from "../api/index.js";
import { listRegularContainers } from "./container-specs.js";
import { FAILED_SYNC_RETRY_MS, planImagePull } from "./image-pull-backoff.js";
import { computeInitProgress } from "./init-progress.js";
import { isPodCompleted, podGracePeriodMs } from "./pod-completion.js";
import { computeDeadlineMs } from "./pod-deadline.js";
import type { PodActions, PodRuntimeState, PodTerminationReason } from "./pod-state.js";
import { computeProbeKills } from "./probe-kills.js";
import { computeSpecChangeKills } from "./spec-change-kills.js";
import { needsStart, podRestartPolicy } from "./restart-decision.js";
import { computeRestartAllActions, isRestartAllDue } from "./restart-all.js";
import { planContainerStart, resolveBackoffPolicy } from "./restart-backoff.js";
import { computeTerminationActions } from "./termination-order.js";
import { computeTerminationRestarts } from "./termination-restarts.js";
import { computeKillSteps } from "./kill-progress.js";
import { filterStartable } from "./wait-order.js";

export interface EngineOptions {
  /** kubelet `crashLoopBackOff.maxContainerRestartPeriod` (B4): the backoff cap, default 300 000. */
  maxBackoffMs?: number;
  /**
   * The feature gate `SidecarsRestartableDuringPodTermination` (KEP-4438, alpha, default off): a
   * sidecar that exits during pod termination before its turn is restarted (termination-restarts.ts).
   */
  sidecarsRestartableDuringPodTermination?: boolean;
}

function createEmptyActions(): PodActions {
  return {
    createSandbox: false,
    startContainers: [],
    backOff: [],
    imagePullBackOff: [],
    killContainers: [],
    runPreStop: [],
    awaitTurn: [],
    stopContainers: [],
    resetContainers: false,
    isFinished: false,
  };
}

function withWake(actions: PodActions, wakes: readonly (number | undefined)[]): PodActions {
  const times = wakes.filter((t): t is number => t !== undefined);
  if (times.length > 0) actions.wakeAtMs = Math.min(...times);
  return actions;
}

function beginTermination(pod: Pod, reason: PodTerminationReason): PodActions {
  return { ...createEmptyActions(), beginTermination: { reason, gracePeriodMs: podGracePeriodMs(pod) } };
}

/** `pod` is already defaulted (restartPolicy, terminationGracePeriodSeconds). */
export function computePodActions(
  pod: Pod,
  state: PodRuntimeState,
  nowMs: number,
  options: EngineOptions = {},
): PodActions {
  // C4, C10: once termination began nothing starts or restarts and probe failures are ignored
  // (but for the opt-in KEP-4438 sidecar restarts).
  if (state.termination) {
    const { wakeAtMs, ...termination } = computeTerminationActions(pod, state, nowMs);
    // A single kill under way when termination began goes on to its end (B11).
    const kill = computeKillSteps(pod, state, nowMs);
    termination.runPreStop.push(...kill.runPreStop);
    termination.stopContainers.push(...kill.stopContainers);
    const actions = { ...createEmptyActions(), ...termination };
    if (options.sidecarsRestartableDuringPodTermination !== true || actions.isFinished)
      return withWake(actions, [wakeAtMs, kill.wakeAtMs]);
    // KEP-4438: the one exception to C10 — a sidecar that died before its turn comes back.
    const restarts = computeTerminationRestarts(
      pod,
      state,
      nowMs,
      resolveBackoffPolicy(options.maxBackoffMs),
    );
    actions.startContainers = restarts.startContainers;
    actions.backOff = restarts.backOff;
    return withWake(actions, [wakeAtMs, kill.wakeAtMs, restarts.wakeAtMs]);
  }
  const deadlineMs = computeDeadlineMs(pod, state);
  if (deadlineMs !== undefined && nowMs >= deadlineMs) return beginTermination(pod, "DeadlineExceeded");
  // A1: nothing starts before the sandbox.
  if (state.sandboxReadyAtMs === undefined)
    return withWake({ ...createEmptyActions(), createSandbox: true }, [deadlineMs]);

  // I4 (KEP-5532): a RestartAllContainers exit — kill everything, then start over in this sandbox.
  // The kills take their steps (no preStop at grace 0, the 2 s window) one at a time, as any kill (B11).
  if (isRestartAllDue(pod, state)) {
    const kill = computeKillSteps(pod, state, nowMs);
    return withWake(
      {
        ...createEmptyActions(),
        ...computeRestartAllActions(pod, state),
        runPreStop: kill.runPreStop,
        stopContainers: kill.stopContainers,
      },
      [deadlineMs, kill.wakeAtMs],
    );
  }

  const init = computeInitProgress(pod, state);
  if (init.hasFailed) return beginTermination(pod, "InitFailed");
  const wanted = [...init.toStart];
  if (init.isInitialized) {
    if (isPodCompleted(pod, state)) return beginTermination(pod, "Completed");
    // A5: all regular containers in spec order, in the same sync that saw initialization finish;
    // B2/B3: restarts per the pod restartPolicy.
    const policy = podRestartPolicy(pod.spec.restartPolicy);
    for (const entry of listRegularContainers(pod)) {
      const record = state.containers[entry.name];
      if (record && needsStart(entry, record, policy)) wanted.push(entry.name);
    }
  }

  const actions = createEmptyActions();
  // A16 before B3/B7: the kubelet checks a changed definition before the probes.
  const specKills = computeSpecChangeKills(pod, state);
  const probeKills = computeProbeKills(pod, state).filter((k) => !specKills.some((s) => s.name === k.name));
  actions.killContainers = [...specKills, ...probeKills];
  // B11: the kill under way takes its next step (preStop, then the stop signal).
  const kill = computeKillSteps(pod, state, nowMs);
  actions.runPreStop = kill.runPreStop;
  actions.stopContainers = kill.stopContainers;
  const wakes: (number | undefined)[] = [deadlineMs, kill.wakeAtMs];
  // B11: kills are serial and block the sync; nothing starts while one is in flight or issued now.
  const isKilling =
    actions.killContainers.length > 0 || Object.values(state.containers).some((record) => record.killing);
  if (!isKilling) {
    const policy = resolveBackoffPolicy(options.maxBackoffMs);
    // docs/ordering.md: a start waits until what it waits for (podvisor.dev/wait-for) is there.
    for (const name of filterStartable(pod, wanted, state)) {
      const record = state.containers[name];
      if (!record) continue;
      // A18: a start that failed pulling its image is retried on the image back-off instead.
      const pull = planImagePull(pod, state, record, nowMs);
      if (pull?.kind === "wait") {
        wakes.push(pull.untilMs);
        continue;
      }
      if (pull?.kind === "hold") {
        actions.imagePullBackOff.push({ name, message: pull.message });
        wakes.push(nowMs + FAILED_SYNC_RETRY_MS);
        continue;
      }
      if (pull?.kind === "pull") {
        actions.startContainers.push({ name, backoff: record.backoff });
        continue;
      }
      const plan = planContainerStart(pod, record, nowMs, policy);
      if (plan.kind === "start") {
        actions.startContainers.push({ name, backoff: plan.backoff });
        continue;
      }
      // B4: held in CrashLoopBackOff until the window ends.
      wakes.push(plan.untilMs);
      if (record.backOff?.message !== plan.message || record.backOff.untilMs !== plan.untilMs) {
        actions.backOff.push({ name, message: plan.message, untilMs: plan.untilMs });
      }
    }
  }
  return withWake(actions, wakes);
}
