/**
 * The SidecarSet's status (Kruise `calculateStatus`) and when it is rewritten
 * (`inconsistentStatus`), pkg/controller/sidecarset/sidecarset_processor.go.
 */
import { describe, expect, it } from "vitest";
import type { PodFacts } from "./pod-facts.js";
import { calculateStatus, isStatusChanged } from "./rollout-status.js";
import type { SidecarSetStatus } from "./rollout-status.js";
import { factorySidecarSet } from "./testing/kruise-fixtures.js";

const facts = (isUpdated: boolean, isConsistent: boolean, isReady: boolean) =>
  ({ isUpdated, isConsistent, isReady }) as PodFacts;

describe("calculateStatus", () => {
  it("matched, updated, ready (consistent and ready) and both, with the revision", () => {
    const sidecarSet = factorySidecarSet();
    sidecarSet.metadata.generation = 7;
    const status = calculateStatus(
      sidecarSet,
      [
        facts(true, true, true),
        facts(true, false, true),
        facts(false, true, true),
        facts(false, true, false),
      ],
      { latestRevision: "test-sidecarset-abc", collisionCount: 0 },
    );
    expect(status).toEqual({
      observedGeneration: 7,
      matchedPods: 4,
      updatedPods: 2,
      readyPods: 2,
      updatedReadyPods: 1,
      latestRevision: "test-sidecarset-abc",
      collisionCount: 0,
    });
  });

  it("writes what Go's omitempty writes: no generation, no updatedReadyPods of 0, always the counts", () => {
    const status = calculateStatus(factorySidecarSet(), [], { latestRevision: "", collisionCount: 0 });
    expect(status).toEqual({ matchedPods: 0, updatedPods: 0, readyPods: 0, collisionCount: 0 });
  });
});

describe("isStatusChanged (inconsistentStatus)", () => {
  const current: SidecarSetStatus = {
    observedGeneration: 2,
    matchedPods: 3,
    updatedPods: 1,
    readyPods: 3,
    updatedReadyPods: 1,
    latestRevision: "r",
    collisionCount: 0,
  };
  it("an equal status is not rewritten", () => {
    expect(isStatusChanged(current, { ...current })).toBe(false);
  });
  it.each<[string, Partial<SidecarSetStatus>]>([
    ["a newer generation", { observedGeneration: 3 }],
    ["a count", { readyPods: 2 }],
    ["updatedReadyPods", { updatedReadyPods: 0 }],
    ["the latest revision", { latestRevision: "s" }],
    ["the collision count", { collisionCount: 1 }],
  ])("%s is rewritten", (_name, change) => {
    expect(isStatusChanged(current, { ...current, ...change })).toBe(true);
  });
  it("an older generation alone is not (Kruise compares with >)", () => {
    expect(isStatusChanged(current, { ...current, observedGeneration: 1 })).toBe(false);
  });
  it("a SidecarSet without status gets one", () => {
    expect(
      isStatusChanged(undefined, { matchedPods: 0, updatedPods: 0, readyPods: 0, collisionCount: 0 }),
    ).toBe(true);
  });
});
