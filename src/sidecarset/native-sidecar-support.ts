/**
 * Which nodes can run native sidecars (KEP-753), as `podvisor doctor --label-nodes` records it
 * and the webhook's node-aware `auto` reads it ("Adopting Sidecar Containers",
 * https://kubernetes.io/docs/tutorials/configuration/pod-sidecar-containers/, strategies 1 and 2:
 * label the nodes that support sidecars, check compatibility at injection).
 *
 * A node's label, when doctor set it, is the verdict: doctor read the kubelet's
 * `kubernetes_feature_enabled{name="SidecarContainers"}` as well as its version. Without the
 * label only the version speaks: kubelets from 1.29 have the feature on by default.
 */

/** The label `podvisor doctor --label-nodes` sets on every node it can judge: "true" or "false". */
export const nativeSidecarNodeLabel = "sidecars.podvisor.io/native";

/** SidecarContainers is on by default in kubelets from this release (beta, 1.29). */
export const firstNativeSidecarKubelet: readonly [number, number] = [1, 29];

export type NativeSupportSource = "label" | "kubelet version" | "unknown";

export interface NodeNativeSupport {
  supported: boolean;
  source: NativeSupportSource;
}

export function nodeNativeSupport(node: {
  labels: Readonly<Record<string, string>>;
  kubeletVersion: readonly [number, number] | undefined;
}): NodeNativeSupport {
  const label = node.labels[nativeSidecarNodeLabel];
  if (label === "true" || label === "false") return { supported: label === "true", source: "label" };
  if (!node.kubeletVersion) return { supported: false, source: "unknown" };
  return { supported: isAtLeast(node.kubeletVersion, firstNativeSidecarKubelet), source: "kubelet version" };
}

/** `version` is `minimum` or newer (major, minor). */
export function isAtLeast(version: readonly [number, number], minimum: readonly [number, number]): boolean {
  return version[0] !== minimum[0] ? version[0] > minimum[0] : version[1] >= minimum[1];
}
