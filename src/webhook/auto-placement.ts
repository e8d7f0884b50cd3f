/**
 * Node-aware `auto` ("Adopting Sidecar Containers", strategies 1 and 2): which way `auto`
 * injects, from the nodes the pod can land on. Every candidate node runs native sidecars →
 * native; none does → legacy; some do → native with a required node affinity on
 * `sidecars.podvisor.io/native=true` (set by `podvisor doctor --label-nodes`), so the scheduler
 * only places the pod where its sidecars work. A node's support is its doctor label, else its
 * kubelet version (sidecarset/native-sidecar-support.ts). In a mixed cluster with no node
 * labelled yet the affinity would match nothing, so `auto` stays legacy and says to label.
 * An API server before 1.29 drops the field itself: legacy whatever the nodes.
 *
 * The choice reaches the injector as the Kubernetes version `auto` is judged at (native from
 * 1.29), and the pod records it in `podvisor.dev/auto-mode`.
 */
import type { Fields } from "../api/index.js";
import {
  firstNativeSidecarKubelet,
  isAtLeast,
  nativeSidecarNodeLabel,
  nodeNativeSupport,
} from "../sidecarset/index.js";
import { candidateNodes, targetKubeVersion, type KubeVersion, type NodeView } from "./target-kube-version.js";

/** What the pod's `podvisor.dev/auto-mode` annotation says `auto` chose. */
export const autoModeAnnotation = "podvisor.dev/auto-mode";

export type AutoChoice = "native" | "native-with-node-affinity" | "legacy";

export interface AutoPlacement {
  /** The version `auto` is judged at: ≥ 1.29 for native, below for legacy. */
  version: KubeVersion;
  choice: AutoChoice;
  /** For the injection record: why. */
  source: string;
}

/** Below the first native release: what legacy is judged at when the versions alone say native. */
const legacyVersion: KubeVersion = [1, 28];

function atMost(version: KubeVersion, cap: KubeVersion): KubeVersion {
  return isAtLeast(cap, version) ? version : cap;
}

export function planAutoPlacement(
  pod: Fields,
  nodes: readonly NodeView[],
  serverVersion: KubeVersion,
): AutoPlacement {
  const target = targetKubeVersion(pod, nodes, serverVersion);
  const native = (source: string): AutoPlacement => ({ version: serverVersion, choice: "native", source });
  const legacy = (source: string): AutoPlacement => ({
    version: atMost(target.version, legacyVersion),
    choice: "legacy",
    source,
  });
  if (!isAtLeast(serverVersion, firstNativeSidecarKubelet))
    return legacy(`API server ${serverVersion.join(".")} has no native sidecars`);
  const candidates = candidateNodes(pod, nodes);
  if (candidates.length === 0) return { ...target, choice: "native" };
  const supporting = candidates.filter((node) => nodeNativeSupport(node).supported);
  const of = `${candidates.length} node${candidates.length === 1 ? "" : "s"} the pod can land on`;
  if (supporting.length === candidates.length)
    return native(`every node the pod can land on runs native sidecars; ${target.source}`);
  if (supporting.length === 0) return legacy(`none of the ${of} runs native sidecars (${target.source})`);
  const labelled = supporting.filter((node) => node.labels[nativeSidecarNodeLabel] === "true");
  if (labelled.length === 0)
    return legacy(
      `${supporting.length} of ${of} run native sidecars but none is labelled ${nativeSidecarNodeLabel}=true: run podvisor doctor --label-nodes`,
    );
  return {
    version: serverVersion,
    choice: "native-with-node-affinity",
    source: `${labelled.length} of ${of} run native sidecars: node affinity ${nativeSidecarNodeLabel}=true`,
  };
}

/**
 * The pod with a required node affinity on the label: added to every nodeSelectorTerm (terms are
 * ORed, a term's expressions ANDed), or as the one term; not twice on reinvocation.
 */
export function withNativeNodeAffinity(pod: Fields): Fields {
  const requirement = { key: nativeSidecarNodeLabel, operator: "In", values: ["true"] };
  const spec = (pod.spec ?? {}) as Fields;
  const affinity = (spec.affinity ?? {}) as Fields;
  const nodeAffinity = (affinity.nodeAffinity ?? {}) as Fields;
  const required = (nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}) as Fields;
  const terms = Array.isArray(required.nodeSelectorTerms) ? (required.nodeSelectorTerms as Fields[]) : [];
  const has = (term: Fields) =>
    Array.isArray(term.matchExpressions) &&
    (term.matchExpressions as Fields[]).some((e) => e.key === requirement.key && e.operator === "In");
  const nextTerms =
    terms.length === 0
      ? [{ matchExpressions: [requirement] }]
      : terms.map((term) =>
          has(term)
            ? term
            : {
                ...term,
                matchExpressions: [
                  ...(Array.isArray(term.matchExpressions) ? (term.matchExpressions as unknown[]) : []),
                  requirement,
                ],
              },
        );
  return {
    ...pod,
    spec: {
      ...spec,
      affinity: {
        ...affinity,
        nodeAffinity: {
          ...nodeAffinity,
          requiredDuringSchedulingIgnoredDuringExecution: { ...required, nodeSelectorTerms: nextTerms },
        },
      },
    },
  };
}
