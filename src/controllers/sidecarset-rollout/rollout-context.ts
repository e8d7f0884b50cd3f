/**
 * What one reconcile knows about the SidecarSet it rolls out: its name, its revision hashes, the
 * sidecars it upgrades in place and the pod container names they occupy.
 *
 * The rollout upgrades the SidecarSet's `containers` (Kruise) and, unlike Kruise, its native
 * sidecars: `initContainers` with `restartPolicy: Always` (docs/sidecarsets.md, "Rollouts").
 * Plain init containers run to completion once; they are never part of a rollout.
 */
import { kruiseAnnotations } from "../../api/index.js";
import type { SidecarContainer, SidecarSet } from "../../api/index.js";
import { sidecarSetHash, sidecarSetHashWithoutImage } from "../../sidecarset/index.js";

export interface RolloutSidecar {
  /** The SidecarSet's container: a rollout reads its name and image only. */
  container: SidecarContainer;
  isHotUpgrade: boolean;
  /** `upgradeStrategy.hotUpgradeEmptyImage`; "" for a cold sidecar. */
  emptyImage: string;
}

export interface RolloutContext {
  sidecarSet: SidecarSet;
  name: string;
  /** `kruise.io/sidecarset-hash`: a pod recording it is on the current revision. */
  hash: string;
  /** `kruise.io/sidecarset-hash-without-image`: a pod recording it differs at most in images. */
  hashWithoutImage: string;
  /** The ControllerRevision name recorded in the pods' revision records. */
  latestRevision: string;
  sidecars: RolloutSidecar[];
  /** Kruise `GetSidecarContainersInPod`: sidecar names, hot-upgrade slots instead of their sidecar. */
  sidecarContainerNames: ReadonlySet<string>;
}

export function buildRolloutContext(sidecarSet: SidecarSet, latestRevision: string): RolloutContext {
  const sidecars = rolloutSidecarsOf(sidecarSet);
  const names = new Set<string>();
  for (const sidecar of sidecars) {
    if (sidecar.isHotUpgrade) for (const slot of hotUpgradeSlotNames(sidecar.container.name)) names.add(slot);
    else names.add(sidecar.container.name);
  }
  const { hash, hashWithoutImage } = sidecarSetRevisionHashes(sidecarSet);
  return {
    sidecarSet,
    name: sidecarSet.metadata.name ?? "",
    hash,
    hashWithoutImage,
    latestRevision,
    sidecars,
    sidecarContainerNames: names,
  };
}

/**
 * The revision hashes as the SidecarSet's webhook stamped them: Kruise's controller reads the
 * annotations (`GetSidecarSetRevision`), a missing one reading as "". A SidecarSet carrying
 * neither was stored without a SidecarSet webhook; its hashes are computed afresh from the spec,
 * as podvisor's injection computes them.
 */
export function sidecarSetRevisionHashes(sidecarSet: SidecarSet): { hash: string; hashWithoutImage: string } {
  const annotations = sidecarSet.metadata.annotations ?? {};
  const hash = annotations[kruiseAnnotations.sidecarSetHash];
  const hashWithoutImage = annotations[kruiseAnnotations.sidecarSetHashWithoutImage];
  if (hash !== undefined || hashWithoutImage !== undefined)
    return { hash: hash ?? "", hashWithoutImage: hashWithoutImage ?? "" };
  const spec = sidecarSet.spec as unknown as Readonly<Record<string, unknown>>;
  return { hash: sidecarSetHash(spec), hashWithoutImage: sidecarSetHashWithoutImage(spec) };
}

/** `spec.containers`, then the native sidecars of `spec.initContainers`, in declared order. */
export function rolloutSidecarsOf(sidecarSet: SidecarSet): RolloutSidecar[] {
  const native = (sidecarSet.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always");
  return [...(sidecarSet.spec.containers ?? []), ...native].map((container) => {
    const isHotUpgrade = container.upgradeStrategy?.upgradeType === "HotUpgrade";
    return {
      container,
      isHotUpgrade,
      emptyImage: isHotUpgrade ? (container.upgradeStrategy?.hotUpgradeEmptyImage ?? "") : "",
    };
  });
}

/** Kruise `GetHotUpgradeContainerName`: `<name>-1`, `<name>-2`. */
export function hotUpgradeSlotNames(sidecarName: string): [string, string] {
  return [`${sidecarName}-1`, `${sidecarName}-2`];
}
