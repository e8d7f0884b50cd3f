import { describe, expect, it } from "vitest";
import { defaultSecret } from "../defaults/secret-defaults.js";
import { formatFieldError } from "../field-error.js";
import { validateConfigMap, validateSecret } from "./config-objects.js";

const lines = (errors: { type: string; path: string }[]) => errors.map((e) => formatFieldError(e as never));

describe("validateConfigMap and validateSecret", () => {
  it("accepts valid objects", () => {
    expect(validateConfigMap({ metadata: { name: "cfg" }, data: { "app.yaml": "x", KEY_1: "y" } })).toEqual(
      [],
    );
    expect(validateSecret({ metadata: { name: "s" }, data: { token: "c2VjcmV0" } })).toEqual([]);
  });

  it("rejects invalid keys and keys in both data and binaryData", () => {
    expect(
      lines(
        validateConfigMap({
          metadata: { name: "cfg" },
          data: { "a b": "1", k: "2" },
          binaryData: { k: "AA==" },
        }),
      ),
    ).toEqual([
      "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      'data[k]: Invalid value: "k": duplicate of key present in binaryData',
      'binaryData[k]: Invalid value: "k": duplicate of key present in data',
    ]);
  });

  it("rejects non-string data values", () => {
    expect(lines(validateConfigMap({ metadata: { name: "cfg" }, data: { port: 8080 } }))).toEqual([
      "data[port]: Invalid value: 8080: must be a string",
    ]);
  });

  it("rejects secret data that is not base64 without echoing it", () => {
    expect(lines(validateSecret({ metadata: { name: "s" }, data: { token: "not base64!" } }))).toEqual([
      "data[token]: Invalid value: must be base64-encoded (value not shown)",
    ]);
  });

  it("requires the keys of typed secrets", () => {
    expect(lines(validateSecret({ metadata: { name: "s" }, type: "kubernetes.io/tls", data: {} }))).toEqual([
      "data[tls.crt]: Required value",
      "data[tls.key]: Required value",
    ]);
  });

  it("merges stringData into data as base64, stringData winning", () => {
    const secret: Record<string, unknown> = {
      metadata: { name: "s" },
      data: { a: "b2xk", b: "Yg==" },
      stringData: { a: "new", c: "ünï" },
    };
    defaultSecret(secret, { nowMs: 0, ids: () => "u" });
    expect(secret.data).toEqual({ a: "bmV3", b: "Yg==", c: "w7xuw68=" });
    expect(secret.stringData).toBeUndefined();
    expect(secret.type).toBe("Opaque");
  });
});
