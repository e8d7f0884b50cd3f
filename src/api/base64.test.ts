import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64, encodeBase64Text } from "./base64.js";

describe("base64", () => {
  it("round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => {
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it("encodes text as UTF-8", () => {
    expect(encodeBase64Text("ü")).toBe("w7w=");
  });

  it("accepts wrapped lines as Go does, rejects unpadded or foreign characters", () => {
    expect(decodeBase64("aGVs\nbG8=\n")).toEqual(new TextEncoder().encode("hello"));
    expect(decodeBase64("aGVsbG8")).toBeUndefined();
    expect(decodeBase64("aGVs bG8=")).toBeUndefined();
  });
});
