/**
 * Parsing kubectl JSONPath templates (see jsonpath.ts) into text, path and range nodes.
 */
import { PodvisorError } from "../../shared/index.js";

/** A `-o jsonpath=` template podvisor cannot parse: one line naming the problem (exit 1, as kubectl). */
export class JsonPathError extends PodvisorError {
  readonly code = "INVALID_JSONPATH";
}

export type Step =
  | { kind: "field"; name: string }
  | { kind: "wildcard" }
  | { kind: "recursive"; name: string | undefined }
  | { kind: "index"; start: number | undefined; end: number | undefined; single: boolean }
  | { kind: "filter"; left: string[]; op: string | undefined; right: unknown };

export type Node =
  | { kind: "text"; text: string }
  | { kind: "path"; steps: Step[]; fromRoot: boolean }
  | { kind: "range"; steps: Step[]; fromRoot: boolean; body: Node[] };

export function parseTemplate(template: string): Node[] {
  const stack: Node[][] = [[]];
  const ranges: Extract<Node, { kind: "range" }>[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    const top = stack[stack.length - 1] ?? [];
    if (open < 0) {
      top.push({ kind: "text", text: template.slice(i) });
      break;
    }
    if (open > i) top.push({ kind: "text", text: template.slice(i, open) });
    const close = findClose(template, open);
    const expression = template.slice(open + 1, close).trim();
    i = close + 1;
    if (expression === "end") {
      if (ranges.length === 0) throw new JsonPathError(`unexpected {end} in ${template}`);
      ranges.pop();
      stack.pop();
      continue;
    }
    if (expression.startsWith('"')) {
      top.push({ kind: "text", text: parseStringLiteral(expression) });
      continue;
    }
    const rangeMatch = /^range\s+(.*)$/.exec(expression);
    if (rangeMatch) {
      const { steps, fromRoot } = parsePath(rangeMatch[1] ?? "");
      const node: Extract<Node, { kind: "range" }> = { kind: "range", steps, fromRoot, body: [] };
      top.push(node);
      ranges.push(node);
      stack.push(node.body);
      continue;
    }
    top.push({ kind: "path", ...parsePath(expression) });
  }
  if (ranges.length > 0) throw new JsonPathError(`unclosed {range} in ${template}: add {end}`);
  return stack[0] ?? [];
}

function findClose(template: string, open: number): number {
  let inString: string | undefined;
  for (let j = open + 1; j < template.length; j++) {
    const c = template[j];
    if (inString !== undefined) {
      if (c === "\\") j++;
      else if (c === inString) inString = undefined;
    } else if (c === '"' || c === "'") inString = c;
    else if (c === "}") return j;
  }
  throw new JsonPathError(`unclosed action in ${template}`);
}

function parseStringLiteral(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    throw new JsonPathError(`invalid string literal ${literal}`);
  }
}

function parsePath(source: string): { steps: Step[]; fromRoot: boolean } {
  let text = source.trim();
  // `$` is the root; `.x` and `@` are the current object (the root, or the item of a range).
  const fromRoot = text.startsWith("$");
  if (text.startsWith("$") || text.startsWith("@")) text = text.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (text.startsWith("..", i)) {
      i += 2;
      const name = /^[^.[\]]+/.exec(text.slice(i))?.[0];
      steps.push({ kind: "recursive", name: name === "*" ? undefined : name });
      if (name !== undefined) i += name.length;
    } else if (c === ".") {
      i++;
      const { name, length } = readName(text, i);
      i += length;
      if (name === "*") steps.push({ kind: "wildcard" });
      else if (name !== "") steps.push({ kind: "field", name });
    } else if (c === "[") {
      const close = matchingBracket(text, i);
      steps.push(parseBracket(text.slice(i + 1, close).trim()));
      i = close + 1;
    } else if (i === 0) {
      // a path without the leading dot, as in `{status.phase}`? kubectl requires it: keep strict
      throw new JsonPathError(
        `unrecognized identifier in {${source}}: paths start with "." (e.g. {.status.phase})`,
      );
    } else {
      throw new JsonPathError(`unexpected ${JSON.stringify(c)} in {${source}}`);
    }
  }
  return { steps, fromRoot };
}

function readName(text: string, start: number): { name: string; length: number } {
  let name = "";
  let j = start;
  for (; j < text.length; j++) {
    const c = text[j] ?? "";
    if (c === "\\" && j + 1 < text.length) {
      name += text[j + 1];
      j++;
    } else if (c === "." || c === "[") break;
    else name += c;
  }
  return { name, length: j - start };
}

function matchingBracket(text: string, open: number): number {
  let depth = 0;
  let inString: string | undefined;
  for (let j = open; j < text.length; j++) {
    const c = text[j];
    if (inString !== undefined) {
      if (c === inString) inString = undefined;
    } else if (c === '"' || c === "'") inString = c;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return j;
  }
  throw new JsonPathError(`unclosed [ in ${text}`);
}

function parseBracket(inner: string): Step {
  if (inner === "*") return { kind: "wildcard" };
  const quoted = /^(['"])(.*)\1$/.exec(inner);
  if (quoted) return { kind: "field", name: quoted[2] ?? "" };
  if (inner.startsWith("?(") && inner.endsWith(")")) return parseFilter(inner.slice(2, -1).trim());
  const slice = /^(-?\d*)\s*(?::\s*(-?\d*))?$/.exec(inner);
  if (slice) {
    const start = slice[1] === "" ? undefined : Number(slice[1]);
    const single = slice[2] === undefined;
    const end = single ? undefined : slice[2] === "" ? undefined : Number(slice[2]);
    return { kind: "index", start, end, single };
  }
  throw new JsonPathError(`unsupported subscript [${inner}]`);
}

function parseFilter(expression: string): Step {
  const match = /^@((?:\.[^\s=!<>]+)*)\s*(==|!=|<=|>=|<|>)?\s*(.*)$/.exec(expression);
  if (!match) throw new JsonPathError(`unsupported filter ?(${expression})`);
  const left = (match[1] ?? "").split(".").filter((p) => p !== "");
  const op = match[2];
  const rightText = (match[3] ?? "").trim();
  let right: unknown;
  if (op !== undefined) {
    if (/^(['"]).*\1$/.test(rightText)) right = rightText.slice(1, -1);
    else if (rightText !== "" && !Number.isNaN(Number(rightText))) right = Number(rightText);
    else if (rightText === "true" || rightText === "false") right = rightText === "true";
    else throw new JsonPathError(`unsupported filter value ${rightText}`);
  }
  return { kind: "filter", left, op, right };
}
