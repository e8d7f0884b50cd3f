/**
 * kubectl's JSONPath templates (`-o jsonpath=...`, k8s.io/client-go/util/jsonpath), the subset
 * people use: text outside braces is printed as is; `{.a.b}`, `{.items[*].metadata.name}`,
 * `{.items[0]}`, `{.items[-1:]}`-style slices, `{..name}`, `{['key.with.dots']}`, filters
 * `{.items[?(@.name=="app")]}` with == != < > <= >= and bare `@.field` existence,
 * `{range .items[*]}...{end}`, string literals `{"\n"}` and `{@}`. Several results of one
 * expression are joined by a space; strings print raw, other values as JSON; a missing key
 * prints nothing (kubectl's --allow-missing-template-keys=true default).
 *
 * No npm JSONPath library implements kubectl's template dialect (`{range}`/`{end}`, literal text
 * around expressions): jsonpath and jsonpath-plus evaluate one bare path. So this is our own.
 */
import { JsonPathError, parseTemplate, type Node, type Step } from "./jsonpath-parse.js";

export { JsonPathError };

export function executeJsonPath(template: string, data: unknown): string {
  const nodes = parseTemplate(template);
  return render(nodes, data, data);
}

function render(nodes: Node[], root: unknown, current: unknown): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "path") {
      out += evaluate(node.steps, node.fromRoot ? root : current, root)
        .map(formatValue)
        .join(" ");
    } else {
      for (const item of evaluate(node.steps, node.fromRoot ? root : current, root)) {
        out += render(node.body, root, item);
      }
    }
  }
  return out;
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}

function evaluate(steps: Step[], start: unknown, root: unknown): unknown[] {
  let values: unknown[] = [start];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of values) next.push(...applyStep(step, value, root));
    values = next;
  }
  return values.filter((v) => v !== undefined);
}

function applyStep(step: Step, value: unknown, root: unknown): unknown[] {
  switch (step.kind) {
    case "field":
      if (isObject(value) && step.name in value) return [value[step.name]];
      return [];
    case "wildcard":
      if (Array.isArray(value)) return value as unknown[];
      if (isObject(value))
        return Object.keys(value)
          .sort()
          .map((k) => value[k]);
      return [];
    case "recursive":
      return collectRecursive(value, step.name);
    case "index": {
      if (!Array.isArray(value)) return [];
      const length = value.length;
      const at = (n: number) => (n < 0 ? n + length : n);
      if (step.single) {
        const index = at(step.start ?? 0);
        return index >= 0 && index < length ? [value[index]] : [];
      }
      const from = Math.max(0, Math.min(length, at(step.start ?? 0)));
      const to = Math.max(0, Math.min(length, at(step.end ?? length)));
      return value.slice(from, to) as unknown[];
    }
    case "filter": {
      const items: unknown[] = Array.isArray(value)
        ? (value as unknown[])
        : isObject(value)
          ? Object.values(value)
          : [];
      return items.filter((item) => {
        const found = evaluate(
          step.left.map((name) => ({ kind: "field", name })),
          item,
          root,
        );
        if (step.op === undefined) return found.length > 0;
        const left = found[0];
        if (left === undefined) return false;
        return compare(left, step.op, step.right);
      });
    }
  }
}

function compare(left: unknown, op: string, right: unknown): boolean {
  const l = typeof right === "number" && typeof left === "string" ? Number(left) : left;
  switch (op) {
    case "==":
      return l === right;
    case "!=":
      return l !== right;
    default: {
      if (typeof l !== "number" || typeof right !== "number") return false;
      if (op === "<") return l < right;
      if (op === ">") return l > right;
      if (op === "<=") return l <= right;
      return l >= right;
    }
  }
}

function collectRecursive(value: unknown, name: string | undefined): unknown[] {
  const out: unknown[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (name === undefined) out.push(item);
        visit(item);
      }
    } else if (isObject(v)) {
      for (const key of Object.keys(v)) {
        if (name === undefined || key === name) out.push(v[key]);
        visit(v[key]);
      }
    }
  };
  visit(value);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
