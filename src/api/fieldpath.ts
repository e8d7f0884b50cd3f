/**
 * Downward API values (k8s `pkg/fieldpath` and the kubelet's `podFieldSelectorRuntimeValue`,
 * `containerResourceRuntimeValue`), shared by env vars and downwardAPI volume files. Pure.
 */
import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from "./types.js";

/** Where pod-status values come from when podvisor runs the pod (no API server status yet). */
export interface PodRuntimeInfo {
  podIP: string;
  hostIP: string;
  nodeName: string;
}

/** The kubelet's `podFieldSelectorRuntimeValue` + fieldpath.ExtractFieldPathAsString. */
export function podFieldValue(pod: Pod, selector: ObjectFieldSelector, sources: PodRuntimeInfo): string {
  const path = selector.fieldPath;
  const subscript = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(path);
  if (subscript) {
    const map = subscript[1] === "metadata.labels" ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[subscript[2] ?? ""] ?? "";
  }
  switch (path) {
    case "metadata.name":
      return pod.metadata.name ?? "";
    case "metadata.namespace":
      return pod.metadata.namespace ?? "default";
    case "metadata.uid":
      return pod.metadata.uid ?? "";
    case "metadata.labels":
      return formatMap(pod.metadata.labels ?? {});
    case "metadata.annotations":
      return formatMap(pod.metadata.annotations ?? {});
    case "spec.nodeName":
      return pod.spec.nodeName ?? sources.nodeName;
    case "spec.serviceAccountName":
      return pod.spec.serviceAccountName ?? "";
    case "status.hostIP":
    case "status.hostIPs":
      return sources.hostIP;
    case "status.podIP":
    case "status.podIPs":
      return sources.podIP;
    default:
      return "";
  }
}

/** fieldpath.FormatMap: sorted `key="value"` lines, as downward API files and env show maps. */
export function formatMap(map: Record<string, string>): string {
  return Object.keys(map)
    .sort()
    .map((key) => `${key}=${JSON.stringify(map[key])}`)
    .join("\n");
}

/**
 * resourcefieldref: `ceil(quantity / divisor)` (CPU in millicores, the rest in bytes). Simple:
 * without a limit, `limits.*` falls back to `nodeAllocatable`, then to "0".
 */
export function resourceFieldValue(
  pod: Pod,
  container: Container,
  selector: ResourceFieldSelector,
  nodeAllocatable?: Record<string, string | number>,
): string {
  const target = selector.containerName
    ? ([...(pod.spec.initContainers ?? []), ...pod.spec.containers].find(
        (c) => c.name === selector.containerName,
      ) ?? container)
    : container;
  const [bucket, resource = ""] = selector.resource.split(".", 2) as [string, string?];
  const list = bucket === "limits" ? target.resources?.limits : target.resources?.requests;
  let quantity = list?.[resource];
  if (quantity === undefined && bucket === "requests") quantity = target.resources?.limits?.[resource];
  if (quantity === undefined && bucket === "limits") quantity = nodeAllocatable?.[resource];
  const amount = parseQuantity(quantity ?? 0);
  const divisor = parseQuantity(selector.divisor ?? 1) || 1;
  if (resource === "cpu") return String(Math.ceil(Math.round(amount * 1000) / Math.round(divisor * 1000)));
  return String(Math.ceil(amount / divisor));
}

const suffixes: Record<string, number> = {
  "": 1,
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

/** A Kubernetes quantity ("500m", "1Gi", "2e3") as a number; NaN-free: unknown forms are 0. */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === "number") return quantity;
  const match = /^([+-]?\d*\.?\d+(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/.exec(quantity.trim());
  if (!match) return 0;
  return Number(match[1]) * (suffixes[match[2] ?? ""] ?? 1);
}
