/**
 * A pod's effective requests and limits, as `PodRequests` / `PodLimits` of
 * k8s.io/component-helpers/resource compute them for the scheduler, kubelet admission and quota.
 * Per resource name (KEP-753, "Resources calculation for scheduling and pod admission"):
 *
 *   InitContainerUse(i) = Sum(sidecars before i) + InitContainer(i)      (a sidecar counts itself)
 *   Effective = Max(Max_i InitContainerUse(i), Sum(sidecars) + Sum(regular containers)) + overhead
 *
 * then supported pod-level `spec.resources` (cpu, memory, hugepages-*) replace the container
 * aggregate, and overhead is added (to limits only where a non-zero limit exists). Rules follow
 * docs/rules/requests.md; in-place resize status and DRA claims are not modelled.
 * https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/753-sidecar-containers#resources-calculation-for-scheduling-and-pod-admission
 */
import { isSidecar, type Pod, type ResourceList } from "../api/index.js";
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  QuantityParseError,
  parseQuantity,
  type Quantity,
} from "../api/quantity/index.js";

export interface PodResourcesOptions {
  /** Leave `spec.overhead` out (upstream `ExcludeOverhead`). */
  excludeOverhead?: boolean;
  /** Ignore pod-level `spec.resources` (upstream `SkipPodLevelResources`). */
  skipPodLevelResources?: boolean;
}

/** Resource name → quantity, in first-seen order. */
export type ResourceQuantities = Map<string, Quantity>;

/** Which list of `resources` to total. */
export type ResourceRequirementKind = "requests" | "limits";

/** Effective pod requests as canonical quantity strings, e.g. `{ cpu: "1500m", memory: "1Gi" }`. Throws QuantityParseError on a malformed quantity. */
export function podRequests(pod: Pod, options: PodResourcesOptions = {}): Record<string, string> {
  return formatResourceQuantities(podRequestQuantities(pod, options));
}

/** Effective pod limits as canonical quantity strings; a resource no container limits is absent (unlimited). */
export function podLimits(pod: Pod, options: PodResourcesOptions = {}): Record<string, string> {
  return formatResourceQuantities(podLimitQuantities(pod, options));
}

export function podRequestQuantities(pod: Pod, options: PodResourcesOptions = {}): ResourceQuantities {
  const requests = aggregateContainerResources(pod, "requests");
  if (options.skipPodLevelResources !== true && isPodLevelRequestsSet(pod)) {
    applyPodLevelResources(requests, pod.spec.resources?.requests, "spec.resources.requests");
  }
  if (options.excludeOverhead !== true) {
    // Overhead may introduce a request by itself (overhead memory with no memory requests).
    for (const [name, overhead] of parseResourceList(pod.spec.overhead, "spec.overhead")) {
      const current = requests.get(name);
      requests.set(name, current === undefined ? overhead : addQuantities(current, overhead));
    }
  }
  return requests;
}

export function podLimitQuantities(pod: Pod, options: PodResourcesOptions = {}): ResourceQuantities {
  const limits = aggregateContainerResources(pod, "limits");
  if (options.skipPodLevelResources !== true && isPodLevelResourcesSet(pod)) {
    applyPodLevelResources(limits, pod.spec.resources?.limits, "spec.resources.limits");
  }
  if (options.excludeOverhead !== true) {
    // Overhead never creates a limit: an absent limit means unlimited.
    for (const [name, overhead] of parseResourceList(pod.spec.overhead, "spec.overhead")) {
      const current = limits.get(name);
      if (current !== undefined && current.nanos !== 0n) limits.set(name, addQuantities(current, overhead));
    }
  }
  return limits;
}

/**
 * `AggregateContainerRequests` / `AggregateContainerLimits`: the KEP-753 maximum over the init walk
 * and the long-running sum, without pod-level resources or overhead. Accumulation order and
 * tie-breaking follow upstream's list-based helpers, which decides the result's format: sums keep
 * the first non-zero term's format; a maximum replaces only when strictly greater.
 */
export function aggregateContainerResources(
  pod: Pod,
  requirement: ResourceRequirementKind,
): ResourceQuantities {
  const longRunning: ResourceQuantities = new Map();
  pod.spec.containers.forEach((container, index) => {
    addResourceList(
      longRunning,
      parseResourceList(
        container.resources?.[requirement],
        `spec.containers[${index}].resources.${requirement}`,
      ),
    );
  });
  const sidecarSum: ResourceQuantities = new Map();
  const initMax: ResourceQuantities = new Map();
  (pod.spec.initContainers ?? []).forEach((container, index) => {
    const own = parseResourceList(
      container.resources?.[requirement],
      `spec.initContainers[${index}].resources.${requirement}`,
    );
    if (isSidecar(container)) {
      addResourceList(longRunning, own);
      addResourceList(sidecarSum, own);
      maxResourceList(initMax, sidecarSum);
    } else {
      const initTimeUse = new Map(own);
      addResourceList(initTimeUse, sidecarSum);
      maxResourceList(initMax, initTimeUse);
    }
  });
  maxResourceList(longRunning, initMax);
  return longRunning;
}

/** Pod-level resources support only cpu, memory and hugepages-* (upstream `IsSupportedPodLevelResource`). */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === "cpu" || name === "memory" || name.startsWith("hugepages-");
}

/** Some supported pod-level request or limit is set (upstream `IsPodLevelResourcesSet`). */
export function isPodLevelResourcesSet(pod: Pod): boolean {
  return isPodLevelRequestsSet(pod) || isPodLevelLimitsSet(pod);
}

export function isPodLevelRequestsSet(pod: Pod): boolean {
  return Object.keys(pod.spec.resources?.requests ?? {}).some(isSupportedPodLevelResource);
}

export function isPodLevelLimitsSet(pod: Pod): boolean {
  return Object.keys(pod.spec.resources?.limits ?? {}).some(isSupportedPodLevelResource);
}

/** Canonical strings, keys sorted so printed output is stable. */
export function formatResourceQuantities(quantities: ResourceQuantities): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of [...quantities.keys()].sort()) {
    const quantity = quantities.get(name);
    if (quantity !== undefined) result[name] = formatQuantity(quantity);
  }
  return result;
}

/** Parses a wire resource list; `path` names it in the error, e.g. `spec.containers[0].resources.requests[cpu]`. */
export function parseResourceList(list: ResourceList | undefined, path: string): ResourceQuantities {
  const result: ResourceQuantities = new Map();
  for (const [name, raw] of Object.entries(list ?? {})) {
    const parsed = parseQuantity(raw);
    if (!parsed.ok) throw new QuantityParseError(parsed.error.input, parsed.error.kind, `${path}[${name}]`);
    result.set(name, parsed.quantity);
  }
  return result;
}

function applyPodLevelResources(
  target: ResourceQuantities,
  list: ResourceList | undefined,
  path: string,
): void {
  for (const [name, quantity] of parseResourceList(list, path)) {
    if (isSupportedPodLevelResource(name)) target.set(name, quantity);
  }
}

/** Upstream `addResourceList`: a new name takes the quantity as is; an existing one is summed. */
function addResourceList(target: ResourceQuantities, list: ResourceQuantities): void {
  for (const [name, quantity] of list) {
    const current = target.get(name);
    target.set(name, current === undefined ? quantity : addQuantities(current, quantity));
  }
}

/** Upstream `maxResourceList`: replace when absent or strictly greater. */
function maxResourceList(target: ResourceQuantities, list: ResourceQuantities): void {
  for (const [name, quantity] of list) {
    const current = target.get(name);
    if (current === undefined || compareQuantities(quantity, current) > 0) target.set(name, quantity);
  }
}
