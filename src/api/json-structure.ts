/**
 * One pass over JSON text for what `JSON.parse` does not report: nesting deeper than
 * `maxNestingDepth` (apimachinery's scanner refuses it; Node would overflow its stack later) and
 * duplicate keys, which apimachinery's strict decoding reports as `duplicate field "<path>"`
 * (sigs.k8s.io/json DisallowDuplicateFields) while `JSON.parse` silently keeps the last. Iterative,
 * so its own depth is never the problem. Call it on text `JSON.parse` accepted.
 */
import { maxNestingDepth } from "./manifest-limits.js";

export interface JsonStructure {
  /** Offset of the bracket that went one level too deep. */
  tooDeepAt?: number;
  /** Each repeated key with its field path (`spec.containers[0].image`) and offset. */
  duplicateKeys: { path: string; offset: number }[];
}

interface Frame {
  kind: "object" | "array";
  keys: Set<string>;
  index: number;
  /** Path of this container. */
  path: string;
  /** The key just read, in an object; undefined between members. */
  key: string | undefined;
}

export function scanJsonStructure(text: string): JsonStructure {
  const duplicateKeys: JsonStructure["duplicateKeys"] = [];
  const stack: Frame[] = [];
  // An object key is a string read where the object expects a key (no key pending).
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = endOfString(text, i);
      const top = stack[stack.length - 1];
      if (top?.kind === "object" && top.key === undefined) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) duplicateKeys.push({ path: childPath(top.path, key), offset: i });
        top.keys.add(key);
        top.key = key;
      }
      i = end;
    } else if (c === "{" || c === "[") {
      if (stack.length >= maxNestingDepth) return { tooDeepAt: i, duplicateKeys };
      const parent = stack[stack.length - 1];
      const path =
        parent === undefined
          ? ""
          : parent.kind === "array"
            ? `${parent.path}[${parent.index}]`
            : childPath(parent.path, parent.key ?? "");
      stack.push({ kind: c === "{" ? "object" : "array", keys: new Set(), index: 0, path, key: undefined });
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === ",") {
      const top = stack[stack.length - 1];
      if (top?.kind === "array") top.index++;
      else if (top) top.key = undefined;
    }
  }
  return { duplicateKeys };
}

function childPath(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}
