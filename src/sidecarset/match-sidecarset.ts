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
