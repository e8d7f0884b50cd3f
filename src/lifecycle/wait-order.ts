/**
 * Dependency ordering by the `podvisor.dev/wait-for` annotation (docs/ordering.md), podvisor's
 * opt-in extension of the kubelet's order; without the annotation nothing here applies.
 *   - Every start of a container waits until each container it names is started or ready.
 *   - A post-app sidecar (one waiting for app containers) leaves the init sequence.
 *   - Termination runs the other way: a container's stop (its preStop too) waits until every
 *     container that depends on it is gone, except that a sidecar still stops after the app
 *     containers, as every sidecar does (C5).
 */
import { resolveWaitFor, type Pod, type WaitGraph } from "../api/index.js";
import { hasStarted, isLive, listContainerSpecs, type ContainerSpecEntry } from "./container-specs.js";
import type { ContainerRecord, PodRuntimeState } from "./pod-state.js";

export interface WaitOrder extends WaitGraph {
  /**
   * For each container, the containers that must be gone before its stop begins: everything that
   * waits for it, directly or through others — but no sidecar for an app container (sidecars stop
   * after the app containers, C5).
   */
  stopAfter: ReadonlyMap<string, readonly string[]>;
}

/** Resolved once per pod object: the engine asks on every sync. */
const orders = new WeakMap<Pod, WaitOrder | null>();

/**
 * The pod's wait order, or undefined without the annotation. An annotation with errors is
 * refused before the pod runs (`run` and `node` admission); should one reach the engine anyway
 * (a sidecar turned plain by a feature gate), the kubelet's order applies unchanged.
 */
export function podWaitOrder(pod: Pod): WaitOrder | undefined {
  let order = orders.get(pod);
  if (order === undefined) {
    const { graph } = resolveWaitFor(pod.metadata, pod.spec);
    order = graph ? { ...graph, stopAfter: computeStopAfter(pod, graph) } : null;
    orders.set(pod, order);
  }
  return order ?? undefined;
}

/** Whether every container `name` waits for is started (or ready) now; true when it waits for none. */
function areWaitsMet(
  specs: ReadonlyMap<string, ContainerSpecEntry>,
  order: WaitOrder,
  name: string,
  state: PodRuntimeState,
): boolean {
  return (order.waitsOf.get(name) ?? []).every((wait) => {
    const entry = specs.get(wait.name);
    const record = state.containers[wait.name];
    if (!entry || !record) return false;
    return wait.condition === "started" ? hasStarted(entry.spec, record) : isReady(entry, record);
  });
}

/** containerStatus.ready for a sidecar or app container (B8): started, readiness probe (if any) passed. */
function isReady(entry: ContainerSpecEntry, record: ContainerRecord): boolean {
  if (!hasStarted(entry.spec, record)) return false;
  return entry.spec.readinessProbe === undefined || record.probes.readiness === "Success";
}

/** The starts in `names` whose waits are met now (all of them without the annotation). */
export function filterStartable(pod: Pod, names: readonly string[], state: PodRuntimeState): string[] {
  const order = podWaitOrder(pod);
  if (!order) return [...names];
  const specs = new Map(listContainerSpecs(pod).map((entry) => [entry.name, entry]));
  return names.filter((name) => areWaitsMet(specs, order, name, state));
}

/** Whether `name` must wait for dependents to be gone before its stop (its preStop too) begins. */
export function hasStopDependents(order: WaitOrder | undefined, name: string): boolean {
  return (order?.stopAfter.get(name)?.length ?? 0) > 0;
}

/** Whether every container that must be gone before `name` stops is gone. */
export function areDependentsGone(
  order: WaitOrder | undefined,
  name: string,
  state: PodRuntimeState,
): boolean {
  return (order?.stopAfter.get(name) ?? []).every((other) => !isLive(state.containers[other]));
}

function computeStopAfter(pod: Pod, graph: WaitGraph): Map<string, string[]> {
  const roles = new Map(listContainerSpecs(pod).map((e) => [e.name, e.role]));
  const dependentsOf = new Map<string, string[]>();
  for (const [waiter, waits] of graph.waitsOf)
    for (const wait of waits) dependentsOf.set(wait.name, [...(dependentsOf.get(wait.name) ?? []), waiter]);
  const stopAfter = new Map<string, string[]>();
  for (const name of roles.keys()) {
    // The graph is acyclic (validated), so this walk ends.
    const found = new Set<string>();
    const pending = [...(dependentsOf.get(name) ?? [])];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (found.has(next)) continue;
      found.add(next);
      pending.push(...(dependentsOf.get(next) ?? []));
    }
    const isRegular = roles.get(name) === "regular";
    const held = [...found].filter((other) => !(isRegular && roles.get(other) === "sidecar"));
    if (held.length > 0) stopAfter.set(name, held);
  }
  return stopAfter;
}
