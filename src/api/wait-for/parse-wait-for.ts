/**
 * The syntax of the `podvisor.dev/wait-for` pod annotation (docs/ordering.md):
 *
 *   <container>: <name>=<started|ready>[, <name>=<started|ready>]...[; <container>: ...]
 *
 * Entries are separated by `;` or new lines (so a YAML block scalar reads one container a line);
 * spaces around every token are ignored. This file checks the syntax only; whether the names
 * exist and the waits make sense is validate-wait-for.ts.
 */
import type { FieldError } from "../field-error.js";

/** The one annotation: what each container waits for before it starts. */
export const WAIT_FOR_ANNOTATION = "podvisor.dev/wait-for";

/** `started`: containerStatus.started (running, startup probe passed); `ready`: containerStatus.ready. */
export type WaitCondition = "started" | "ready";

export const WAIT_CONDITIONS: readonly WaitCondition[] = ["ready", "started"];

export interface ContainerWait {
  /** The container waited for. */
  name: string;
  condition: WaitCondition;
}

export interface WaitForEntry {
  /** The container that waits. */
  container: string;
  waits: ContainerWait[];
}

export interface WaitForParse {
  entries: WaitForEntry[];
  errors: FieldError[];
}

const SYNTAX = 'expected "<container>: <name>=started|ready, ..." entries separated by ";"';

/** Parses the annotation's value; `path` is the annotation's field path for errors. */
export function parseWaitFor(value: string, path: string): WaitForParse {
  const entries: WaitForEntry[] = [];
  const errors: FieldError[] = [];
  for (const raw of value.split(/[;\n]/)) {
    const text = raw.trim();
    if (text === "") continue;
    const colon = text.indexOf(":");
    const container = text.slice(0, colon).trim();
    if (colon < 0 || container === "") {
      errors.push({ type: "Invalid", path, value: text, detail: SYNTAX });
      continue;
    }
    const waits = parseWaits(text.slice(colon + 1), text, path, errors);
    if (waits === undefined) continue;
    if (entries.some((entry) => entry.container === container)) {
      errors.push({
        type: "Duplicate",
        path,
        value: container,
        detail: "name each container once; list all its waits in one entry",
      });
      continue;
    }
    entries.push({ container, waits });
  }
  return { entries, errors };
}

function parseWaits(
  list: string,
  entry: string,
  path: string,
  errors: FieldError[],
): ContainerWait[] | undefined {
  const waits: ContainerWait[] = [];
  let isValid = true;
  for (const raw of list.split(",")) {
    const text = raw.trim();
    const [name, condition, ...rest] = text.split("=").map((part) => part.trim());
    if (!name || condition === undefined || rest.length > 0) {
      errors.push({ type: "Invalid", path, value: entry, detail: SYNTAX });
      isValid = false;
      continue;
    }
    if (!isWaitCondition(condition)) {
      errors.push({
        type: "NotSupported",
        path,
        value: condition,
        detail: `supported values: ${WAIT_CONDITIONS.map((c) => `"${c}"`).join(", ")}`,
      });
      isValid = false;
      continue;
    }
    if (waits.some((wait) => wait.name === name)) {
      errors.push({ type: "Duplicate", path, value: `${name}=${condition}`, detail: `in "${entry}"` });
      isValid = false;
      continue;
    }
    waits.push({ name, condition });
  }
  return isValid ? waits : undefined;
}

function isWaitCondition(value: string): value is WaitCondition {
  return (WAIT_CONDITIONS as readonly string[]).includes(value);
}
