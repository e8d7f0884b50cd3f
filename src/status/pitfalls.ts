/**
 * Pitfalls, explained as they happen: one-line hints that `podvisor run` prints and `podvisor
 * describe pod` lists, derived from what the user can see anyway — the pod's spec, its status and
 * its events. Pure: the pod, its events and `nowMs` in, hints out. The status keeps times in whole
 * seconds (metav1.Time) and events in milliseconds, so the timing rules allow a second of slack.
 *
 *   - IgnoredSigterm: an instance ended by SIGKILL (137) at least a second after its `Killing`
 *     event, i.e. at the end of its stop window — it did not exit on SIGTERM (C5 step 4). The classic
 *     cause is a shell as PID 1 without a trap: the kernel drops signals PID 1 has no handler for
 *     (the official job-sidecar.yaml example waits out its whole 30 s grace period that way).
 *   - PreStopOutlivedGrace: a container with a preStop hook whose stop took the whole grace period
 *     (C6: the kubelet stops waiting for the hook at the grace period, then gives the 2 s minimum
 *     window) — SIGKILLed at least a second after the grace period, or, for a regular container,
 *     ending on its stop signal no earlier than a second before the grace period ran out.
 *   - SidecarProbeNotPassing: a running sidecar whose startupProbe (the next containers wait for
 *     it, A3) or readinessProbe (the pod is not Ready without it, D13) has failed at least
 *     `failureThreshold` times since the instance started and has not passed.
 *   - CrashLoopBackOffWait: a container waiting in CrashLoopBackOff (B4): what holds the pod is the
 *     back-off, and how much of it is left (its last exit + the delay the kubelet's message names).
 */
import { isSidecar, type Container, type ContainerStatus, type Pod, type Probe } from "../api/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import { describeProbe, parseBackOffDelayMs } from "./pitfall-format.js";

export type PitfallKind =
  "IgnoredSigterm" | "PreStopOutlivedGrace" | "SidecarProbeNotPassing" | "CrashLoopBackOffWait";

export interface PitfallHint {
  kind: PitfallKind;
  container: string;
  /** Stable while the situation lasts (one instance, one back-off): print each key once. */
  key: string;
  /** One line, naming the container, what happened and the fix. */
  message: string;
}

/** Whole-second status times against millisecond events: a second either way. */
const SLACK_MS = 1000;
const DEFAULT_GRACE_SECONDS = 30;
const DEFAULT_FAILURE_THRESHOLD = 3;

interface ContainerView {
  spec: Container;
  status: ContainerStatus;
  isSidecar: boolean;
  events: PodvisorEvent[];
}

export function explainPitfalls(pod: Pod, events: readonly PodvisorEvent[], nowMs: number): PitfallHint[] {
  const hints: PitfallHint[] = [];
  for (const view of containerViews(pod, events)) {
    hints.push(...explainStops(pod, view));
    const probe = explainSidecarProbe(pod, view);
    if (probe) hints.push(probe);
    const backOff = explainBackOff(view, nowMs);
    if (backOff) hints.push(backOff);
  }
  return hints;
}

function containerViews(pod: Pod, events: readonly PodvisorEvent[]): ContainerView[] {
  const namespace = pod.metadata.namespace ?? "default";
  const mine = events.filter(
    (e) =>
      e.involvedObject.kind === "Pod" &&
      e.involvedObject.name === pod.metadata.name &&
      e.involvedObject.namespace === namespace,
  );
  const views: ContainerView[] = [];
  const add = (specs: readonly Container[], statuses: readonly ContainerStatus[], field: string) => {
    for (const spec of specs) {
      const status = statuses.find((s) => s.name === spec.name);
      if (!status) continue;
      const path = `spec.${field}{${spec.name}}`;
      views.push({
        spec,
        status,
        isSidecar: field === "initContainers" && isSidecar(spec),
        events: mine.filter((e) => e.involvedObject.fieldPath === path),
      });
    }
  };
  add(pod.spec.initContainers ?? [], pod.status?.initContainerStatuses ?? [], "initContainers");
  add(pod.spec.containers, pod.status?.containerStatuses ?? [], "containers");
  return views;
}

