/**
 * Which pods get the new sidecar this round: Kruise `GetNextUpgradePods`
 * (pkg/controller/sidecarset/sidecarset_strategy.go). Candidates are the pods not on the current
 * revision that `updateStrategy.selector` selects, that differ only in images and have no sidecar
 * mid-update; they are ordered (ActivePods, priority, scatter), the last `partition` of them stay
 * behind, and the walk stops once `maxUnavailable` pods would be unavailable — a candidate that
 * is unavailable already costs nothing.
 */
import { compareActivePods } from "./active-pods-order.js";
import { maxUnavailablePodCount, partitionPodCount } from "./int-or-percent.js";
import type { PodFacts } from "./pod-facts.js";
import { sortByPriority } from "./priority-sort.js";
import type { RolloutUpdateStrategy } from "./rollout-strategy.js";
import { parseUpdateScatterTerms, scatterSort } from "./scatter-sort.js";

export type CandidateOutcome = "update" | "partition" | "maxUnavailable";

export interface NextUpgradePods {
  /** Indexes into the managed pods, in update order. */
  upgrade: number[];
  /** Selected, not updated, and differing in more than images. */
  notUpgradable: number[];
  /** Every candidate, in update order, with what this round does with it. */
  candidates: { index: number; outcome: CandidateOutcome }[];
  maxUnavailable: number;
  partition: number;
}

export function getNextUpgradePods(
  strategy: RolloutUpdateStrategy,
  facts: readonly PodFacts[],
): NextUpgradePods {
  const waiting: number[] = [];
  const notUpgradable: number[] = [];
  for (const [index, pod] of facts.entries()) {
    if (pod.isUpdated || !pod.isSelected) continue;
    if (pod.canUpgrade && pod.isUpgradeConsistent) waiting.push(index);
    else if (!pod.canUpgrade) notUpgradable.push(index);
  }
  const ordered = sortUpdateIndexes(strategy, facts, waiting);
  const total = facts.length;
  const partition = partitionPodCount(strategy.partition, total);
  const maxUnavailable = maxUnavailablePodCount(strategy.maxUnavailable, total);
  const inPartition = ordered.slice(Math.max(ordered.length - partition, 0));
  const eligible = ordered.slice(0, Math.max(ordered.length - partition, 0));

  // Pods already on the new revision that are still updating or not ready count as unavailable.
  let unavailable = facts.filter((p) => p.isUpdated && (!p.isConsistent || !p.isReady)).length;
  const upgrade: number[] = [];
  for (const index of eligible) {
    if (!facts[index]!.isReady) {
      upgrade.push(index);
      continue;
    }
    if (unavailable >= maxUnavailable) {
      // Kruise stops here: later candidates wait too, unready ones included.
      break;
    }
    unavailable++;
    upgrade.push(index);
  }
  const taken = new Set(upgrade);
  const candidates = [
    ...eligible.map((index) => ({
      index,
      outcome: taken.has(index) ? ("update" as const) : ("maxUnavailable" as const),
    })),
    ...inPartition.map((index) => ({ index, outcome: "partition" as const })),
  ];
  return { upgrade, notUpgradable, candidates, maxUnavailable, partition };
}

/** ActivePods order, then priority, then scatter (Kruise `SortUpdateIndexes`). */
export function sortUpdateIndexes(
  strategy: RolloutUpdateStrategy,
  facts: readonly PodFacts[],
  indexes: readonly number[],
): number[] {
  // Go's sort.Slice is not stable; ties are kept in list order here (docs/sidecarsets.md).
  let ordered = [...indexes].sort((i, j) => compareActivePods(facts[i]!.pod, facts[j]!.pod));
  const labels = facts.map((p) => p.pod.metadata.labels ?? {});
  if (strategy.priorityStrategy !== undefined)
    ordered = sortByPriority(strategy.priorityStrategy, labels, ordered);
  if (strategy.scatterStrategy !== undefined && strategy.scatterStrategy !== null) {
    const terms = parseUpdateScatterTerms(strategy.scatterStrategy, labels);
    ordered = scatterSort(terms, labels, ordered);
  }
  return ordered;
}
