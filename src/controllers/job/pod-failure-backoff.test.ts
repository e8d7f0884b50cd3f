import { describe, expect, it } from "vitest";
import { effectiveJobSpec } from "./effective-job-spec.js";
import { isPastBackoffLimitOnFailure } from "./job-pod-counts.js";
import { defaultPodFailureBackoff } from "./pod-failure-backoff.js";
import { makeJob, pod } from "./testing/job-fixtures.js";

describe("defaultPodFailureBackoff (upstream DefaultJobPodFailureBackOff / MaxJobPodFailureBackOff)", () => {
  it("starts at 10 s and doubles per consecutive failure, capped at 10 min", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(defaultPodFailureBackoff)).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000,
    ]);
  });
});

describe("isPastBackoffLimitOnFailure", () => {
  const onFailure = effectiveJobSpec(makeJob({ restartPolicy: "OnFailure", backoffLimit: 3 }).spec);

  it("sums restarts of Pending and Running pods only", () => {
    const pods = [pod("a", "Running", { restartCounts: 2 }), pod("b", "Failed", { restartCounts: 5 })];
    expect(isPastBackoffLimitOnFailure(onFailure, pods)).toBe(false);
    expect(isPastBackoffLimitOnFailure(onFailure, [...pods, pod("c", "Pending", { restartCounts: 1 })])).toBe(
      true,
    );
  });

  it("does not apply to restartPolicy Never", () => {
    const never = effectiveJobSpec(makeJob({ backoffLimit: 0 }).spec);
    expect(isPastBackoffLimitOnFailure(never, [pod("a", "Running", { restartCounts: 9 })])).toBe(false);
  });
});

describe("effectiveJobSpec (batch/v1 defaults)", () => {
  it.each([
    ["neither completions nor parallelism: one of each", {}, { completions: 1, parallelism: 1 }],
    [
      "parallelism only: a work-queue Job without completions",
      { parallelism: 4 },
      { completions: undefined, parallelism: 4 },
    ],
    ["completions only: parallelism 1", { completions: 5 }, { completions: 5, parallelism: 1 }],
    ["backoffLimit defaults to 6", {}, { backoffLimit: 6 }],
    ["activeDeadlineSeconds becomes milliseconds", { activeDeadlineSeconds: 2 }, { activeDeadlineMs: 2000 }],
    [
      "Indexed without completions is not treated as Indexed",
      { completionMode: "Indexed" as const, parallelism: 2 },
      { isIndexed: false },
    ],
  ])("%s", (_name, spec, expected) => {
    expect(effectiveJobSpec(makeJob(spec).spec)).toMatchObject(expected);
  });
});
