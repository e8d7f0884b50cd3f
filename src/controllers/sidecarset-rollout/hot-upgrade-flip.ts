/**
 * The second half of a hot upgrade (Kruise pkg/controller/sidecarset/sidecarset_hotupgrade.go):
 * once the new version runs in the working slot — consistent and ready — the slot still running
 * the old version is reset to `hotUpgradeEmptyImage`. Its version annotation and the working
 * slot's versionalt become "0". A round that has such pods resets them and updates nothing else.
 */
import type { Pod } from "../../api/index.js";
import { podHotUpgradeSlots, versionAltAnnotation, versionAnnotation } from "./hot-upgrade-slots.js";
import { inPlaceUpdateStateAnnotation, recordInPlaceUpdate } from "./inplace-update-state.js";
import { isPodStateConsistent } from "./pod-consistency.js";
import { findSidecarInPod } from "./pod-containers.js";
import { isRunningAndReady } from "./pod-readiness.js";
import type { RolloutContext } from "./rollout-context.js";
import type { ContainerImageChange } from "./upgrade-pod-sidecars.js";

export function hasHotUpgradeSidecar(context: RolloutContext): boolean {
  return context.sidecars.some((s) => s.isHotUpgrade);
}

function idleSlotsOf(context: RolloutContext, pod: Pod): Set<string> {
  return new Set(
    context.sidecars.filter((s) => s.isHotUpgrade).map((s) => podHotUpgradeSlots(s.container.name, pod).idle),
  );
}

/** Idle slot not empty, every other sidecar consistent, every other container ready. */
export function needsHotUpgradeFlip(context: RolloutContext, pod: Pod): boolean {
  const idle = idleSlotsOf(context, pod);
  const isIdleBusy = context.sidecars.some(
    (s) =>
      s.isHotUpgrade &&
      (findSidecarInPod(pod, podHotUpgradeSlots(s.container.name, pod).idle)?.container.image ?? "") !==
        s.emptyImage,
  );
  if (!isIdleBusy) return false;
  const others = new Set([...context.sidecarContainerNames].filter((name) => !idle.has(name)));
  return isPodStateConsistent(context, pod, others) && isHotUpgradingReady(pod, idle);
}

/** Kruise `isHotUpgradingReady`; native sidecars' statuses count, plain init containers' do not. */
function isHotUpgradingReady(pod: Pod, idle: ReadonlySet<string>): boolean {
  if (isRunningAndReady(pod)) return true;
  const native = new Set(
    (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always").map((c) => c.name),
  );
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []).filter((s) => native.has(s.name)),
  ];
  return statuses.every((s) => idle.has(s.name) || s.ready);
}

/** Kruise `flipPodSidecarContainerDo`: the pod with its idle slots reset, and what changed. */
export function flipHotUpgradeSlots(
  context: RolloutContext,
  pod: Pod,
  timestamp: string,
): { pod: Pod; changes: ContainerImageChange[] } {
  const next = structuredClone(pod);
  const annotations: Record<string, string> = { ...(pod.metadata.annotations ?? {}) };
  const changes: ContainerImageChange[] = [];
  for (const sidecar of context.sidecars) {
    if (!sidecar.isHotUpgrade) continue;
    const { working, idle } = podHotUpgradeSlots(sidecar.container.name, pod);
    const ref = findSidecarInPod(next, idle);
    if (ref === undefined || ref.container.image === sidecar.emptyImage) continue;
    changes.push({
      container: idle,
      list: ref.list,
      fromImage: ref.container.image ?? "",
      toImage: sidecar.emptyImage,
    });
    ref.container.image = sidecar.emptyImage;
    annotations[versionAnnotation(idle)] = "0";
    annotations[versionAltAnnotation(working)] = "0";
  }
  next.metadata.annotations = annotations;
  annotations[inPlaceUpdateStateAnnotation] = recordInPlaceUpdate(
    next,
    context.name,
    context.hash,
    changes.map((c) => c.container),
    timestamp,
  );
  return { pod: next, changes };
}
