/**
 * `updateStrategy.priorityStrategy` (Kruise pkg/util/updatesort/priority_sort.go), applied after
 * the ActivePods order with a stable sort. `weightPriority`: the sum of the weights of the terms
 * whose selector matches the pod, higher first. Otherwise `orderPriority`: the first term whose
 * key the pod carries gives (term index, the number its value ends with); lower index first, then
 * the larger number. A pod without any of the keys has index -1, so it sorts first.
 */
import type { LabelSelector } from "../../api/index.js";
import { matchesLabelSelector } from "../../sidecarset/index.js";

export interface UpdatePriorityStrategy {
  weightPriority?: { weight: number; matchSelector?: LabelSelector }[];
  orderPriority?: { orderedKey: string }[];
}

type Labels = Readonly<Record<string, string>>;

/** Negative when the pod labelled `a` is updated before `b`; 0 when they tie. */
export function comparePriority(strategy: UpdatePriorityStrategy, a: Labels, b: Labels): number {
  const weights = strategy.weightPriority ?? [];
  const orders = strategy.orderPriority ?? [];
  if (weights.length > 0) return podWeight(strategy, b) - podWeight(strategy, a);
  if (orders.length > 0) {
    const [levelA, orderA] = podOrder(strategy, a);
    const [levelB, orderB] = podOrder(strategy, b);
    if (levelA !== levelB) return levelA - levelB;
    // Numbers are int64 upstream; bigint keeps them exact.
    if (orderA !== orderB) return orderA > orderB ? -1 : 1;
  }
  return 0;
}

/** Stable sort of `indexes` (into `labels`) by priority; ties keep their order. */
export function sortByPriority(
  strategy: UpdatePriorityStrategy | undefined,
  labels: readonly Labels[],
  indexes: readonly number[],
): number[] {
  const out = [...indexes];
  if (strategy === undefined) return out;
  return out.sort((i, j) => comparePriority(strategy, labels[i] ?? {}, labels[j] ?? {}));
}

function podWeight(strategy: UpdatePriorityStrategy, labels: Labels): number {
  let weight = 0;
  for (const term of strategy.weightPriority ?? [])
    if (matchesLabelSelector(term.matchSelector ?? {}, labels)) weight += term.weight;
  return weight;
}

function podOrder(strategy: UpdatePriorityStrategy, labels: Labels): [number, bigint] {
  const terms = strategy.orderPriority ?? [];
  for (const [index, term] of terms.entries()) {
    const value = labels[term.orderedKey];
    if (value !== undefined) return [index, trailingInteger(value)];
  }
  return [-1, 0n];
}

/** The integer the value ends with (`o-10` → 10); 0 without digits or beyond int64. */
export function trailingInteger(value: string): bigint {
  const digits = /\d+$/.exec(value)?.[0];
  if (digits === undefined) return 0n;
  const number = BigInt(digits);
  return number > 9223372036854775807n ? 0n : number;
}
