/** The input and the plan of one SidecarSet rollout reconcile (see compute-rollout-actions.ts). */
import type { SidecarSet } from "../../api/index.js";
import type { Pod, PodCondition } from "../../api/index.js";
import type { JsonPatchOperation } from "../../sidecarset/index.js";
import type { EventType } from "../../shared/index.js";
import type { NamespaceLabels } from "./managed-pods.js";
import type { SidecarSetStatus } from "./rollout-status.js";
import type { ContainerImageChange } from "./upgrade-pod-sidecars.js";

export interface SidecarSetRolloutInput {
  /** As stored: defaulted, with the revision hashes its webhook stamped (else they are computed). */
  sidecarSet: SidecarSet;
  /** The pods to consider: at least every pod its selector selects (others are ignored). */
  pods: readonly Pod[];
  /** Labels of the cluster's Namespaces, for `namespaceSelector`. */
  namespaces: NamespaceLabels;
  /** The ControllerRevision the adapter registered for this spec (Kruise `registerLatestRevision`). */
  revision: { latestRevision: string; collisionCount: number };
  nowMs: number;
  /**
   * Pods this controller wrote whose write its cache does not show yet ("namespace/name" → the
   * resourceVersion the write returned). While any is pending, nothing but status is decided:
   * a stale cache would count a pod just updated as available (Kruise's expectations).
   */
  pendingPodWrites?: ReadonlyMap<string, string>;
}

/** Why the round updated what it did (or nothing). */
export type RolloutPhase =
  "AwaitingCache" | "NotUpdate" | "Paused" | "ResettingHotUpgradeSlots" | "Complete" | "RollingUpdate";

export type RolloutEventReason = "NotUpgradablePods" | "ResetContainerSucceed";

export interface RolloutEvent {
  type: EventType;
  reason: RolloutEventReason;
  message: string;
  involvedObject: { kind: "SidecarSet" | "Pod"; namespace?: string; name: string };
}

export interface PodUpdate {
  namespace: string;
  name: string;
  kind: "UpgradeSidecars" | "ResetHotUpgradeSlots";
  /** The images changed, one per container; empty when only the revision record moves. */
  changes: ContainerImageChange[];
  /** RFC 6902 against the pod as given, led by a `test` of its resourceVersion when it has one. */
  patch: JsonPatchOperation[];
  /** The pod as the patch leaves it. */
  pod: Pod;
  /** To write after the update succeeds: `status.conditions` (strategic merge by type). */
  condition?: PodCondition;
  /** To record after the update succeeds. */
  event?: RolloutEvent;
}

export interface PodConditionUpdate {
  namespace: string;
  name: string;
  condition: PodCondition;
}

/** Where each pod stands, for `describe sidecarset`. */
export type RolloutPodState =
  | "Updated"
  | "Updating"
  | "UpdatingNow"
  | "ResettingHotUpgradeSlot"
  | "Waiting"
  | "NotSelected"
  | "NotUpgradable"
  | "NotManaged";

export interface RolloutPodReport {
  namespace: string;
  name: string;
  /** The revision hash the pod records for this SidecarSet ("" when none). */
  revision: string;
  isUpdated: boolean;
  isReady: boolean;
  state: RolloutPodState;
  /** One sentence: why the pod is where it is. */
  detail: string;
}

export interface SidecarSetRolloutActions {
  phase: RolloutPhase;
  /** The whole new status, to replace the old one when `isStatusChanged`. */
  status: SidecarSetStatus;
  isStatusChanged: boolean;
  /** Pods to update now, in order; stop at the first failure, as Kruise does. */
  podUpdates: PodUpdate[];
  /** `SidecarSetUpgradable=False` for pods that differ in more than images. */
  podConditions: PodConditionUpdate[];
  events: RolloutEvent[];
  /** Problems with single pods (unreadable annotations); the round goes on without them. */
  errors: { namespace: string; name: string; message: string }[];
  /** Reconcile again after this long even if nothing changes (pending writes). */
  requeueAfterMs?: number;
  /** Every selected pod, managed or not, in input order. */
  pods: RolloutPodReport[];
  /** The revision pods are rolled to, and the limits in force this round. */
  revision: string;
  maxUnavailable: number;
  partition: number;
}
