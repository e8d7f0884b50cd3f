import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyJsonPatch, createJsonPatch, JsonPatchError } from "./json-patch.js";

describe("RFC 6902", () => {
  it("inserts list items where they go and escapes keys", () => {
    const before = { a: [{ name: "x", v: 1 }], m: { "k/1": "a" } };
    const after = { a: [{ name: "n" }, { name: "x", v: 2 }, { name: "z" }], m: { "k/1": "a", "k~2": "b" } };
    const patch = createJsonPatch(before, after);
    expect(patch).toEqual([
      { op: "replace", path: "/a/0/v", value: 2 },
      { op: "add", path: "/a/0", value: { name: "n" } },
      { op: "add", path: "/a/-", value: { name: "z" } },
      { op: "add", path: "/m/k~02", value: "b" },
    ]);
    expect(applyJsonPatch(before, patch)).toEqual(after);
  });
  it("fails clearly on a missing path or a failed test", () => {
    expect(() => applyJsonPatch({}, [{ op: "replace", path: "/a", value: 1 }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: "test", path: "/a", value: 2 }])).toThrow(
      "test failed at /a",
    );
  });
  it('keeps a member named "__proto__" a member (fast-check found {"__proto__": null})', () => {
    const after = JSON.parse('{"__proto__": null}') as unknown;
    const patched = applyJsonPatch({}, createJsonPatch({}, after));
    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
    expect(patched).toEqual(after);
  });
  it("apply(create(a, b), a) = b for any JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(applyJsonPatch(a, createJsonPatch(a, b))).toEqual(JSON.parse(JSON.stringify(b)));
      }),
      { numRuns: 300 },
    );
  });
});
