/**
 * What `dump.ForHash(template)` writes (k8s.io/utils/dump: go-spew's `%#v` with SortKeys,
 * SpewKeys, DisableMethods, DisablePointerAddresses), rebuilt from the JSON form of a pod
 * template and the Go struct layout in go-types.ts. The deployment controller hashes this text, so
 * every field of every Go struct appears — zero values, nil pointers and nil slices included — in
 * declaration order; types are printed where spew prints them (not inside slices and maps, nor
 * after a pointer). As the controller reads objects from protobuf, empty lists and maps are nil.
 * go-spew: https://github.com/davecgh/go-spew/blob/master/spew/format.go
 */
import { goNamedBasics, goStructs } from "./go-types.js";
import { dumpQuantity } from "./quantity-dump.js";

const BASIC_KINDS = new Set(["string", "bool", "int", "int32", "int64", "uint", "uint32", "uint64"]);

/** spew's `%#v` of the Go value of `goType` that `value` (decoded JSON) unmarshals into. */
export function dumpForHash(goType: string, value: unknown): string {
  const out: string[] = [];
  dump(goType, value, true, out);
  return out.join("");
}

function dump(goType: string, value: unknown, showType: boolean, out: string[]): void {
  const prefix = showType ? `(${goType})` : "";
  if (goType.startsWith("*")) {
    if (value === undefined || value === null) {
      out.push(showType ? `${prefix}<nil>` : "<nil>");
      return;
    }
    out.push(showType ? prefix : "<*>");
    dump(goType.slice(1), value, false, out);
    return;
  }
  const underlying = goNamedBasics[goType] ?? goType;
  if (underlying.startsWith("[]")) {
    out.push(prefix);
    if (!Array.isArray(value) || value.length === 0) {
      out.push("<nil>");
      return;
    }
    out.push("[");
    value.forEach((item: unknown, index) => {
      if (index > 0) out.push(" ");
      dump(underlying.slice(2), item, false, out);
    });
    out.push("]");
    return;
  }
  if (underlying.startsWith("map[")) {
    out.push(prefix);
    dumpMap(underlying, value, out);
    return;
  }
  out.push(prefix);
  if (BASIC_KINDS.has(underlying)) {
    out.push(basicText(underlying, value));
    return;
  }
  switch (goType) {
    case "resource.Quantity":
      out.push(dumpQuantity(value));
      return;
    case "v1.Time":
      // A template's timestamps are unset: the zero time.Time (set ones are not hashed exactly; docs/workloads.md).
      out.push("{Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}}");
      return;
    case "intstr.IntOrString": {
      const isInt = typeof value === "number";
      out.push(
        `{Type:(intstr.Type)${isInt ? 0 : 1} IntVal:(int32)${isInt ? value : 0} StrVal:(string)${isInt ? "" : stringOf(value)}}`,
      );
      return;
    }
  }
  const fields = Object.hasOwn(goStructs, goType) ? goStructs[goType] : undefined;
  if (fields === undefined) throw new Error(`no Go layout for ${goType}; regenerate go-types.ts`);
  const object = isObject(value) ? value : {};
  out.push("{");
  fields.forEach(([goName, jsonName, fieldType, inline], index) => {
    if (index > 0) out.push(" ");
    out.push(`${goName}:`);
    dump(fieldType, inline === true ? object : object[jsonName], true, out);
  });
  out.push("}");
}

/** `map[k:v k:v]`, keys sorted as Go compares strings (bytewise); an empty map is nil. */
function dumpMap(mapType: string, value: unknown, out: string[]): void {
  const close = mapType.indexOf("]");
  const keyType = goNamedBasics[mapType.slice(4, close)] ?? mapType.slice(4, close);
  const valueType = mapType.slice(close + 1);
  const entries = isObject(value) ? Object.entries(value) : [];
  if (entries.length === 0) {
    out.push("<nil>");
    return;
  }
  if (keyType !== "string") throw new Error(`map keys of ${keyType} are not supported`);
  const encoder = new TextEncoder();
  entries.sort(([a], [b]) => compareBytes(encoder.encode(a), encoder.encode(b)));
  out.push("map[");
  entries.forEach(([key, item], index) => {
    if (index > 0) out.push(" ");
    out.push(`${key}:`);
    dump(valueType, item, false, out);
  });
  out.push("]");
}

function basicText(kind: string, value: unknown): string {
  if (kind === "string") return stringOf(value);
  if (kind === "bool") return value === true ? "true" : "false";
  return typeof value === "number" ? String(Math.trunc(value)) : "0";
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
