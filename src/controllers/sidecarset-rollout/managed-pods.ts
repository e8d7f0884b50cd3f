/**
 * Which pods a SidecarSet's rollout manages (Kruise `getMatchingPods`,
 * pkg/controller/sidecarset/sidecarset_processor.go): those its selector selects in the
 * namespaces it covers, that are active, whose `kruise.io/sidecarset-injected-list` names it, and
 * that hold every sidecar it upgrades (both slots, and a working slot, for a hot-upgrade one).
 * `injectionStrategy.paused` stops injection only: injected pods are still updated.
 */
import { sidecarSetNamespaceScope } from "../../api/index.js";
import type { SidecarSet } from "../../api/index.js";
import type { Pod } from "../../api/index.js";
import { matchesLabelSelector } from "../../sidecarset/index.js";
import { namespaceNameLabel } from "../../sidecarset/index.js";
import { readWorkingSlots } from "./hot-upgrade-slots.js";
import { findSidecarInPod } from "./pod-containers.js";
import { isPodActive } from "./pod-readiness.js";
import { isPodInjectedBy } from "./pod-revision-record.js";
import type { RolloutContext } from "./rollout-context.js";
import { hotUpgradeSlotNames } from "./rollout-context.js";

/** Namespace name → its labels; a namespace missing here matches no `namespaceSelector`. */
export type NamespaceLabels = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** The selector and namespace scope alone: the pods Kruise lists for the SidecarSet. */
export function isPodSelected(sidecarSet: SidecarSet, pod: Pod, namespaces: NamespaceLabels): boolean {
  const namespace = pod.metadata.namespace || "default";
  const scope = sidecarSetNamespaceScope(sidecarSet.spec);
  if (scope.namespace !== undefined && scope.namespace !== namespace) return false;
  if (scope.namespaceSelector !== undefined) {
    const labels = namespaces.get(namespace);
    if (labels === undefined) return false;
    if (!matchesLabelSelector(scope.namespaceSelector, { ...labels, [namespaceNameLabel]: namespace }))
      return false;
  }
  return matchesLabelSelector(sidecarSet.spec.selector ?? {}, pod.metadata.labels ?? {});
}

/** Why a selected pod is not managed, or undefined when it is. */
export function unmanagedReason(context: RolloutContext, pod: Pod): string | undefined {
  if (!isPodActive(pod)) return "not active (finished or being deleted)";
  if (!isPodInjectedBy(pod, context.name))
    return `not injected: kruise.io/sidecarset-injected-list does not name ${context.name}`;
  const working = readWorkingSlots(pod);
  for (const sidecar of context.sidecars) {
    const name = sidecar.container.name;
    if (sidecar.isHotUpgrade) {
      const missing = hotUpgradeSlotNames(name).find((slot) => findSidecarInPod(pod, slot) === undefined);
      if (working[name] === undefined || missing !== undefined)
        return `hot-upgrade sidecar ${name} lacks ${missing ?? "a working slot"}`;
    } else if (findSidecarInPod(pod, name) === undefined) {
      return `has no sidecar ${name}`;
    }
  }
  return undefined;
}
