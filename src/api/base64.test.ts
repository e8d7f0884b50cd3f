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
    expect(encodeBase64Text("hello")).toBe("aGVsbG8=");
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(decodeBase64(encodeBase64Text(text))).toEqual(new TextEncoder().encode(text));
      }),
    );
  });

  it("encodes more bytes than one chunk (8192) in order", () => {
    const bytes = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7) % 256);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    expect(encodeBase64Text("a".repeat(9000) + "é")).toBe(btoa("a".repeat(9000) + "\xc3\xa9"));
  });

  it("accepts wrapped lines as Go does, rejects unpadded or foreign characters", () => {
    expect(decodeBase64("aGVs\nbG8=\n")).toEqual(new TextEncoder().encode("hello"));
    expect(decodeBase64("aGVsbG8")).toBeUndefined();
    expect(decodeBase64("aGVs bG8=")).toBeUndefined();
  });
});
