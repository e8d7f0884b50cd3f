/**
 * `kubectl get sidecarsets` through Kruise's printer columns, and the rollout section of
 * `describe sidecarset`.
 */
import { describe, expect, it } from "vitest";
import { printSidecarSetRow } from "./sidecarset-columns.js";
import { T0_MS } from "./testing/kruise-fixtures.js";
import { meshSidecarSet } from "./testing/rollout-fixtures.js";

describe("printSidecarSetRow", () => {
  const sidecarSet = meshSidecarSet("1");
  sidecarSet.metadata.creationTimestamp = "2026-01-01T00:00:00Z";

  it("prints MATCHED, UPDATED, READY from status and AGE from creationTimestamp", () => {
    const row = printSidecarSetRow(
      { ...sidecarSet, status: { matchedPods: 30, updatedPods: 12, readyPods: 28, updatedReadyPods: 10 } },
      { now: T0_MS + 3 * 60 * 60 * 1000 + 5 * 60 * 1000 },
    );
    expect(row).toEqual({ NAME: "mesh", MATCHED: "30", UPDATED: "12", READY: "28", AGE: "3h5m" });
  });

  it("a SidecarSet no controller has reconciled yet has no status: <none>, as kubectl prints an empty cell", () => {
    expect(printSidecarSetRow(sidecarSet, { now: T0_MS + 90_000 })).toEqual({
      NAME: "mesh",
      MATCHED: "<none>",
      UPDATED: "<none>",
      READY: "<none>",
      AGE: "90s",
    });
  });

  it("counts of zero print as 0", () => {
    const row = printSidecarSetRow(
      { ...sidecarSet, status: { matchedPods: 0, updatedPods: 0, readyPods: 0 } },
      { now: T0_MS },
    );
    expect([row.MATCHED, row.UPDATED, row.READY]).toEqual(["0", "0", "0"]);
  });
});
