/**
 * `updateStrategy.scatterStrategy` (Kruise pkg/util/updatesort/scatter_sort.go, and
 * `parseUpdateScatterTerms` in sidecarset_strategy.go): spread the pods carrying a label evenly
 * through the update order, so that one batch does not take them all.
 */

export interface ScatterTerm {
  key: string;
  value: string;
}

type Labels = Readonly<Record<string, string>>;

/**
 * A term whose value is `*` stands for one term per value of that label among `podLabels`, in pod
 * order; duplicate terms are dropped.
 */
export function parseUpdateScatterTerms(
  terms: readonly ScatterTerm[],
  podLabels: readonly Labels[],
): ScatterTerm[] {
  const out: ScatterTerm[] = [];
  const insert = (term: ScatterTerm) => {
    if (!out.some((t) => t.key === term.key && t.value === term.value)) out.push(term);
  };
  for (const term of terms) {
    if (term.value !== "*") {
      insert({ key: term.key, value: term.value });
      continue;
    }
    for (const labels of podLabels) {
      const value = labels[term.key];
      if (value !== undefined) insert({ key: term.key, value });
    }
  }
  return out;
}

/** Reorders `indexes` (into `podLabels`, which holds every managed pod) term by term. */
export function scatterSort(
  terms: readonly ScatterTerm[],
  podLabels: readonly Labels[],
  indexes: readonly number[],
): number[] {
  let out = [...indexes];
  if (terms.length === 0 || out.length <= 1) return out;
  for (const term of scatterTermsInUse(terms, podLabels, out)) out = scatterByTerm(term, podLabels, out);
  return out;
}

/**
 * One term is used as given. Of several, only those some candidate matches, the most matched
 * first (ties in declared order).
 */
export function scatterTermsInUse(
  terms: readonly ScatterTerm[],
  podLabels: readonly Labels[],
  indexes: readonly number[],
): ScatterTerm[] {
  if (terms.length === 1) return [...terms];
  const counts = new Map<string, number>();
  const used: ScatterTerm[] = [];
  for (const term of terms) {
    for (const index of indexes) {
      if (podLabels[index]?.[term.key] !== term.value) continue;
      const id = `${term.key}:${term.value}`;
      const count = counts.get(id);
      if (count === undefined) used.push({ key: term.key, value: term.value });
      counts.set(id, (count ?? 0) + 1);
    }
  }
  const countOf = (t: ScatterTerm) => counts.get(`${t.key}:${t.value}`) ?? 0;
  return used.sort((a, b) => countOf(b) - countOf(a));
}

/** Kruise `scatterPodsByRule`. */
export function scatterByTerm(
  term: ScatterTerm,
  podLabels: readonly Labels[],
  indexes: readonly number[],
): number[] {
  const isMatched = (index: number) => (podLabels[index]?.[term.key] ?? "") === term.value;
  let matched = indexes.filter(isMatched);
  let unmatched = indexes.filter((i) => !isMatched(i));
  if (matched.length <= 1 || unmatched.length <= 1) return [...indexes];

  let totalMatched = 0;
  for (let i = 0; i < podLabels.length; i++) if (isMatched(i)) totalMatched++;
  const totalUnmatched = podLabels.length - totalMatched;

  // The last matched candidate goes to the very end.
  const lastMatched = matched[matched.length - 1]!;
  matched = matched.slice(0, -1);
  totalMatched--;

  const group = groupByDensity(totalMatched, totalUnmatched, matched.length, unmatched.length);
  const out: number[] = unmatched.slice(0, group.unmatchedRemainder);
  unmatched = unmatched.slice(group.unmatchedRemainder);
  for (let i = 0; i < group.groupCount; i++) {
    out.push(...matched.splice(0, group.matchedGroupSize));
    out.push(...unmatched.splice(0, group.unmatchedGroupSize));
  }
  out.push(...matched, ...unmatched, lastMatched);
  return out;
}

interface ScatterGroup {
  groupCount: number;
  matchedGroupSize: number;
  unmatchedGroupSize: number;
  unmatchedRemainder: number;
}

/** Go `math.Round` (half away from zero) of a positive quotient. */
const roundHalfUp = (n: number, d: number) => Math.floor(n / d + 0.5);

function evenGroups(matched: number, unmatched: number): ScatterGroup {
  const groupCount = Math.min(matched, unmatched);
  return {
    groupCount,
    matchedGroupSize: roundHalfUp(matched, groupCount),
    unmatchedGroupSize: roundHalfUp(unmatched, groupCount),
    unmatchedRemainder: 0,
  };
}

/**
 * Group as the candidates are mixed, unless matched pods are denser among the candidates than in
 * the whole set: then group by the whole set's density (float32 ratios, as upstream).
 */
function groupByDensity(
  totalMatched: number,
  totalUnmatched: number,
  candidateMatched: number,
  candidateUnmatched: number,
): ScatterGroup {
  const totalRatio = Math.fround(Math.fround(totalUnmatched) / Math.fround(totalMatched));
  const candidateRatio = Math.fround(Math.fround(candidateUnmatched) / Math.fround(candidateMatched));
  if (totalRatio >= candidateRatio) return evenGroups(candidateMatched, candidateUnmatched);
  const total = evenGroups(totalMatched, totalUnmatched);
  const groupCount = Math.min(
    Math.trunc(candidateMatched / total.matchedGroupSize),
    Math.trunc(candidateUnmatched / total.unmatchedGroupSize),
  );
  return {
    groupCount,
    matchedGroupSize: total.matchedGroupSize,
    unmatchedGroupSize: total.unmatchedGroupSize,
    unmatchedRemainder: candidateUnmatched - groupCount * total.unmatchedGroupSize,
  };
}
