/**
 * Strict field validation's "unknown field" check (apimachinery's strict decoding, the default of
 * `kubectl apply --validate=strict`): every field of an object that its kind's schema does not
 * know, by field path, with the close known field the user probably meant. The schema is
 * generated from the Kubernetes OpenAPI document (known-fields.ts) plus Kruise's SidecarSet; kinds
 * without a schema are not checked. Iterative: nesting depth is bounded by the schema, not the input.
 */
import { sidecarSetKnownFields } from "../sidecarset/sidecarset-known-fields.js";
import { closestName } from "./closest-name.js";
import { knownFields } from "./known-fields.js";

export interface UnknownField {
  /** `spec.containers[0].livenesProbe` */
  path: string;
  /** The known sibling field closest to the unknown one, when one is close. */
  suggestion?: string;
}

const schema: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ...knownFields,
  ...sidecarSetKnownFields,
};

/** The unknown fields of `object` (a `kind`), in document order; undefined for kinds without a schema. */
export function findUnknownFields(object: unknown, kind: string): UnknownField[] | undefined {
  if (!Object.hasOwn(schema, kind)) return undefined;
  const found: UnknownField[] = [];
  const pending: { value: unknown; type: string; path: string }[] = [{ value: object, type: kind, path: "" }];
  while (pending.length > 0) {
    const { value, type, path } = pending.pop()!;
    const fields = Object.hasOwn(schema, type) ? schema[type] : undefined;
    if (fields === undefined || !isPlainObject(value)) continue;
    const children: typeof pending = [];
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === "" ? key : `${path}.${key}`;
      // Own fields only: `constructor` or `__proto__` in the input are unknown fields, not Object's.
      const holds = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (holds === undefined) {
        const suggestion = closestName(key, Object.keys(fields));
        found.push(suggestion === undefined ? { path: childPath } : { path: childPath, suggestion });
        continue;
      }
      children.push(...childrenOf(child, holds, childPath));
    }
    // Reversed onto the stack, so fields come out in document order.
    for (const child of children.reverse()) pending.push(child);
  }
  return found;
}

function childrenOf(
  value: unknown,
  holds: string,
  path: string,
): { value: unknown; type: string; path: string }[] {
  if (holds === "") return [];
  if (holds.startsWith("[]"))
    return Array.isArray(value)
      ? value.map((item: unknown, index) => ({
          value: item,
          type: holds.slice(2),
          path: `${path}[${index}]`,
        }))
      : [];
  if (holds.startsWith("{}"))
    return isPlainObject(value)
      ? Object.entries(value).map(([key, item]) => ({
          value: item,
          type: holds.slice(2),
          path: `${path}[${key}]`,
        }))
      : [];
  return [{ value, type: holds, path }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
