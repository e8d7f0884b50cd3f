import { describe, expect, it } from "vitest";
import { createMergePatch } from "./merge-patch.js";

describe("createMergePatch", () => {
  it("an unchanged object gives an empty patch", () => {
    expect(
      createMergePatch(
        { phase: "Running", conditions: [{ type: "Ready" }] },
        { phase: "Running", conditions: [{ type: "Ready" }] },
      ),
    ).toEqual({});
  });

  it("sends changed fields, replaces arrays whole and nulls removed fields", () => {
    expect(
      createMergePatch(
        {
          phase: "Pending",
          message: "waiting",
          conditions: [{ type: "Ready", status: "False" }],
          nested: { a: 1, b: 2 },
        },
        { phase: "Running", conditions: [{ type: "Ready", status: "True" }], nested: { a: 1, b: 3 } },
      ),
    ).toEqual({
      phase: "Running",
      message: null,
      conditions: [{ type: "Ready", status: "True" }],
      nested: { b: 3 },
    });
  });
});
