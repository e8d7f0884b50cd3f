/**
 * The `podvisor.dev/wait-for` annotation checked against the pod's containers (docs/ordering.md):
 * every problem at once, as FieldErrors on the annotation, and — when there is none — the wait
 * graph the lifecycle engine orders starts and stops by.
 */
import type { FieldError } from "../field-error.js";
import { isSidecar, type ObjectMeta, type PodSpec } from "../types.js";
import { parseWaitFor, WAIT_FOR_ANNOTATION, type ContainerWait } from "./parse-wait-for.js";

export interface WaitGraph {
  /** What each container named in the annotation waits for, in the annotation's order. */
  waitsOf: ReadonlyMap<string, readonly ContainerWait[]>;
  /**
   * Sidecars that wait, directly or through other sidecars, for app containers ("post-app"
   * sidecars): they leave the init sequence and start once what they wait for is there.
   */
  postAppSidecars: ReadonlySet<string>;
}

export interface WaitForResolution {
  /** Undefined without the annotation, or when it has errors. */
  graph?: WaitGraph;
  errors: FieldError[];
}

type Kind = { role: "init" | "sidecar"; index: number } | { role: "regular" };

/** `metadataPath`: where the pod's metadata is ("metadata", "spec.template.metadata"). */
export function resolveWaitFor(
  metadata: Pick<ObjectMeta, "annotations"> | undefined,
  spec: PodSpec,
  metadataPath = "metadata",
): WaitForResolution {
  const value = metadata?.annotations?.[WAIT_FOR_ANNOTATION];
  if (value === undefined) return { errors: [] };
  const path = `${metadataPath}.annotations[${WAIT_FOR_ANNOTATION}]`;
  const { entries, errors } = parseWaitFor(value, path);
  const kinds = new Map<string, Kind>();
  (spec.initContainers ?? []).forEach((c, index) =>
    kinds.set(c.name, { role: isSidecar(c) ? "sidecar" : "init", index }),
  );
  for (const c of spec.containers) kinds.set(c.name, { role: "regular" });

  const waitsOf = new Map<string, ContainerWait[]>();
  for (const entry of entries) {
    const waiter = kinds.get(entry.container);
    if (!waiter) {
      errors.push(notFound(path, entry.container));
      continue;
    }
    const waits: ContainerWait[] = [];
    for (const wait of entry.waits) {
      const target = kinds.get(wait.name);
      const problem = !target
        ? notFound(path, wait.name)
        : orderProblem(path, entry.container, waiter, wait, target);
      if (problem) errors.push(problem);
      else waits.push(wait);
    }
    waitsOf.set(entry.container, waits);
  }
  const postAppSidecars = findPostAppSidecars(spec, waitsOf, kinds);
  for (const [name, waits] of waitsOf) {
    if (kinds.get(name)?.role !== "init") continue;
    for (const wait of waits.filter((w) => postAppSidecars.has(w.name)))
      errors.push({
        type: "Invalid",
        path,
        value: `${name}: ${wait.name}=${wait.condition}`,
        detail: `"${wait.name}" waits for app containers, so it starts after initialization; an init container cannot wait for it`,
      });
  }
  for (const cycle of findCycles(waitsOf))
    errors.push({ type: "Invalid", path, detail: `cycle: ${cycle.join(" → ")}` });
  return errors.length > 0 ? { errors } : { graph: { waitsOf, postAppSidecars }, errors };
}

function notFound(path: string, name: string): FieldError {
  return { type: "NotFound", path, value: name, detail: "no container of this name in the pod" };
}

/** What cannot hold whatever the rest of the annotation says (a self-wait is a cycle, reported later). */
function orderProblem(
  path: string,
  waiterName: string,
  waiter: Kind,
  wait: ContainerWait,
  target: Kind,
): FieldError | undefined {
  const value = `${waiterName}: ${wait.name}=${wait.condition}`;
  if (target.role === "init")
    return {
      type: "Invalid",
      path,
      value,
      detail: `"${wait.name}" is an init container that runs to completion before later containers start; wait only for sidecars (restartPolicy: Always) and app containers`,
    };
  if (waiter.role === "init" && target.role === "regular")
    return {
      type: "Invalid",
      path,
      value,
      detail: `an init container finishes before the app containers start; "${waiterName}" cannot wait for "${wait.name}"`,
    };
  if (waiter.role !== "regular" && target.role === "sidecar" && target.index > waiter.index)
    return {
      type: "Invalid",
      path,
      value,
      detail: `init containers start in declaration order: declare "${wait.name}" before "${waiterName}" in spec.initContainers`,
    };
  return undefined;
}

/**
 * Sidecars that wait for an app container or for a post-app sidecar. A sidecar waits only for
 * sidecars declared before it, so one pass in declaration order finds them all.
 */
function findPostAppSidecars(
  spec: PodSpec,
  waitsOf: ReadonlyMap<string, readonly ContainerWait[]>,
  kinds: ReadonlyMap<string, Kind>,
): Set<string> {
  const postApp = new Set<string>();
  for (const container of spec.initContainers ?? []) {
    if (!isSidecar(container)) continue;
    const waits = waitsOf.get(container.name) ?? [];
    if (waits.some((w) => kinds.get(w.name)?.role === "regular" || postApp.has(w.name)))
      postApp.add(container.name);
  }
  return postApp;
}

/** Every cycle a depth-first walk meets, each as "a → b → a" (a waits for b, b for a). */
function findCycles(waitsOf: ReadonlyMap<string, readonly ContainerWait[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const at = onPath.indexOf(name);
    if (at >= 0) {
      cycles.push([...onPath.slice(at), name]);
      return;
    }
    onPath.push(name);
    for (const wait of waitsOf.get(name) ?? []) visit(wait.name);
    onPath.pop();
    done.add(name);
  };
  for (const name of waitsOf.keys()) visit(name);
  return cycles;
}
