/**
 * Whether a pod's sidecars are "consistent" (the kubelet runs what the spec asks), upgradable
 * (only images differ from the SidecarSet) and ready for the rollout — Kruise's
 * `IsPodStateConsistent`, `IsSidecarSetUpgradable`, `IsPodReady` and
 * `IsSidecarContainerUpdateCompleted` (pkg/control/sidecarcontrol/sidecarset_control.go).
 * podvisor reads native sidecars (init containers with `restartPolicy: Always`) the same way,
 * from `initContainerStatuses`.
 */
import { kruiseAnnotations } from "../../api/index.js";
import type { Container, Pod } from "../../api/index.js";
import { podHotUpgradeSlots } from "./hot-upgrade-slots.js";
import { isContainerImageEqual, isImageDigest, stripImageIdScheme } from "./image-reference.js";
import { readInPlaceUpdateStates } from "./inplace-update-state.js";
import { allContainerStatuses } from "./pod-containers.js";
import { isRunningAndReady } from "./pod-readiness.js";
import { podRecordedHash } from "./pod-revision-record.js";
import type { RolloutContext } from "./rollout-context.js";

/** The containers a rollout may touch, in pod order: regular ones, then native sidecars. */
function sidecarCandidates(pod: Pod): Container[] {
  const native = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always");
  return [...(pod.spec.containers ?? []), ...native];
}

/**
 * A container is still updating while the kubelet reports the image ID recorded when the
 * controller changed it and an image other than the spec's. No record: never updated in place.
 */
export function isSidecarContainerUpdateCompleted(
  pod: Pod,
  sidecarSetName: string,
  containerNames: ReadonlySet<string>,
): boolean {
  const states = readInPlaceUpdateStates(pod);
  if (states === "absent") return true;
  if (states === "invalid") return false;
  const recorded = states.get(sidecarSetName)?.lastContainerStatuses ?? {};
  const specImages = new Map(sidecarCandidates(pod).map((c) => [c.name, c.image ?? ""]));
  for (const status of allContainerStatuses(pod)) {
    if (!containerNames.has(status.name)) continue;
    const before = recorded[status.name];
    if (before === undefined) continue;
    if ((before.imageID ?? "") === status.imageID && (specImages.get(status.name) ?? "") !== status.image)
      return false;
  }
  return true;
}

/** Kruise `IsPodStateConsistent`; `names` defaults to every sidecar container of the SidecarSet. */
export function isPodStateConsistent(
  context: RolloutContext,
  pod: Pod,
  sidecarNames?: ReadonlySet<string>,
): boolean {
  // An empty set means all of them, as in Kruise.
  const names =
    sidecarNames === undefined || sidecarNames.size === 0 ? context.sidecarContainerNames : sidecarNames;
  if ((pod.spec.containers ?? []).length !== (pod.status?.containerStatuses ?? []).length) return false;
  const nativeChecked = (pod.spec.initContainers ?? []).filter(
    (c) => c.restartPolicy === "Always" && names.has(c.name),
  );
  const initStatuses = pod.status?.initContainerStatuses ?? [];
  if (nativeChecked.some((c) => !initStatuses.some((s) => s.name === c.name))) return false;

  const imageIds = new Map(allContainerStatuses(pod).map((s) => [s.name, stripImageIdScheme(s.imageID)]));
  let isAllDigest = true;
  for (const container of sidecarCandidates(pod)) {
    if (!names.has(container.name)) continue;
    const image = container.image ?? "";
    // By digest, the spec names the content: compare it with what the kubelet reports.
    if (!isImageDigest(image)) {
      isAllDigest = false;
      break;
    }
    const imageId = imageIds.get(container.name);
    if (imageId === undefined || !isContainerImageEqual(image, imageId)) return false;
  }
  if (isAllDigest) return true;
  return isSidecarContainerUpdateCompleted(pod, context.name, names);
}

/**
 * `canUpgrade`: the pod's sidecars differ from the SidecarSet's at most in images (equal
 * without-image hashes). `consistent`: no sidecar is Ready while still mid-update.
 */
export function isSidecarSetUpgradable(
  context: RolloutContext,
  pod: Pod,
): { canUpgrade: boolean; consistent: boolean } {
  const recorded = podRecordedHash(pod, context.name, kruiseAnnotations.sidecarSetHashWithoutImage);
  if (recorded !== context.hashWithoutImage) return { canUpgrade: false, consistent: false };
  const ready = new Map(allContainerStatuses(pod).map((s) => [s.name, s.ready]));
  for (const name of [...context.sidecarContainerNames].sort()) {
    if (ready.get(name) === true && !isPodStateConsistent(context, pod, new Set([name])))
      return { canUpgrade: true, consistent: false };
  }
  return { canUpgrade: true, consistent: true };
}

/** Kruise `commonControl.IsPodReady`: Running and Ready, and every idle hot slot empty. */
export function isPodReadyForRollout(context: RolloutContext, pod: Pod): boolean {
  const emptyImageOfIdleSlot = new Map<string, string>();
  for (const sidecar of context.sidecars) {
    if (!sidecar.isHotUpgrade) continue;
    emptyImageOfIdleSlot.set(podHotUpgradeSlots(sidecar.container.name, pod).idle, sidecar.emptyImage);
  }
  for (const container of sidecarCandidates(pod)) {
    const emptyImage = emptyImageOfIdleSlot.get(container.name) ?? "";
    if (emptyImage !== "" && container.image !== emptyImage) return false;
  }
  return isRunningAndReady(pod);
}
