/**
 * The AllContainersRestarting pod condition of an in-place pod restart (KEP-5532, rules I4, D15),
 * worded as kubelet `pkg/kubelet/status/generate.go` words it.
 */
import type { PodPhase } from "../api/index.js";
import type { ConditionVerdict } from "./pod-conditions.js";

/**
 * D15, I4 (kubelet `GenerateAllContainersRestartingCondition`): True from the exit that matched a
 * RestartAllContainers rule until every container is removed; a Failed pod says PodFailed.
 */
export function generateAllContainersRestartingCondition(
  isRestarting: boolean,
  phase: PodPhase,
): ConditionVerdict {
  if (phase === "Failed") return { type: "AllContainersRestarting", status: "False", reason: "PodFailed" };
  if (!isRestarting) return { type: "AllContainersRestarting", status: "False" };
  return {
    type: "AllContainersRestarting",
    status: "True",
    reason: "RestartAllContainersStarted",
    message: "container exited with restart policy rule",
  };
}
