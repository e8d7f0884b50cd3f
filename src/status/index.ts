/**
 * status/ turns what the agent observed of a pod into what Kubernetes users read: container
 * statuses, the pod phase, the kubelet-owned conditions and the `kubectl get pods` row. It is
 * pure: time comes in as epoch milliseconds, nothing here touches processes, files or clocks.
 * The rules are the kubelet's (docs/rules/lifecycle.md §D, docs/rules/phase.md) and the API server's
 * table printer (docs/rules/printing.md); the tests restate the upstream tests that pin them down.
 */
export { toContainerStatus, toTerminated } from "./container-statuses.js";
export {
  DEADLINE_EXCEEDED_MESSAGE,
  DEADLINE_EXCEEDED_REASON,
  generatePodStatus,
} from "./generate-pod-status.js";
export { humanDuration } from "./human-duration.js";
export {
  KUBELET_CONDITION_TYPES,
  generateContainersReadyCondition,
  generateInitializedCondition,
  generatePodConditions,
  generateReadyCondition,
  generateReadyToStartContainersCondition,
  stampCondition,
} from "./pod-conditions.js";
export type { ConditionVerdict, PodConditionsInput } from "./pod-conditions.js";
export { getPodPhase, hasAnyRegularContainerStarted } from "./pod-phase.js";
export type { PodPhaseOptions } from "./pod-phase.js";
export { printPodRow } from "./print-pod.js";
export type { PodRow, PrintPodOptions } from "./print-pod.js";
export { getQosClass } from "./qos-class.js";
export type { QosClass } from "./qos-class.js";
export { explainPitfalls } from "./pitfalls.js";
export type { PitfallHint, PitfallKind } from "./pitfalls.js";
