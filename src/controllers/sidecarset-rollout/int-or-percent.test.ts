/**
 * Kruise's rounding of partition (`CalculatePartitionReplicas`, pkg/util/tools.go) and of
 * maxUnavailable (`intstr.GetValueFromIntOrPercent(…, true)`), as TestGetNextUpgradePods relies on.
 */
import { describe, expect, it } from "vitest";
import { maxUnavailablePodCount, partitionPodCount } from "./int-or-percent.js";

describe("partitionPodCount", () => {
  it.each([
    [undefined, 10, 0],
    [3, 10, 3],
    [180, 1000, 180],
    [20, 10, 10],
    [-1, 10, 0],
    ["18%", 1000, 180],
    ["10.5%", 10, 2],
    ["1%", 5, 1],
    ["99%", 5, 4],
    ["100%", 5, 5],
    ["99%", 1, 1],
    ["0%", 5, 0],
    ["10", 10, 0],
    ["abc%", 10, 0],
  ] as const)("partition %s of %i pods keeps %i on the old revision", (partition, total, expected) => {
    expect(partitionPodCount(partition, total)).toBe(expected);
  });
});

describe("maxUnavailablePodCount", () => {
  it.each([
    [undefined, 100, 1],
    [10, 100, 10],
    ["10%", 1000, 100],
    ["5%", 5, 1],
    ["50%", 3, 2],
    ["10.5%", 100, 0],
    ["3", 100, 0],
  ] as const)("maxUnavailable %s of %i pods is %i", (value, total, expected) => {
    expect(maxUnavailablePodCount(value, total)).toBe(expected);
  });
});
