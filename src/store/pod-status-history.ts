/**
 * The pod status history of a run (`<run>/pod-status.jsonl`, docs/state-directory.md): the pod
 * file holds only the latest status, so `podvisor timeline` could not tell when a container
 * waited, ran, became ready or exited. Each status change appends one line naming only what
 * changed — the phase, the conditions, the containers whose state, readiness or restart count
 * moved — so a line stays small however big the pod, and a pod writes at most
 * `maxTransitionsPerPod` lines (a crash loop that runs for days stays bounded; the line after the
 * last says `truncated`). Comparing a pod with its previous snapshot is a few string compares per
 * container, the same order as building the status that triggered it.
 */
import type { ConditionStatus, ContainerStatus, Pod, PodPhase } from "../api/index.js";

export type RecordedContainerState = "waiting" | "running" | "terminated";

/** One container's state as the history records it (only when it changed). */
export interface ContainerTransition {
  name: string;
  state: RecordedContainerState;
  /** The waiting or terminated reason (ContainerCreating, CrashLoopBackOff, Error, Completed, …). */
  reason?: string;
  exitCode?: number;
  ready: boolean;
  started?: boolean;
  restartCount: number;
}

/** One line of pod-status.jsonl. */
export interface PodStatusTransition {
  timeMs: number;
  namespace: string;
  name: string;
  /** On a pod's first line, and whenever a pod of that name is a new object. */
  uid?: string;
  phase?: PodPhase;
  /** The conditions whose status changed, by type. */
  conditions?: Record<string, ConditionStatus>;
  containers?: ContainerTransition[];
  /** The pod reached maxTransitionsPerPod: later changes are not recorded. */
  truncated?: true;
}

export const maxTransitionsPerPod = 4096;

/** What the history last recorded of one pod. */
export interface PodStatusSnapshot {
  uid: string | undefined;
  phase: PodPhase | undefined;
  conditions: Map<string, ConditionStatus>;
  /** Per container, a key of what is recorded (state, reason, exit code, ready, restarts). */
  containers: Map<string, string>;
  lines: number;
}

/**
 * The transition from `previous` to `pod`'s status at `timeMs` (undefined when nothing recorded
 * changed) and the snapshot to compare the next status with.
 */
export function diffPodStatus(
  previous: PodStatusSnapshot | undefined,
  pod: Pod,
  timeMs: number,
): { transition: PodStatusTransition | undefined; snapshot: PodStatusSnapshot } {
  const uid = pod.metadata.uid;
  const before = previous !== undefined && previous.uid === uid ? previous : undefined;
  const snapshot: PodStatusSnapshot = before ?? {
    uid,
    phase: undefined,
    conditions: new Map(),
    containers: new Map(),
    lines: 0,
  };
  if (snapshot.lines > maxTransitionsPerPod) return { transition: undefined, snapshot };
  const transition: PodStatusTransition = {
    timeMs,
    namespace: pod.metadata.namespace ?? "default",
    name: pod.metadata.name ?? "",
    ...(before === undefined && uid !== undefined ? { uid } : {}),
  };
  if (snapshot.lines === maxTransitionsPerPod) {
    snapshot.lines += 1;
    return { transition: { ...transition, truncated: true }, snapshot };
  }
  const status = pod.status ?? {};
  let changed = before === undefined;
  if (status.phase !== undefined && status.phase !== snapshot.phase) {
    transition.phase = status.phase;
    snapshot.phase = status.phase;
    changed = true;
  }
  for (const condition of status.conditions ?? []) {
    if (snapshot.conditions.get(condition.type) === condition.status) continue;
    snapshot.conditions.set(condition.type, condition.status);
    (transition.conditions ??= {})[condition.type] = condition.status;
    changed = true;
  }
  for (const statuses of [status.initContainerStatuses, status.containerStatuses]) {
    for (const containerStatus of statuses ?? []) {
      const key = containerKey(containerStatus);
      if (snapshot.containers.get(containerStatus.name) === key) continue;
      snapshot.containers.set(containerStatus.name, key);
      (transition.containers ??= []).push(recordedContainer(containerStatus));
      changed = true;
    }
  }
  if (!changed) return { transition: undefined, snapshot };
  snapshot.lines += 1;
  return { transition, snapshot };
}

/** What the history records of a container as one string to compare, built without a record. */
function containerKey(status: ContainerStatus): string {
  const state = status.state;
  const kind =
    state?.terminated !== undefined
      ? `t${state.terminated.exitCode}:${state.terminated.reason ?? ""}`
      : state?.running !== undefined
        ? "r"
        : `w${state?.waiting?.reason ?? ""}`;
  return `${kind}|${status.ready}|${status.started}|${status.restartCount}`;
}

function recordedContainer(status: ContainerStatus): ContainerTransition {
  const state = status.state ?? {};
  const common = {
    name: status.name,
    ready: status.ready,
    ...(status.started !== undefined ? { started: status.started } : {}),
    restartCount: status.restartCount,
  };
  if (state.terminated !== undefined) {
    const { reason, exitCode } = state.terminated;
    return { ...common, state: "terminated", exitCode, ...(reason !== undefined ? { reason } : {}) };
  }
  if (state.running !== undefined) return { ...common, state: "running" };
  const reason = state.waiting?.reason;
  return { ...common, state: "waiting", ...(reason !== undefined ? { reason } : {}) };
}
