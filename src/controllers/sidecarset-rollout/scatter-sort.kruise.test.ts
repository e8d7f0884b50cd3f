/**
 * Kruise's scatter tests, restated by name (pkg/util/updatesort/scatter_sort_test.go):
 * TestGenerateRules, TestScatterPodsByRule, TestSort.
 */
import { describe, expect, it } from "vitest";
import { scatterByTerm, scatterSort, scatterTermsInUse } from "./scatter-sort.js";
import type { ScatterTerm } from "./scatter-sort.js";

type Labels = Record<string, string>;
const A = { labelA: "AAA" };
const B = { labelB: "BBB" };
const C = { labelC: "CCC" };
const AB = { labelA: "AAA", labelB: "BBB" };
const termA = { key: "labelA", value: "AAA" };
const termB = { key: "labelB", value: "BBB" };
const termC = { key: "labelC", value: "CCC" };
const indexesOf = (labels: readonly Labels[]) => labels.map((_, i) => i);

describe("TestGenerateRules", () => {
  const cases: { desc: string; pods: Labels[]; strategy: ScatterTerm[]; expected: ScatterTerm[] }[] = [
    { desc: "one pod one label", pods: [{}, {}, {}, {}, A, A], strategy: [termA], expected: [termA] },
    {
      desc: "same pods a label",
      pods: [{}, {}, { labelB: "B" }, B, A, A],
      strategy: [termA, termB],
      expected: [termA, termB],
    },
  ];
  it.each(cases)("$desc", ({ pods, strategy, expected }) => {
    expect(scatterTermsInUse(strategy, pods, indexesOf(pods))).toEqual(expected);
  });
});

describe("TestScatterPodsByRule", () => {
  /** Kruise's cases spell labels as "k=v,k=v"; only the first len(expected) pods exist. */
  const parse = (spec: string): Labels =>
    Object.fromEntries(
      spec
        .split(",")
        .map((s) => s.split("="))
        .filter((kv): kv is [string, string] => kv.length === 2),
    );
  const cases: { desc: string; pods: string[]; expected: number[] }[] = [
    { desc: "no label", pods: [""], expected: [0] },
    { desc: "only one scattered pod", pods: ["labelA=AAA"], expected: [0] },
    { desc: "odd scattered pod + odd ordinary pod", pods: ["labelA=AAA", "bbb"], expected: [0, 1] },
    {
      desc: "even scattered pods + even ordinary pods",
      pods: ["", "", "", "", "labelA=AAA", "labelA=AAA"],
      expected: [4, 0, 1, 2, 3, 5],
    },
    {
      desc: "odd scattered pods + odd ordinary pods",
      pods: ["", "", "", "labelA=AAA", "labelA=AAA", "labelA=AAA"],
      expected: [3, 0, 1, 4, 2, 5],
    },
    {
      desc: "even scattered pods + odd ordinary pods",
      pods: ["", "", "", "labelA=AAA", "", "", "labelA=AAA"],
      expected: [3, 0, 1, 2, 4, 5, 6],
    },
    {
      desc: "odd scattered pods + even ordinary pods",
      pods: ["", "", "", "", "", "", "labelA=AAA", "labelA=AAA", "labelA=AAA"],
      expected: [6, 0, 1, 2, 7, 3, 4, 5, 8],
    },
    {
      desc: "even scattered pods + even ordinary pods + scattered pods more than ordinary pods",
      pods: ["", "", "labelA=AAA", "labelA=AAA", "labelA=AAA", "labelA=AAA"],
      expected: [2, 3, 0, 4, 1, 5],
    },
    {
      desc: "odd scattered pods + odd ordinary pods + scattered pods more than ordinary pods",
      pods: ["", "", "", "labelA=AAA", "labelA=AAA", "labelA=AAA", "labelA=AAA", "labelA=AAA"],
      expected: [3, 0, 1, 4, 2, 5],
    },
    {
      desc: "even scattered pods + odd ordinary pods + scattered pods more than ordinary pods",
      pods: ["", "", "labelA=AAA", "", "labelA=AAA", "labelA=AAA", "labelA=AAA", "labelA=AAA", "labelA=AAA"],
      expected: [2, 4, 0, 5, 6, 1, 7, 3, 8],
    },
    {
      desc: "odd scattered pods + even ordinary pods + scattered pods more than ordinary pods",
      pods: ["", "labelA=AAA", "", "labelA=AAA", "", "", "labelA=AAA", "labelA=AAA", "labelA=AAA"],
      expected: [1, 0, 3, 2, 6, 4, 7, 5, 8],
    },
    {
      desc: "invalid label",
      pods: ["", "", "", "", "ee", "a", "", "labelA=AAA", "labelA=AAA", "labelA=AAA,labelB=BBB"],
      expected: [7, 0, 1, 2, 3, 8, 4, 5, 6, 9],
    },
  ];
  it.each(cases)("$desc", ({ pods, expected }) => {
    const labels = pods.slice(0, expected.length).map(parse);
    expect(scatterByTerm(termA, labels, indexesOf(labels))).toEqual(expected);
  });
});

