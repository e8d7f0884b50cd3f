/**
 * `spec.updateStrategy` of a SidecarSet as the rollout reads it (Kruise
 * apis/apps/v1beta1 `SidecarSetUpdateStrategy`), including the priority and scatter strategies
 * that the API types in src/api/sidecarset do not spell out.
 */
import type { SidecarSet } from "../../api/index.js";
import type { LabelSelector } from "../../api/index.js";
import type { IntOrPercent } from "./int-or-percent.js";
import type { UpdatePriorityStrategy } from "./priority-sort.js";
import type { ScatterTerm } from "./scatter-sort.js";

export interface RolloutUpdateStrategy {
  type?: "RollingUpdate" | "NotUpdate";
  paused?: boolean;
  selector?: LabelSelector;
  partition?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  priorityStrategy?: UpdatePriorityStrategy;
  scatterStrategy?: ScatterTerm[];
}

export function rolloutStrategyOf(sidecarSet: SidecarSet): RolloutUpdateStrategy {
  return sidecarSet.spec.updateStrategy ?? {};
}
