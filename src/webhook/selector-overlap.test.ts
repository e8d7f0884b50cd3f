/**
 * Kruise's TestSelectorConflict (pkg/webhook/sidecarset/validating/sidecarset_validating_test.go,
 * the same table as pkg/util/selector_test.go), restated case by case.
 */
import { describe, expect, it } from "vitest";
import type { LabelSelector } from "../api/index.js";
import { isSelectorOverlapping } from "./selector-overlap.js";

const cases: [string, LabelSelector, LabelSelector, boolean][] = [
  ["the same matchLabels overlap", { matchLabels: { a: "h" } }, { matchLabels: { a: "h" } }, true],
  ["one key, two values: disjoint", { matchLabels: { a: "h" } }, { matchLabels: { a: "i" } }, false],
  ["different keys overlap", { matchLabels: { a: "h" } }, { matchLabels: { b: "i" } }, true],
  [
    "one differing value among three keys: disjoint",
    { matchLabels: { a: "h", b: "i", c: "j" } },
    { matchLabels: { a: "h", b: "x", c: "j" } },
    false,
  ],
  [
    "a=h against a In (h,i,j): overlap",
    { matchLabels: { a: "h" } },
    { matchExpressions: [{ key: "a", operator: "In", values: ["h", "i", "j"] }] },
    true,
  ],
  [
    "a=h against a In (i,j): disjoint",
    { matchLabels: { a: "h" } },
    { matchExpressions: [{ key: "a", operator: "In", values: ["i", "j"] }] },
    false,
  ],
  [
    "a NotIn (h,i) against a=h: disjoint",
    { matchExpressions: [{ key: "a", operator: "NotIn", values: ["h", "i"] }] },
    { matchLabels: { a: "h" } },
    false,
  ],
  [
    "a=h against a Exists: overlap",
    { matchLabels: { a: "h" } },
    { matchExpressions: [{ key: "a", operator: "Exists" }] },
    true,
  ],
  [
    "a DoesNotExist against a=h: disjoint",
    { matchExpressions: [{ key: "a", operator: "DoesNotExist" }] },
    { matchLabels: { a: "h" } },
    false,
  ],
];

describe("isSelectorOverlapping (Kruise TestSelectorConflict)", () => {
  it.each(cases)("%s", (_name, a, b, expected) => {
    expect(isSelectorOverlapping(a, b)).toBe(expected);
    // Kruise checks both directions, so the answer does not depend on the order.
    expect(isSelectorOverlapping(b, a)).toBe(expected);
  });
});
