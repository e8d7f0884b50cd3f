/**
 * Which revision of a SidecarSet a new pod gets (Kruise `getSuitableRevisionSidecarSet`, CREATE,
 * pkg/webhook/pod/mutating/sidecarset.go): without `injectionStrategy.revision` (or with neither
 * `revisionName` nor `customVersion`) the latest; else the pinned revision when
 * `updateStrategy.paused`, under policy `Always` (the default), or under `Partial` when an
 * `updateStrategy.selector` is set and does not select the pod; otherwise (`Partial`) the pinned
 * one with probability `updateStrategy.partition` read as a percentage (an integer or no partition:
 * never). Kruise draws `u` uniformly in [0,1) and pins when `u <= p`.
 *
 * The draw is `InjectionContext.random` when given (a cluster webhook passes a real source). Offline
 * it is a stable function of the pod's namespace, name (a template's: its workload's) and the
 * SidecarSet's name, so `inject` prints the same output every time while the pods of a run still
 * spread as Kruise spreads them.
 */
import type { ControllerRevision } from "../api/index.js";
import type { FieldError } from "../api/index.js";
import type { SidecarSet } from "../api/index.js";
import { validateLabelSelector } from "../api/index.js";
import { matchesLabelSelector } from "./label-selector.js";
import { sha256Hex } from "./sha256.js";
import { findPinnedRevision, restoreRevision, type InjectableSidecarSet } from "./sidecarset-history.js";
import { sidecarSetHash, sidecarSetHashWithoutImage } from "./sidecarset-hash.js";

export interface RevisionChoice {
  injectable: InjectableSidecarSet;
  /** For `--explain`: why this revision; absent when nothing is pinned. */
  note?: string;
}

export interface PodIdentity {
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
}

export function chooseInjectionRevision(
  sidecarSet: SidecarSet,
  pod: PodIdentity,
  revisions: readonly ControllerRevision[],
  random: (() => number) | undefined,
): RevisionChoice | { error: FieldError } {
  const spec = sidecarSet.spec as unknown as Record<string, unknown>;
  const latest: InjectableSidecarSet = {
    sidecarSet,
    hash: sidecarSetHash(spec),
    hashWithoutImage: sidecarSetHashWithoutImage(spec),
  };
  const pinned = sidecarSet.spec.injectionStrategy?.revision;
  if (!pinned || (pinned.revisionName == null && pinned.customVersion == null)) return { injectable: latest };
  const found = findPinnedRevision(sidecarSet, revisions);
  if ("error" in found) return found;
  const restored = restoreRevision(sidecarSet, found.revision);
  const name = `revision ${found.revision.metadata.name ?? ""}`;
  const strategy = sidecarSet.spec.updateStrategy ?? {};
  if (strategy.paused === true) return { injectable: restored, note: `${name}: updateStrategy.paused` };
  if (pinned.policy !== "Partial") return { injectable: restored, note: `${name}: policy Always` };
  const path = `sidecarset/${sidecarSet.metadata.name ?? ""}: spec.updateStrategy`;
  if (strategy.selector) {
    const problem = validateLabelSelector(
      strategy.selector as Record<string, unknown>,
      `${path}.selector`,
    )[0];
    if (problem) return { error: problem };
    if (!matchesLabelSelector(strategy.selector, pod.labels))
      return {
        injectable: restored,
        note: `${name}: policy Partial, updateStrategy.selector does not select the pod`,
      };
  }
  const partition = strategy.partition;
  if (typeof partition !== "string")
    return { injectable: latest, note: `latest: policy Partial, no percentage partition` };
  const probability = parsePercentage(partition);
  if (typeof probability === "string")
    return { error: { type: "Invalid", path: `${path}.partition`, value: partition, detail: probability } };
  const draw = random
    ? random()
    : stableDraw(`${pod.namespace}/${pod.name}/${sidecarSet.metadata.name ?? ""}`);
  const odds = `policy Partial, partition ${partition}, drew ${draw.toFixed(3)}`;
  return draw <= probability
    ? { injectable: restored, note: `${name}: ${odds}` }
    : { injectable: latest, note: `latest: ${odds}` };
}

/** Kruise `ParsePercentageAsFloat64`: the fraction, or Go's error text. */
function parsePercentage(text: string): number | string {
  if (!text.endsWith("%")) return "invalid type: string is not a percentage";
  const number = text.slice(0, -1);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(number))
    return `strconv.ParseFloat: parsing ${JSON.stringify(number)}: invalid syntax`;
  return Number(number) / 100;
}

/** A number in [0, 1) from the key's SHA-256: the same key draws the same number. */
function stableDraw(key: string): number {
  return parseInt(sha256Hex(key).slice(0, 13), 16) / 2 ** 52;
}
