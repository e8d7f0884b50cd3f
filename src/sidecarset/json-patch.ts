/**
 * RFC 6902 JSON Patch between two plain JSON values, and its application. Injection only adds
 * and changes, so `createJsonPatch(input, mutated)` emits `add` for new members and list items
 * (containers spliced in at their index) and `replace` for changed leaves; it never replaces a
 * whole container or removes a field it did not change, so a patch applied to an object with
 * fields podvisor does not know (a newer API's `restartPolicy`, say) keeps them
 * (the failure issue 6 names: webhooks that re-serialize typed objects strip such fields).
 */
import { PodvisorError } from "../shared/index.js";

export type JsonPatchOperation =
  | { op: "add"; path: string; value: unknown }
  | { op: "replace"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "test"; path: string; value: unknown };

export function createJsonPatch(before: unknown, after: unknown, base = ""): JsonPatchOperation[] {
  if (isEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const ops: JsonPatchOperation[] = [];
    for (const key of Object.keys(before))
      if (!Object.hasOwn(after, key)) ops.push({ op: "remove", path: `${base}/${escape(key)}` });
    for (const [key, value] of Object.entries(after)) {
      const path = `${base}/${escape(key)}`;
      if (!Object.hasOwn(before, key)) ops.push({ op: "add", path, value: clone(value) });
      else ops.push(...createJsonPatch(before[key], value, path));
    }
    return ops;
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, base);
  return [{ op: "replace", path: base, value: clone(after) }];
}

/**
 * Arrays: when `after` keeps `before`'s items in order (each changed in place or not) with new
 * ones inserted, emit the per-item changes and the insertions; otherwise replace the array.
 * Items are paired by `name` when they have one (containers, volumes, env), else by equality.
 */
function diffArrays(before: unknown[], after: unknown[], base: string): JsonPatchOperation[] {
  const pairs = pairItems(before, after);
  if (!pairs) return [{ op: "replace", path: base, value: clone(after) }];
  const ops: JsonPatchOperation[] = [];
  // Changes to kept items first, at their original indices, then insertions left to right.
  pairs.forEach((afterIndex, beforeIndex) =>
    ops.push(...createJsonPatch(before[beforeIndex], after[afterIndex], `${base}/${beforeIndex}`)),
  );
  const kept = new Set(pairs);
  after.forEach((item, index) => {
    if (kept.has(index)) return;
    ops.push({
      op: "add",
      path: index === after.length - 1 ? `${base}/-` : `${base}/${index}`,
      value: clone(item),
    });
  });
  return ops;
}

/** For each `before` item, its index in `after` (increasing), or undefined when not a pure insertion. */
function pairItems(before: unknown[], after: unknown[]): number[] | undefined {
  const pairs: number[] = [];
  let next = 0;
  for (const item of before) {
    let found = -1;
    for (let j = next; j < after.length; j++) {
      if (isSameItem(item, after[j])) {
        found = j;
        break;
      }
    }
    if (found < 0) return undefined;
    pairs.push(found);
    next = found + 1;
  }
  return pairs;
}

function isSameItem(a: unknown, b: unknown): boolean {
  if (isObject(a) && isObject(b) && typeof a.name === "string" && a.name !== "") return a.name === b.name;
  return isEqual(a, b);
}

/** An RFC 6902 patch that does not apply to its document (a failed test, a missing path). */
export class JsonPatchError extends PodvisorError {
  readonly code = "JSON_PATCH_FAILED";
}

/** Applies `ops` to a copy of `document` (RFC 6902 add, remove, replace, test). */
export function applyJsonPatch(document: unknown, ops: readonly JsonPatchOperation[]): unknown {
  let root = clone(document);
  for (const op of ops) {
    const tokens = parsePointer(op.path);
    if (tokens.length === 0) {
      if (op.op === "remove") throw new JsonPatchError("cannot remove the root");
      if (op.op === "test") {
        if (!isEqual(root, op.value)) throw new JsonPatchError(`test failed at ${op.path}`);
        continue;
      }
      root = clone(op.value);
      continue;
    }
    const parent = resolve(root, tokens.slice(0, -1), op.path);
    const last = tokens[tokens.length - 1]!;
    if (Array.isArray(parent)) {
      const index = last === "-" ? parent.length : Number(last);
      if (!/^(0|[1-9]\d*)$/.test(last) && last !== "-") throw new JsonPatchError(`bad index in ${op.path}`);
      const limit = op.op === "add" ? parent.length : parent.length - 1;
      if (index > limit) throw new JsonPatchError(`index out of range in ${op.path}`);
      if (op.op === "add") parent.splice(index, 0, clone(op.value));
      else if (op.op === "remove") parent.splice(index, 1);
      else if (op.op === "replace") parent[index] = clone(op.value);
      else if (!isEqual(parent[index], op.value)) throw new JsonPatchError(`test failed at ${op.path}`);
    } else if (isObject(parent)) {
      const exists = Object.hasOwn(parent, last);
      if (op.op !== "add" && !exists) throw new JsonPatchError(`no member at ${op.path}`);
      // defineProperty, not `parent[last] =`: a member named "__proto__" (JSON allows it; JSON.parse
      // makes it an own property) must stay a member, not become the object's prototype.
      if (op.op === "add" || op.op === "replace")
        Object.defineProperty(parent, last, {
          value: clone(op.value),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      else if (op.op === "remove") delete parent[last];
      else if (!isEqual(parent[last], op.value)) throw new JsonPatchError(`test failed at ${op.path}`);
    } else {
      throw new JsonPatchError(`no container at ${op.path}`);
    }
  }
  return root;
}

function resolve(root: unknown, tokens: string[], path: string): unknown {
  let node = root;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else throw new JsonPatchError(`path not found: ${path}`);
  }
  return node;
}

function parsePointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new JsonPatchError(`not a JSON pointer: ${path}`);
  return path
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function escape(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

export function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => isEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && isEqual(a[key], b[key]))
    );
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
