/**
 * The pod's QoS class (`status.qosClass`), by the rule of kubelet `qos.GetPodQOS` over container
 * resources: only cpu and memory count; zero quantities are ignored; a missing request defaults to
 * its limit (API defaulting). Pod-level `spec.resources` (KEP-2837) is not considered.
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
 */
import type { Pod, ResourceList } from "../api/types.js";

export type QosClass = "Guaranteed" | "Burstable" | "BestEffort";

const QOS_RESOURCES = ["cpu", "memory"] as const;

/** Guaranteed: every container limits cpu and memory with requests equal to limits; BestEffort: nothing set. */
export function getQosClass(pod: Pod): QosClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let isGuaranteed = true;
  for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    const containerLimits = positiveQuantities(container.resources?.limits);
    // API defaulting: a limit without a request sets the request.
    const containerRequests = new Map([
      ...containerLimits,
      ...positiveQuantities(container.resources?.requests),
    ]);
    for (const [name, value] of containerRequests) requests.set(name, (requests.get(name) ?? 0) + value);
    for (const [name, value] of containerLimits) limits.set(name, (limits.get(name) ?? 0) + value);
    if (!QOS_RESOURCES.every((name) => containerLimits.has(name))) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (isGuaranteed) {
    for (const [name, request] of requests) {
      if (limits.get(name) !== request) isGuaranteed = false;
    }
  }
  return isGuaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

function positiveQuantities(list: ResourceList | undefined): Map<string, number> {
  const result = new Map<string, number>();
  for (const name of QOS_RESOURCES) {
    const raw = list?.[name];
    if (raw === undefined) continue;
    const value = parseQuantity(raw);
    if (value !== undefined && value > 0) result.set(name, value);
  }
  return result;
}

const SUFFIXES: Record<string, number> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A resource quantity (`500m`, `1Gi`, `1e3`, `2`) as a number; `undefined` when it does not parse. */
export function parseQuantity(raw: string | number): number | undefined {
  if (typeof raw === "number") return raw;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(
    raw.trim(),
  );
  if (match === null) return undefined;
  const base = Number(match[1]);
  if (match[2] !== undefined) return base * 10 ** Number(match[2].slice(1));
  const factor = SUFFIXES[match[3] ?? ""];
  // Round away binary noise so "0.5" and "500m" compare equal.
  return factor === undefined ? undefined : Number((base * factor).toPrecision(12));
}
