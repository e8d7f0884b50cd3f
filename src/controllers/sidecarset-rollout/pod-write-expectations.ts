/**
 * Whether the cache already shows a pod write the controller made (Kruise's
 * `ResourceVersionExpectations` and `UpdateExpectations`): the pod carries the resourceVersion
 * the write returned, or a later one. resourceVersions are compared as the integers the API
 * server hands out when both are integers, else only for equality.
 */
import type { Pod } from "../../api/index.js";

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace || "default"}/${pod.metadata.name ?? ""}`;
}

export function isPodWriteObserved(pod: Pod, writtenResourceVersion: string): boolean {
  const seen = pod.metadata.resourceVersion ?? "";
  if (seen === writtenResourceVersion) return true;
  if (!/^\d+$/.test(seen) || !/^\d+$/.test(writtenResourceVersion)) return false;
  return BigInt(seen) >= BigInt(writtenResourceVersion);
}
