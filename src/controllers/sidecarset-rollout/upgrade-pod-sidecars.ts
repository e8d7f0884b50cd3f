/**
 * The in-place update of one pod: Kruise `updatePodSidecarContainer` and
 * `updatePodSidecarAndHash` (pkg/controller/sidecarset/sidecarset_processor.go) with
 * `commonControl.UpgradeSidecarContainer`. Only images change — a cold sidecar in place, a
 * hot-upgrade sidecar in its idle slot, which becomes the working one — then the pod's revision
 * record is rewritten, the kubelet's current image IDs recorded, and `patchPodMetadata` applied
 * again. Kruise recomputes shared mounts and transferred env first, but only the image is ever
 * copied into the pod, so that step changes nothing and is left out.
 */
import type { Pod } from "../../api/index.js";
import { patchPodAnnotations } from "../../sidecarset/index.js";
import {
  formatWorkingSlots,
  podHotUpgradeSlots,
  readWorkingSlots,
  versionAltAnnotation,
  versionAnnotation,
  workingHotUpgradeAnnotation,
} from "./hot-upgrade-slots.js";
import { inPlaceUpdateStateAnnotation, recordInPlaceUpdate } from "./inplace-update-state.js";
import { isPodStateConsistent } from "./pod-consistency.js";
import { findSidecarInPod, statusOfContainer } from "./pod-containers.js";
import type { PodContainerList } from "./pod-containers.js";
import { rewriteRevisionRecord } from "./pod-revision-record.js";
import type { RolloutContext, RolloutSidecar } from "./rollout-context.js";
import { hotUpgradeSlotNames } from "./rollout-context.js";

export interface ContainerImageChange {
  container: string;
  list: PodContainerList;
  fromImage: string;
  toImage: string;
}

export type UpgradedPod = { pod: Pod; changes: ContainerImageChange[] } | { error: string };

export function upgradePodSidecars(context: RolloutContext, pod: Pod, timestamp: string): UpgradedPod {
  const next = copyForImageChange(pod);
  let annotations: Record<string, string> = { ...(pod.metadata.annotations ?? {}) };
  const changes: ContainerImageChange[] = [];
  for (const sidecar of context.sidecars) {
    const target = sidecar.isHotUpgrade
      ? findSlotToHotUpgrade(context, sidecar, pod)
      : { slot: sidecar.container.name, other: sidecar.container.name };
    const oldImage = findSidecarInPod(pod, target.other)?.container.image ?? "";
    const image = sidecar.container.image ?? "";
    if (image === oldImage) continue;
    const ref = findSidecarInPod(next, target.slot);
    if (ref === undefined) continue;
    changes.push({
      container: target.slot,
      list: ref.list,
      fromImage: ref.container.image ?? "",
      toImage: image,
    });
    next.spec[ref.list]![ref.index] = { ...ref.container, image };
    if (sidecar.isHotUpgrade) {
      const working = readWorkingSlots(next);
      working[sidecar.container.name] = target.slot;
      annotations[workingHotUpgradeAnnotation] = formatWorkingSlots(working);
      const older = target.other;
      const resourceVersion = context.sidecarSet.metadata.resourceVersion ?? "";
      annotations[versionAnnotation(target.slot)] = resourceVersion;
      annotations[versionAltAnnotation(target.slot)] = annotations[versionAnnotation(older)] ?? "";
      annotations[versionAltAnnotation(older)] = resourceVersion;
    }
    next.metadata.annotations = annotations;
  }
  annotations = rewriteRevisionRecord(annotations, {
    sidecarSetName: context.name,
    hash: context.hash,
    sidecarList: sidecarListOf(context),
    controllerRevision: context.latestRevision,
    timestamp,
  });
  next.metadata.annotations = annotations;
  annotations = {
    ...annotations,
    [inPlaceUpdateStateAnnotation]: recordInPlaceUpdate(
      next,
      context.name,
      context.hash,
      changes.map((c) => c.container),
      timestamp,
    ),
  };
  const patched = patchPodAnnotations(annotations, context.sidecarSet.spec.patchPodMetadata ?? []);
  if ("invalidKey" in patched)
    return { error: `spec.patchPodMetadata: annotation ${patched.invalidKey}: ${patched.detail}` };
  next.metadata.annotations = patched.annotations;
  return { pod: next, changes };
}

/**
 * A copy of `pod` whose metadata and container lists are its own, to change images and
 * annotations in; everything else is shared with `pod`, which is never changed. What is shared is
 * the same object on both sides, so the patch's diff (`createJsonPatch`) passes over it at once.
 */
function copyForImageChange(pod: Pod): Pod {
  const spec = { ...pod.spec };
  if (spec.containers !== undefined) spec.containers = [...spec.containers];
  if (spec.initContainers !== undefined) spec.initContainers = [...spec.initContainers];
  return { ...pod, metadata: { ...pod.metadata }, spec };
}

/** Kruise `listSidecarNameInSidecarSet`: native sidecars and containers, sorted. */
function sidecarListOf(context: RolloutContext): string[] {
  const names = new Set(context.sidecars.map((s) => s.container.name));
  return [...names].sort();
}

/**
 * Kruise `findContainerToHotUpgrade`: the slot running the empty image; else the one not ready
 * (or still updating) while the other is; else the idle one. `other` is the slot left running.
 */
function findSlotToHotUpgrade(
  context: RolloutContext,
  sidecar: RolloutSidecar,
  pod: Pod,
): { slot: string; other: string } {
  const [name1, name2] = hotUpgradeSlotNames(sidecar.container.name);
  const c1 = findSidecarInPod(pod, name1);
  const c2 = findSidecarInPod(pod, name2);
  if ((c1?.container.image ?? "") === sidecar.emptyImage) return { slot: name1, other: name2 };
  if ((c2?.container.image ?? "") === sidecar.emptyImage) return { slot: name2, other: name1 };
  const isSlotReady = (ref: typeof c1, name: string) =>
    ref !== undefined &&
    statusOfContainer(pod, ref)?.ready === true &&
    isPodStateConsistent(context, pod, new Set([name]));
  const isReady1 = isSlotReady(c1, name1);
  const isReady2 = isSlotReady(c2, name2);
  if (isReady1 && !isReady2) return { slot: name2, other: name1 };
  if (!isReady1 && isReady2) return { slot: name1, other: name2 };
  const { working, idle } = podHotUpgradeSlots(sidecar.container.name, pod);
  return { slot: idle, other: working };
}
