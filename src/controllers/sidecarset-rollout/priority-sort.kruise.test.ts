/**
 * Kruise's priority tests, restated by name (pkg/util/updatesort/priority_sort_test.go):
 * TestCompare (`compare(podI, podJ, true)`: true when podI may go first, i.e. it does not sort
 * after podJ) and Test_prioritySort_Sort.
 */
import { describe, expect, it } from "vitest";
import { comparePriority, sortByPriority, trailingInteger } from "./priority-sort.js";
import type { UpdatePriorityStrategy } from "./priority-sort.js";

const weights = (...terms: [number, Record<string, string>][]): UpdatePriorityStrategy => ({
  weightPriority: terms.map(([weight, matchLabels]) => ({ weight, matchSelector: { matchLabels } })),
});
const fooBar = weights([20, { key: "foo" }], [10, { key: "bar" }]);
const orderKeys: UpdatePriorityStrategy = { orderPriority: [{ orderedKey: "key1" }, { orderedKey: "key2" }] };

describe("TestCompare", () => {
  const cases: [UpdatePriorityStrategy, Record<string, string>, Record<string, string>, boolean][] = [
    [fooBar, {}, {}, true],
    [fooBar, { key: "foo" }, { key: "foo" }, true],
    [fooBar, { key: "bar" }, { key: "foo" }, false],
    [fooBar, {}, { key: "bar" }, false],
    [fooBar, {}, { key: "foo" }, false],
    [
      weights([20, { key1: "foo" }], [10, { key2: "bar" }], [15, { key3: "baz" }]),
      { key1: "foo" },
      { key2: "bar", key3: "baz" },
      false,
    ],
    [
      weights([20, { key1: "foo" }], [10, { key2: "bar" }], [5, { key3: "baz" }]),
      { key2: "bar", key3: "baz" },
      { key1: "foo" },
      false,
    ],
    [orderKeys, {}, {}, true],
    [orderKeys, { key1: "o-10" }, { key1: "o-5" }, true],
    [orderKeys, { key1: "o-10" }, { key1: "o-10" }, true],
    [orderKeys, { key1: "o-10" }, { key1: "o-20" }, false],
    [orderKeys, { key2: "o-20" }, { key1: "o-10" }, false],
    [orderKeys, { key2: "o-20" }, { key2: "o-10" }, true],
  ];
  it.each(cases.map((c, i) => [i, ...c] as const))("case #%i", (_i, strategy, podI, podJ, expected) => {
    expect(comparePriority(strategy, podI, podJ) <= 0).toBe(expected);
  });
});

describe("Test_prioritySort_Sort", () => {
  const pods = [{ hello: "world" }, {}, { foo: "bar" }, {}];
  it("empty priority strategy", () => {
    expect(sortByPriority({}, [{}, {}, {}], [0, 1, 2])).toEqual([0, 1, 2]);
  });
  it("priority strategy, keep original order if not match any priority rule", () => {
    expect(
      sortByPriority(weights([100, { foo: "bar" }], [90, { hello: "world" }]), pods, [0, 1, 2, 3]),
    ).toEqual([2, 0, 1, 3]);
  });
  it("priority strategy, no Pods matched any priority rule, keep original order", () => {
    expect(
      sortByPriority(weights([100, { not: "match" }], [90, { not1: "match1" }]), pods, [0, 1, 2, 3]),
    ).toEqual([0, 1, 2, 3]);
  });
});

describe("orderPriority reads the number a label value ends with (getIntFromStringSuffix)", () => {
  it.each([
    ["o-10", 10n],
    ["5", 5n],
    ["abc", 0n],
    ["", 0n],
    ["v1.2-007", 7n],
    ["99999999999999999999", 0n],
  ] as const)("%s → %s", (value, expected) => {
    expect(trailingInteger(value)).toBe(expected);
  });
});
