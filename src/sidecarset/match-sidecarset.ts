/**
 * Which SidecarSets select a pod (Kruise `PodMatchedSidecarSet` and the webhook's filters): not
 * paused, the pod's namespace (empty means "default") equal to `namespace` when set, the
 * Namespace's labels matched by `namespaceSelector` when set, and a non-empty `selector` matching
 * the pod's labels. Each decision carries its reason for `inject --explain`.
 */
import { sidecarSetNamespaceScope, type SidecarSet } from "../api/sidecarset/index.js";
import { formatLabelSelector, isEmptySelector, matchesLabelSelector } from "./label-selector.js";

export interface PodMatchView {
  labels: Readonly<Record<string, string>>;
  namespace: string;
  /** The Namespace's labels; undefined when the input has no such Namespace. */
  namespaceLabels: Readonly<Record<string, string>> | undefined;
}

export interface MatchDecision {
  matched: boolean;
  reason: string;
}

/** The label the API server puts on every Namespace (1.21+). */
export const namespaceNameLabel = "kubernetes.io/metadata.name";

export function matchSidecarSet(sidecarSet: SidecarSet, pod: PodMatchView): MatchDecision {
  const spec = sidecarSet.spec;
  if (spec.injectionStrategy?.paused === true)
    return { matched: false, reason: "injectionStrategy.paused is true" };
  const { namespace, namespaceSelector } = sidecarSetNamespaceScope(spec);
  if (namespace !== undefined && namespace !== pod.namespace)
    return { matched: false, reason: `namespace is ${namespace}, the pod's is ${pod.namespace}` };
  if (namespaceSelector !== undefined) {
    const labels = { ...(pod.namespaceLabels ?? {}), [namespaceNameLabel]: pod.namespace };
    if (!matchesLabelSelector(namespaceSelector, labels)) {
      const known =
        pod.namespaceLabels === undefined
          ? " (no Namespace object in the input: only its name label is known)"
          : "";
      return {
        matched: false,
        reason: `namespaceSelector ${formatLabelSelector(namespaceSelector)} does not match namespace ${pod.namespace}${known}`,
      };
    }
  }
  const selector = spec.selector ?? {};
  if (isEmptySelector(selector)) return { matched: false, reason: "the selector is empty" };
  if (!matchesLabelSelector(selector, pod.labels))
    return {
      matched: false,
      reason: `selector ${formatLabelSelector(selector)} does not match the pod's labels`,
    };
  return { matched: true, reason: `selector ${formatLabelSelector(selector)} matches` };
}

/**
 * The order Kruise takes candidates in (`sidecarsetMutatingPod`): first the SidecarSets indexed
 * under the pod's namespace (fieldindex `IndexSidecarSetV1Beta1`: the `kubernetes.io/metadata.name`
 * value of the namespace selector's matchLabels, else the values of an `In` expression on it; a
 * v1alpha1 `namespace` converts into the former), then the cluster-scoped ones, each group by name
 * as the cache lists them. The order decides container order and patchPodMetadata merging. The
 * SidecarSets indexed under other namespaces cannot match; they follow, for the explanation.
 */
export function orderCandidates(sidecarSets: readonly SidecarSet[], namespace: string): SidecarSet[] {
  const group = (set: SidecarSet) => {
    const index = namespaceIndexOf(set);
    return index === undefined ? 1 : index.includes(namespace) ? 0 : 2;
  };
  return [...sidecarSets].sort((a, b) => {
    const [ga, gb] = [group(a), group(b)];
    if (ga !== gb) return ga - gb;
    const [na, nb] = [a.metadata.name ?? "", b.metadata.name ?? ""];
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

/** The namespaces a SidecarSet is indexed under; undefined for cluster scope. */
function namespaceIndexOf(sidecarSet: SidecarSet): string[] | undefined {
  const { namespace, namespaceSelector } = sidecarSetNamespaceScope(sidecarSet.spec);
  if (namespace !== undefined) return [namespace];
  const byLabel = namespaceSelector?.matchLabels?.[namespaceNameLabel];
  if (byLabel !== undefined) return [byLabel];
  for (const { key, operator, values } of namespaceSelector?.matchExpressions ?? [])
    if (key === namespaceNameLabel && operator === "In") return values ?? [];
  return undefined;
}