describe("TestSort", () => {
  const cases: { desc: string; pods: Labels[]; strategy: ScatterTerm[]; expected: number[] }[] = [
    { desc: "a scattered pod + an ordinary pod", pods: [AB], strategy: [termA], expected: [0] },
    { desc: "all ordinary pods", pods: [{}, {}, {}, {}, {}, {}], strategy: [], expected: [0, 1, 2, 3, 4, 5] },
    {
      desc: "one pod one label",
      pods: [{}, {}, {}, {}, A, A],
      strategy: [termA],
      expected: [4, 0, 1, 2, 3, 5],
    },
    {
      desc: "one pod more labels",
      pods: [{}, {}, {}, {}, { sdfb: "eee" }, { dsf: "same" }, B, A, A, AB],
      strategy: [termB],
      expected: [6, 0, 1, 2, 3, 4, 5, 7, 8, 9],
    },
    {
      desc: "2 dimensions + one pod one label",
      pods: [B, B, {}, {}, A, A],
      strategy: [termA, termB],
      expected: [0, 4, 2, 3, 5, 1],
    },
    {
      desc: "2 dimensions + one pod more labels",
      pods: [{}, {}, {}, B, AB, A],
      strategy: [termA, termB],
      expected: [4, 0, 1, 2, 5, 3],
    },
    {
      desc: "2 dimensions + same label + sequence: A + B",
      pods: [{}, {}, {}, {}, { sdfb: "eee" }, { dsf: "same" }, B, A, A, B],
      strategy: [termB, termA],
      expected: [7, 6, 0, 1, 2, 3, 4, 5, 9, 8],
    },
    {
      desc: "2 dimensions + same label + sequence: B + A",
      pods: [{}, {}, {}, {}, { sdfb: "eee" }, { dsf: "same" }, B, A, A, B],
      strategy: [termA, termB],
      expected: [6, 7, 0, 1, 2, 3, 4, 5, 8, 9],
    },
    {
      desc: "2 dimensions + same pod same label + even scatter pods + even ordinary pods",
      pods: [{}, {}, {}, {}, { sdfb: "eee" }, { dsf: "same" }, AB, {}, {}, AB],
      strategy: [termA, termB],
      expected: [6, 0, 1, 2, 3, 4, 5, 7, 8, 9],
    },
    {
      desc: "2 dimensions + same pod same label + even scatter pods + odd ordinary pods",
      pods: [{}, {}, {}, { sdfb: "eee" }, { dsf: "same" }, AB, {}, {}, AB],
      strategy: [termA, termB],
      expected: [5, 0, 1, 2, 3, 4, 6, 7, 8],
    },
    {
      desc: "2 dimensions + same pod same label + odd scatter pods + odd ordinary pods (8 of 10 pods to update)",
      pods: [{}, {}, {}, A, { sdfb: "eee" }, { dsf: "same" }, AB, {}, {}, {}],
      strategy: [termA, termB],
      expected: [3, 0, 1, 2, 4, 5, 7, 6],
    },
    {
      desc: "2 dimensions + same pod same label + odd scatter pods + odd ordinary pods (11 of 12 pods to update)",
      pods: [{}, {}, {}, A, {}, {}, { sdfb: "eee" }, { dsf: "same" }, AB, {}, {}, AB],
      strategy: [termA, termB],
      expected: [0, 1, 2, 4, 3, 5, 6, 7, 9, 10, 8],
    },
    {
      desc: "2 dimensions + same pod same label + even scatter pods + even ordinary pods + scatter pods more than ordinary pods",
      pods: [{}, {}, {}, A, { sdfb: "eee", labelA: "AAA" }, { dsf: "same" }, AB, {}, {}, AB],
      strategy: [termA, termB],
      expected: [6, 3, 0, 1, 4, 2, 5, 7, 8, 9],
    },
    {
      desc: "2 dimensions + same pod same label + even scatter pods + odd ordinary pods + scatter pods more than ordinary pods",
      pods: [{}, A, A, { sdfb: "eee" }, { dsf: "same" }, AB, {}, {}, AB],
      strategy: [termA, termB],
      expected: [5, 1, 0, 3, 2, 4, 6, 7, 8],
    },
    {
      desc: "2 dimensions + same pod same label + odd scatter pods + odd ordinary pods + scatter pods more than ordinary pods (8 of 10)",
      pods: [A, {}, {}, A, { sdfb: "eee", labelA: "AAA" }, { dsf: "same" }, AB, {}, {}, AB],
      strategy: [termA, termB],
      expected: [1, 0, 2, 3, 5, 4, 7, 6],
    },
    {
      desc: "2 dimensions + same pod same label + odd scatter pods + odd ordinary pods + scatter pods more than ordinary pods (11 of 12)",
      pods: [{}, {}, A, A, {}, A, { sdfb: "eee" }, { dsf: "same" }, AB, {}, {}, AB],
      strategy: [termA, termB],
      expected: [0, 2, 1, 4, 3, 6, 7, 5, 9, 10, 8],
    },
    {
      desc: "3 dimensions + one pod one label",
      pods: [{}, A, A, B, B, C, C, C, C, C],
      strategy: [termA, termB, termC],
      expected: [3, 1, 5, 0, 6, 7, 8, 9, 2, 4],
    },
    {
      desc: "3 dimensions + one pod more label",
      pods: [{}, A, { ...A, ...C }, { ...B, ...C }, B, {}, {}, C, C, C],
      strategy: [termA, termB, termC],
      expected: [3, 2, 0, 7, 8, 5, 6, 9, 1, 4],
    },
    {
      desc: "continuous sort 1",
      pods: [{}, {}, {}, {}, A, A, A],
      strategy: [termA],
      expected: [0, 1, 4, 2, 3, 5],
    },
    {
      desc: "continuous sort 2",
      pods: [A, A, {}, {}, {}, {}, {}, {}, {}, A],
      strategy: [termA],
      expected: [2, 0, 3, 4, 5, 6, 1],
    },
    {
      // Kruise's pod list there has a nil pod at index 5, which counts nowhere; without it the
      // later indexes move down by one (and the case equals "3 dimensions + one pod more label").
      desc: "reserveOrdinals nil in slice",
      pods: [{}, A, { ...A, ...C }, { ...B, ...C }, B, {}, {}, C, C, C],
      strategy: [termA, termB, termC],
      expected: [3, 2, 0, 7, 8, 5, 6, 9, 1, 4],
    },
  ];
  it.each(cases)("$desc", ({ pods, strategy, expected }) => {
    // Kruise's harness: the first len(expected) pods are to be updated, the rest exist only.
    const indexes = pods.slice(0, expected.length).map((_, i) => i);
    expect(scatterSort(strategy, pods, indexes)).toEqual(expected);
  });
});
