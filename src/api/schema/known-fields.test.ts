import { describe, expect, it } from "vitest";
import { knownFields } from "./known-fields.js";

describe("the generated schema (known-fields.ts)", () => {
  it("names only types it has: every object, list and map field leads to a type of the schema", () => {
    const missing = Object.entries(knownFields).flatMap(([type, fields]) =>
      Object.entries(fields)
        .map(([field, holds]) => [field, holds.replace(/^(\[\]|\{\})/, "")] as const)
        .filter(([, target]) => target !== "" && !Object.hasOwn(knownFields, target))
        .map(([field, target]) => `${type}.${field} → ${target}`),
    );
    expect(missing).toEqual([]);
  });
});
