/**
 * Downward API values (k8s `pkg/fieldpath` and the kubelet's `podFieldSelectorRuntimeValue`,
 * `containerResourceRuntimeValue`), shared by env vars and downwardAPI volume files. Pure.
 */
import { parseQuantity, quantityOf, scaledQuantityValue, type Quantity } from "./quantity/index.js";
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
  // kubelet ExtractContainerResourceValue: cpu in milli-units, others in whole units, divided and rounded up.
  const scale = resource === "cpu" ? -3 : 0;
  const amount = scaledQuantityValue(quantityOrZero(quantity ?? 0), scale);
  const divisor = scaledQuantityValue(quantityOrZero(selector.divisor ?? 1), scale);
  if (divisor <= 0n) return amount.toString();
  return ((amount + divisor - 1n) / divisor).toString();
}

/** Validation has already refused malformed quantities; anything left unparsable counts as zero. */
function quantityOrZero(value: string | number): Quantity {
  const parsed = parseQuantity(value);
  return parsed.ok ? parsed.quantity : quantityOf(0, 0, "DecimalSI");
}