/** IgnoredSigterm and PreStopOutlivedGrace, for the current and the previous instance. */
function explainStops(pod: Pod, view: ContainerView): PitfallHint[] {
  const hints: PitfallHint[] = [];
  const name = view.spec.name;
  const graceMs =
    (pod.metadata.deletionGracePeriodSeconds ??
      pod.spec.terminationGracePeriodSeconds ??
      DEFAULT_GRACE_SECONDS) * 1000;
  for (const terminated of [view.status.state?.terminated, view.status.lastState?.terminated]) {
    if (!terminated?.finishedAt || terminated.reason === "OOMKilled") continue;
    const finishedMs = Date.parse(terminated.finishedAt);
    const startedMs = terminated.startedAt ? Date.parse(terminated.startedAt) : Number.NEGATIVE_INFINITY;
    const killing = view.events
      .filter(
        (e) =>
          e.reason === "Killing" && e.timeMs >= startedMs - SLACK_MS && e.timeMs <= finishedMs + SLACK_MS,
      )
      .at(-1);
    if (!killing || Number.isNaN(finishedMs)) continue;
    const stopMs = finishedMs - killing.timeMs;
    const isSigkill = terminated.signal === 9 || terminated.exitCode === 137;
    const key = `${terminated.finishedAt}/${terminated.containerID ?? ""}`;
    const hasPreStop = view.spec.lifecycle?.preStop !== undefined;
    const preStopOutlived =
      hasPreStop &&
      (isSigkill ? stopMs >= graceMs + SLACK_MS : !view.isSidecar && stopMs >= graceMs - SLACK_MS);
    if (preStopOutlived)
      hints.push({
        kind: "PreStopOutlivedGrace",
        container: name,
        key: `PreStopOutlivedGrace/${name}/${key}`,
        message: `container "${name}": its preStop hook outlived the ${graceMs / 1000}s grace period — the kubelet stopped waiting for it and sent the stop signal with the 2s minimum window (the hook's time counts against terminationGracePeriodSeconds: shorten the hook or raise the grace period)`,
      });
    if (isSigkill && stopMs >= SLACK_MS - 100)
      hints.push({
        kind: "IgnoredSigterm",
        container: name,
        key: `IgnoredSigterm/${name}/${key}`,
        message: `container "${name}" ignored SIGTERM: SIGKILL ended it when its stop window ran out (terminationGracePeriodSeconds: ${graceMs / 1000}); a shell as PID 1 without a trap ignores SIGTERM (the official job-sidecar.yaml example waits out its full 30s for this reason) — exec the program, trap TERM, or set a shorter terminationGracePeriodSeconds`,
      });
  }
  return hints;
}

/** SidecarProbeNotPassing: the startup probe first (it holds the next containers), else readiness. */
function explainSidecarProbe(pod: Pod, view: ContainerView): PitfallHint | undefined {
  const running = view.status.state?.running;
  if (!view.isSidecar || !running) return undefined;
  const startedMs = running.startedAt ? Date.parse(running.startedAt) : Number.NEGATIVE_INFINITY;
  const name = view.spec.name;
  const check = (probe: Probe | undefined, label: "Startup" | "Readiness", passed: boolean) => {
    if (!probe || passed) return undefined;
    const failures = view.events.filter(
      (e) =>
        e.reason === "Unhealthy" &&
        e.timeMs >= startedMs - SLACK_MS &&
        e.message.startsWith(`${label} probe failed`),
    );
    if (failures.length < (probe.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD)) return undefined;
    const field = label === "Startup" ? "startupProbe" : "readinessProbe";
    const effect =
      label === "Startup"
        ? "the containers after it wait until it passes"
        : `pod ${pod.metadata.name ?? ""} is not Ready until it passes`;
    return {
      kind: "SidecarProbeNotPassing" as const,
      container: name,
      key: `SidecarProbeNotPassing/${name}/${field}/${running.startedAt ?? ""}`,
      message: `sidecar "${name}": its ${field} (${describeProbe(probe)}) has not passed (${failures.length} failures, last: ${JSON.stringify(failures.at(-1)?.message ?? "")}); ${effect}`,
    };
  };
  return (
    check(view.spec.startupProbe, "Startup", view.status.started === true) ??
    check(view.spec.readinessProbe, "Readiness", view.status.ready)
  );
}

function explainBackOff(view: ContainerView, nowMs: number): PitfallHint | undefined {
  const waiting = view.status.state?.waiting;
  if (waiting?.reason !== "CrashLoopBackOff") return undefined;
  const delayMs = parseBackOffDelayMs(waiting.message ?? "");
  const last = view.status.lastState?.terminated;
  const exitedMs = last?.finishedAt ? Date.parse(last.finishedAt) : Number.NaN;
  if (delayMs === undefined || Number.isNaN(exitedMs)) return undefined;
  const name = view.spec.name;
  const leftMs = exitedMs + delayMs - nowMs;
  const wait =
    leftMs > 0
      ? `waiting ${Math.ceil(leftMs / 1000)}s more for its back-off before restarting it`
      : "its back-off is over; it restarts on the next sync";
  return {
    kind: "CrashLoopBackOffWait",
    container: name,
    key: `CrashLoopBackOffWait/${name}/${view.status.restartCount}`,
    message: `container "${name}" is in CrashLoopBackOff: ${wait} (back-off ${Math.round(delayMs / 1000)}s after exit code ${last?.exitCode ?? "?"}; each crash doubles the delay up to the node's maximum, 5m by default)`,
  };
}
