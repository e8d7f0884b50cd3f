/**
 * Kruise's rounding of partition (`CalculatePartitionReplicas`, pkg/util/tools.go) and of
 * maxUnavailable (`intstr.GetValueFromIntOrPercent(…, true)`), as TestGetNextUpgradePods relies on.
 */
import { describe, expect, it } from "vitest";
import { maxUnavailablePodCount, partitionPodCount } from "./int-or-percent.js";

describe("TestCalculatePartitionReplicas (pkg/util/tools_test.go; nil replicas count as 1)", () => {
  it.each([
    ["replicas=0, partition=99%, expected=0", 0, "99%", 0],
    ["replicas=10, partition=nil, expected=0", 10, undefined, 0],
    ["replicas=9, partition=99%, expected=8", 9, "99%", 8],
    ["replicas=10, partition=90%, expected=9", 10, "90%", 9],
    ["replicas=10, partition=1%, expected=1", 10, "1%", 1],
    ["replicas=99, partition=99%, expected=98", 99, "99%", 98],
    ["replicas=99, partition=100%, expected=99", 99, "100%", 99],
    ["replicas=99, partition=0%, expected=0", 99, "0%", 0],
    ["replicas=nil, partition=100%, expected=1", 1, "100%", 1],
    ["replicas=nil, partition=nil, expected=0", 1, undefined, 0],
    ["replicas=nil, partition=1%, expected=1", 1, "1%", 1],
    ["replicas=10, partition=5, expected=5", 10, 5, 5],
    ["replicas=10, partition=1, expected=1", 10, 1, 1],
    ["replicas=10, partition=0, expected=0", 10, 0, 0],
    ["replicas=10, partition=10, expected=10", 10, 10, 10],
    ["replicas=9, partition is illegal, expected=0, err!=nil", 9, "99", 0],
    ["replicas=9, partition=0.01%, expected=1, err==nil", 9, "0.01%", 1],
    ["replicas=999, partition=99.99%, expected=998, err==nil", 999, "99.99%", 998],
  ] as const)("%s", (_name, total, partition, expected) => {
    expect(partitionPodCount(partition, total)).toBe(expected);
  });

  it.each([
    [20, 10, 10],
    [-1, 10, 0],
    ["10.5%", 10, 2],
    ["abc%", 10, 0],
  ] as const)("partition %s of %i pods is clamped or rounded to %i", (partition, total, expected) => {
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
    // GetValueFromIntOrPercent fails on "" ("is not a percentage"); Kruise ignores the error.
    ["", 100, 0],
  ] as const)("maxUnavailable %s of %i pods is %i", (value, total, expected) => {
    expect(maxUnavailablePodCount(value, total)).toBe(expected);
  });
});
