/**
 * The kubelet-owned pod conditions (docs/rules/lifecycle.md §D10–D14), worded as kubelet
 * `pkg/kubelet/status/generate.go` words them. Lists print like Go's `%s` of a `[]string`: `[a b]`.
 */
import { isSidecar } from "../api/index.js";
import type { ConditionStatus, ContainerStatus, Pod, PodCondition, PodPhase } from "../api/index.js";
import { formatTime } from "../api/index.js";
import { generateAllContainersRestartingCondition } from "./all-containers-restarting.js";
import { hasAnyRegularContainerStarted } from "./pod-phase.js";
import { statusLookup } from "./status-lookup.js";

/** A condition before timestamps: what the kubelet decides from the statuses alone. */
export interface ConditionVerdict {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
}

/** Conditions types the kubelet owns; every other condition (readiness gates) is someone else's. */
export const KUBELET_CONDITION_TYPES: readonly string[] = [
  "PodReadyToStartContainers",
  "Initialized",
  "Ready",
  "ContainersReady",
  "PodScheduled",
  "AllContainersRestarting",
];

const goList = (names: readonly string[]): string => `[${names.join(" ")}]`;

/** D11: True while a sandbox with networking exists and does not need re-creation. */
export function generateReadyToStartContainersCondition(hasSandbox: boolean): ConditionVerdict {
  return { type: "PodReadyToStartContainers", status: hasSandbox ? "True" : "False" };
}

/** D12: every init container initialized, or some regular container already started. */
export function generateInitializedCondition(
  pod: Pod,
  statuses: readonly ContainerStatus[] | undefined,
  phase: PodPhase,
): ConditionVerdict {
  const initContainers = pod.spec.initContainers ?? [];
  if (statuses === undefined && initContainers.length > 0) {
    return { type: "Initialized", status: "False", reason: "UnknownContainerStatuses" };
  }
  const findStatus = statusLookup(statuses ?? []);
  const unknownNames: string[] = [];
  const incomplete: string[] = [];
  for (const container of initContainers) {
    const status = findStatus(container.name);
    if (status === undefined) unknownNames.push(container.name);
    else if (isSidecar(container) ? status.started !== true : !status.ready) incomplete.push(container.name);
  }
  if (phase === "Succeeded" && unknownNames.length === 0) {
    return { type: "Initialized", status: "True", reason: "PodCompleted" };
  }
  if (hasAnyRegularContainerStarted(pod.spec, statuses ?? [])) return { type: "Initialized", status: "True" };
  const messages: string[] = [];
  if (unknownNames.length > 0) messages.push(`containers with unknown status: ${goList(unknownNames)}`);
  if (incomplete.length > 0) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length > 0) {
    return {
      type: "Initialized",
      status: "False",
      reason: "ContainersNotInitialized",
      message: messages.join(", "),
    };
  }
  return { type: "Initialized", status: "True" };
}

/** D13, B9: every sidecar and regular container ready; terminal phases force False. */
export function generateContainersReadyCondition(
  pod: Pod,
  statuses: readonly ContainerStatus[] | undefined,
  phase: PodPhase,
): ConditionVerdict {
  if (statuses === undefined)
    return { type: "ContainersReady", status: "False", reason: "UnknownContainerStatuses" };
  const unknownNames: string[] = [];
  const unready: string[] = [];
  const counted = [...(pod.spec.initContainers ?? []).filter(isSidecar), ...pod.spec.containers];
  const findStatus = statusLookup(statuses);
  for (const container of counted) {
    const status = findStatus(container.name);
    if (status === undefined) unknownNames.push(container.name);
    else if (!status.ready) unready.push(container.name);
  }
  if ((phase === "Succeeded" && unknownNames.length === 0) || phase === "Failed") {
    return {
      type: "ContainersReady",
      status: "False",
      reason: phase === "Failed" ? "PodFailed" : "PodCompleted",
    };
  }
  const messages: string[] = [];
  if (unknownNames.length > 0) messages.push(`containers with unknown status: ${goList(unknownNames)}`);
  if (unready.length > 0) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length > 0) {
    return {
      type: "ContainersReady",
      status: "False",
      reason: "ContainersNotReady",
      message: messages.join(", "),
    };
  }
  return { type: "ContainersReady", status: "True" };
}

