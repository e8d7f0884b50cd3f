/**
 * controllers/sidecarset-rollout is the SidecarSet rollout controller, decided purely: given a
 * SidecarSet, its pods with their status (container image IDs, readiness, annotations), the
 * ControllerRevision registered for it and the time, `computeRolloutActions` says which pods get
 * their sidecar images updated in place now (the RFC 6902 patch for each, with the revision
 * records exactly as Kruise writes them), which hot-upgrade slots are reset, the SidecarSet's new
 * status, the pods' `SidecarSetUpgradable` conditions and the events — OpenKruise 1.9's rules
 * (pkg/controller/sidecarset, pkg/control/sidecarcontrol, pkg/util/updatesort), extended to
 * native sidecars. `planRevisionHistory` decides the ControllerRevision first (Kruise's
 * registerLatestRevision); `planRolloutRound` does both from the stored objects, defaulting a
 * SidecarSet stored without its webhook, for the controller and `describe`; `printSidecarSetRow` and `describeRolloutSection` print. No I/O, no clock,
 * no randomness: an adapter in src/kube watches, patches and writes what the plan says.
 */
export { AWAIT_CACHE_REQUEUE_MS, computeRolloutActions } from "./compute-rollout-actions.js";
export type {
  PodConditionUpdate,
  PodUpdate,
  RolloutEvent,
  RolloutEventReason,
  RolloutPhase,
  RolloutPodReport,
  RolloutPodState,
  SidecarSetRolloutActions,
  SidecarSetRolloutInput,
} from "./rollout-actions.js";
export { isPodSelected } from "./managed-pods.js";
export type { NamespaceLabels } from "./managed-pods.js";
export type { SidecarSetStatus } from "./rollout-status.js";
export type { ContainerImageChange } from "./upgrade-pod-sidecars.js";
export { isPodWriteObserved, podKey } from "./pod-write-expectations.js";
export { podPlanInputs } from "./pod-plan-inputs.js";
export { sidecarSetRevisionHashes } from "./rollout-context.js";
export { SIDECARSET_COLUMNS, printSidecarSetRow } from "./sidecarset-columns.js";
export type { SidecarSetRow } from "./sidecarset-columns.js";
export { describeRolloutSection } from "./describe-rollout.js";
export { planRevisionHistory } from "./revision-history.js";
export { planRolloutRound } from "./plan-rollout-round.js";
export type { RolloutRound, RolloutRoundInput } from "./plan-rollout-round.js";
export type { RevisionHistoryPlan, StoredControllerRevision } from "./revision-history.js";
export { newControllerRevision, sidecarSetNameLabel } from "./controller-revision.js";
export type { ControllerRevision } from "./controller-revision.js";
