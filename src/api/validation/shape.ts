/**
 * Type checks for decoded input. The API server rejects a wrongly typed field while decoding
 * (`json: cannot unmarshal string into Go struct field Container.spec.containers.command of type
 * []string`); podvisor validates the decoded YAML instead, so it reports the same problem as a
 * FieldError at the field's path, with the value and the type it must have:
 * `spec.containers[0].command: Invalid value: "sleep 1": must be an array of strings`.
 * Validators never descend into a field whose type is wrong, so one mistake yields one line.
 */
import type { FieldError } from "../field-error.js";

export type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function invalid(path: string, value: unknown, detail: string): FieldError {
  return { type: "Invalid", path, value, detail };
}

/** An object at `path`, `undefined` when absent, or `null` after reporting the wrong type. */
export function readObject(value: unknown, path: string, errors: FieldError[]): Fields | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return value;
  errors.push(invalid(path, value, "must be an object"));
  return null;
}

export function readArray(
  value: unknown,
  path: string,
  errors: FieldError[],
  what = "an array",
): unknown[] | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value as unknown[];
  errors.push(invalid(path, value, `must be ${what}`));
  return null;
}

export function readString(value: unknown, path: string, errors: FieldError[]): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  errors.push(invalid(path, value, "must be a string"));
  return null;
}

export function readInteger(value: unknown, path: string, errors: FieldError[]): number | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  errors.push(invalid(path, value, "must be an integer"));
  return null;
}

export function readBoolean(value: unknown, path: string, errors: FieldError[]): boolean | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  errors.push(invalid(path, value, "must be a boolean"));
  return null;
}

/** `command`, `args`: each element must be a string (reported at the element's path). */
export function checkStringArray(value: unknown, path: string, errors: FieldError[]): string[] | undefined {
  const items = readArray(value, path, errors, "an array of strings");
  if (!items) return undefined;
  let ok = true;
  items.forEach((item, i) => {
    if (typeof item !== "string") {
      errors.push(invalid(`${path}[${i}]`, item, "must be a string"));
      ok = false;
    }
  });
  return ok ? (items as string[]) : undefined;
}

/** `labels`, `annotations`, `data`: string values only (path `metadata.labels[app]` as upstream's `Key`). */
export function checkStringMap(
  value: unknown,
  path: string,
  errors: FieldError[],
): Record<string, string> | undefined {
  const map = readObject(value, path, errors);
  if (!map) return undefined;
  let ok = true;
  for (const [key, item] of Object.entries(map)) {
    if (typeof item !== "string") {
      errors.push(invalid(`${path}[${key}]`, item, "must be a string"));
      ok = false;
    }
  }
  return ok ? (map as Record<string, string>) : undefined;
}

/** An array whose elements must be objects; yields `[index, element]` for the good ones. */
export function objectItems(value: unknown, path: string, errors: FieldError[]): [number, Fields][] {
  const items = readArray(value, path, errors);
  if (!items) return [];
  const out: [number, Fields][] = [];
  items.forEach((item, i) => {
    if (isRecord(item)) out.push([i, item]);
    else errors.push(invalid(`${path}[${i}]`, item, "must be an object"));
  });
  return out;
}