/** D14: ContainersReady, and every readiness gate's condition (from `conditions`) True. */
export function generateReadyCondition(
  pod: Pod,
  conditions: readonly PodCondition[],
  statuses: readonly ContainerStatus[] | undefined,
  phase: PodPhase,
): ConditionVerdict {
  const containersReady = generateContainersReadyCondition(pod, statuses, phase);
  if (containersReady.status !== "True") return { ...containersReady, type: "Ready" };
  const messages: string[] = [];
  for (const gate of pod.spec.readinessGates ?? []) {
    const condition = conditions.find((c) => c.type === gate.conditionType);
    if (condition === undefined) {
      messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    } else if (condition.status !== "True") {
      messages.push(
        `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${condition.status}`,
      );
    }
  }
  if (messages.length > 0) {
    return { type: "Ready", status: "False", reason: "ReadinessGatesNotReady", message: messages.join(", ") };
  }
  return { type: "Ready", status: "True" };
}

/**
 * Stamps `verdict` as a wire condition. The kubelet's status manager keeps `lastTransitionTime`
 * while the status stays the same and sets it to now when the status flips.
 */
export function stampCondition(
  verdict: ConditionVerdict,
  nowMs: number,
  previous: readonly PodCondition[] | undefined,
): PodCondition {
  const before = previous?.find((c) => c.type === verdict.type);
  const lastTransitionTime =
    before?.lastTransitionTime !== undefined && before.status === verdict.status
      ? before.lastTransitionTime
      : formatTime(nowMs);
  const condition: PodCondition = {
    type: verdict.type,
    status: verdict.status,
    lastProbeTime: null,
    lastTransitionTime,
  };
  if (verdict.reason !== undefined) condition.reason = verdict.reason;
  if (verdict.message !== undefined) condition.message = verdict.message;
  return condition;
}

export interface PodConditionsInput {
  pod: Pod;
  initContainerStatuses: readonly ContainerStatus[];
  containerStatuses: readonly ContainerStatus[];
  phase: PodPhase;
  /** A sandbox exists and is in use (D11). */
  hasSandbox: boolean;
  nowMs: number;
  /** When the pod was bound/admitted: PodScheduled's first transition time (D10). */
  scheduledAtMs: number;
  /** The conditions last reported; their transition times survive while the status does not change. */
  previous?: readonly PodCondition[];
  /**
   * Set for a pod with a RestartAllContainers rule (upstream `AllContainersCouldRestart`): whether
   * an in-place restart is under way. Unset: no AllContainersRestarting condition.
   */
  allContainersRestarting?: boolean;
}

/**
 * With RestartAllContainersOnContainerExits on (v1.36 default), a pod once initialized stays so:
 * an in-place restart turns init containers back to waiting, but the kubelet keeps Initialized
 * True when it was True before (generate.go `GeneratePodInitializedCondition`).
 */
function keepInitialized(
  verdict: ConditionVerdict,
  previous: readonly PodCondition[] | undefined,
): ConditionVerdict {
  const before = previous?.find((c) => c.type === "Initialized");
  if (verdict.status !== "False" || verdict.message === undefined || before?.status !== "True")
    return verdict;
  return { type: "Initialized", status: "True" };
}

/**
 * All pod conditions, in the kubelet's order: conditions the kubelet does not own (readiness gates)
 * as last reported, then PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled.
 */
export function generatePodConditions(input: PodConditionsInput): PodCondition[] {
  const { pod, phase, nowMs, previous } = input;
  const statuses = [...input.initContainerStatuses, ...input.containerStatuses];
  const foreign = (previous ?? []).filter((c) => !KUBELET_CONDITION_TYPES.includes(c.type));
  const conditions = [
    ...foreign,
    stampCondition(generateReadyToStartContainersCondition(input.hasSandbox), nowMs, previous),
    stampCondition(
      keepInitialized(generateInitializedCondition(pod, statuses, phase), previous),
      nowMs,
      previous,
    ),
    stampCondition(generateReadyCondition(pod, foreign, statuses, phase), nowMs, previous),
    stampCondition(generateContainersReadyCondition(pod, statuses, phase), nowMs, previous),
    stampCondition({ type: "PodScheduled", status: "True" }, input.scheduledAtMs, previous),
  ];
  if (input.allContainersRestarting !== undefined) {
    const verdict = generateAllContainersRestartingCondition(input.allContainersRestarting, phase);
    conditions.push(stampCondition(verdict, nowMs, previous));
  }
  return conditions;
}
