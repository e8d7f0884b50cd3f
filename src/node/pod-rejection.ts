/**
 * The status of a pod the node refuses (kubelet `rejectPod`, kubelet.go v1.36.3): phase Failed,
 * the admission reason, "Pod was rejected: " and the message, the QoS class kept.
 */
import type { Pod, PodStatus } from "../api/index.js";
import { getQosClass } from "../status/index.js";

/** podvisor's admission reason: the pod is valid Kubernetes that podvisor cannot run faithfully. */
export const unsupportedPodReason = "UnsupportedPodSpec";

export function rejectedPodStatus(pod: Pod, message: string): PodStatus {
  return {
    phase: "Failed",
    reason: unsupportedPodReason,
    message: `Pod was rejected: ${message}`,
    qosClass: getQosClass(pod),
  };
}
