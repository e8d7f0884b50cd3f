/**
 * Sidecar injection into one pod or pod template, with Kruise's semantics (the pod webhook's
 * `sidecarsetMutatingPod` + `buildSidecars` on create) and podvisor's native/legacy choice:
 * match, pick each SidecarSet's revision (`injectionStrategy.revision`), drop the bases of the
 * canaries that match, then build and merge the sidecars and write Kruise's annotations.
 * Pure and all-or-nothing: the input is never mutated; on any error the result carries the
 * errors and no pod. The output is the input's decoded JSON with only the owned fields changed
 * (containers, initContainers, volumes, imagePullSecrets, annotations), so
 * `createJsonPatch(input, output)` is a patch that keeps everything else.
 */
import { type FieldError, formatTime, isRecord, type Fields } from "../api/index.js";
import { kruiseAnnotations, sidecarModeAnnotation, sidecarModes } from "../api/index.js";
import type { SidecarMode, SidecarSet } from "../api/index.js";
import type { ControllerRevision } from "../api/index.js";
import { listOf } from "./build-sidecar-container.js";
import { buildSidecarSetSidecars, type InjectedSidecar } from "./build-sidecarset-sidecars.js";
import { canonicalJson } from "./canonical-json.js";
import { checkSidecarSetConflicts } from "./check-conflicts.js";
import { parseWorkingSlots } from "./hot-upgrade.js";
import { mergeByName, mergeIntoPod, type Placed } from "./merge-sidecars.js";
import { formatUpgradeSpecs, parseUpgradeSpecs } from "./injection-annotations.js";
import { selectSidecarSets, stringMap } from "./select-sidecarsets.js";
import { patchPodAnnotations } from "./patch-pod-metadata.js";
import { isSidecarMode, resolveSidecarMode, type ResolvedSidecarMode } from "./sidecar-mode.js";
import { arrangeSidecarModes, type ModedSidecar } from "./arrange-sidecar-modes.js";
import { defaultSidecarHelperSource, type SidecarHelperSource } from "./sidecar-helper.js";

export type { InjectedSidecar } from "./build-sidecarset-sidecars.js";

export interface InjectionTarget {
  /** A Pod, or a pod template (`{ metadata, spec }`), as decoded. Not mutated. */
  pod: Fields;
  namespace: string;
  /** Labels of the pod's Namespace; undefined when the input does not have it. */
  namespaceLabels: Readonly<Record<string, string>> | undefined;
  /**
   * Labels the pods made from this template get from their controller and not from the template
   * (a Job's `job-name`, ...): matched as if the pod had them, where the template does not set the
   * key, but never written into the output. Absent for a Pod.
   */
  controllerLabels?: Readonly<Record<string, string>>;
  /** Who adds `controllerLabels`, for the explanation: "the Job's". */
  controllerLabelsSource?: string;
  /**
   * The workload a pod template belongs to (`Deployment/shop`): names it in the `Partial` draw,
   * which for a Pod uses the pod's name. Absent for a Pod.
   */
  workload?: string;
}

export interface InjectionContext {
  /** Epoch ms stamped as `updateTimestamp` in the hash annotations. */
  nowMs: number;
  kubeVersion: readonly [number, number];
  defaultMode?: SidecarMode;
  /**
   * The ControllerRevisions a pinned `injectionStrategy.revision` is read from (Kruise's, in
   * `kruise-system`); none: a SidecarSet that pins a revision cannot be injected.
   */
  controllerRevisions?: readonly ControllerRevision[];
  /**
   * A uniform draw in [0,1) for `injectionStrategy.revision.policy: Partial`; absent: a stable
   * draw per pod and SidecarSet (injection-revision.ts), so offline output is reproducible.
   */
  random?: () => number;
  /**
   * Where the `universal` and `ordered-legacy` modes' install container takes the helper from;
   * absent: `defaultSidecarHelperSource` (an image). `run` on the process backend gives the host path.
   */
  sidecarHelper?: SidecarHelperSource;
}

export interface SidecarSetDecision {
  sidecarSet: string;
  injected: boolean;
  reason: string;
  mode?: ResolvedSidecarMode;
  modeSource?: string;
  /** The revision hash recorded on the pod. */
  revision?: string;
  /** Why a pinned revision was or was not injected ("revision web-12345: policy Always"). */
  revisionChoice?: string;
  /** The ControllerRevision injected, when a pinned one was. */
  controllerRevision?: string;
  /** Where each of its sidecars went: "log-agent → initContainers (native sidecar)". */
  placements?: string[];
  /** The same, as data: each injected container, the list it went into, and whether native. */
  sidecars?: InjectedSidecar[];
}

export interface InjectionResult {
  /** The mutated pod; absent when `errors` is not empty. */
  pod?: Fields;
  decisions: SidecarSetDecision[];
  errors: FieldError[];
}

export function injectSidecarSets(
  target: InjectionTarget,
  sidecarSets: readonly SidecarSet[],
  context: InjectionContext,
): InjectionResult {
  const input = target.pod;
  const meta = isRecord(input.metadata) ? input.metadata : {};
  const podAnnotations = stringMap(meta.annotations);
  const { decisions, matchedAny, injecting, errors } = selectSidecarSets(target, sidecarSets, context);
  if (!matchedAny) return { pod: structuredClone(input), decisions, errors: [] };
  errors.push(...checkSidecarSetConflicts(injecting.map((c) => c.latest)));
  const requestedMode = podAnnotations[sidecarModeAnnotation];
  if (requestedMode !== undefined && !isSidecarMode(requestedMode))
    errors.push({
      type: "NotSupported",
      path: `metadata.annotations[${sidecarModeAnnotation}]`,
      value: requestedMode,
      detail: `supported values: ${sidecarModes.map((m) => JSON.stringify(m)).join(", ")}`,
    });
  const hashes = parseUpgradeSpecs(podAnnotations[kruiseAnnotations.sidecarSetHash]);
  const hashesWithoutImage = parseUpgradeSpecs(podAnnotations[kruiseAnnotations.sidecarSetHashWithoutImage]);
  for (const [specs, key] of [
    [hashes, kruiseAnnotations.sidecarSetHash],
    [hashesWithoutImage, kruiseAnnotations.sidecarSetHashWithoutImage],
  ] as const)
    if (specs === undefined)
      errors.push({
        type: "Invalid",
        path: `metadata.annotations[${key}]`,
        value: podAnnotations[key],
        detail: "not a SidecarSet hash map: Kruise cannot inject into this pod",
      });

  let annotations = podAnnotations;
  for (const { choice } of injecting) {
    const sidecarSet = choice.injectable.sidecarSet;
    const patched = patchPodAnnotations(annotations, sidecarSet.spec.patchPodMetadata ?? []);
    if ("invalidKey" in patched)
      errors.push({
        type: "Invalid",
        path: `metadata.annotations[${patched.invalidKey}]`,
        value: annotations[patched.invalidKey],
        detail: `sidecarset/${sidecarSet.metadata.name ?? ""}: ${patched.detail}`,
      });
    else annotations = patched.annotations;
  }
  if (errors.length > 0 || !hashes || !hashesWithoutImage) return { decisions, errors };

  const placed: Placed[] = [];
  const volumes: Fields[] = [];
  const pullSecrets: Fields[] = [];
  const hotUpgrade: Record<string, string> = {};
  const workingSlots = parseWorkingSlots(annotations[kruiseAnnotations.workingHotUpgradeContainer]);
  let hotUpgraded = false;
  const moded: ModedSidecar[] = [];
  const injectedContainers = new Set<string>();
  const injectedNames = new Set<string>();
  for (const name of (annotations[kruiseAnnotations.sidecarSetInjectedList] ?? "").split(","))
    if (name) injectedNames.add(name);
  const timestamp = formatTime(context.nowMs);
  const sidecarNames = new Set(
    injecting.flatMap(({ choice }) =>
      [
        ...(choice.injectable.sidecarSet.spec.initContainers ?? []),
        ...(choice.injectable.sidecarSet.spec.containers ?? []),
      ].map((c) => c.name),
    ),
  );
  for (const { choice } of injecting) {
    const { sidecarSet, hash, hashWithoutImage, controllerRevision } = choice.injectable;
    const name = sidecarSet.metadata.name ?? "";
    const mode = resolveSidecarMode({
      podAnnotations,
      sidecarSetAnnotations: sidecarSet.metadata.annotations ?? {},
      defaultMode: context.defaultMode,
      kubeVersion: context.kubeVersion,
    });
    const built = buildSidecarSetSidecars(sidecarSet, input, mode, sidecarNames);
    errors.push(...built.errors);
    placed.push(...built.placed);
    volumes.push(...built.volumes);
    pullSecrets.push(...built.pullSecrets);
    Object.assign(hotUpgrade, built.hotUpgradeAnnotations);
    for (const [sidecar, slot] of built.workingSlots) workingSlots.set(sidecar, slot);
    hotUpgraded ||= built.workingSlots.length > 0;
    for (const sidecar of built.sidecars) {
      injectedContainers.add(sidecar.name);
      const placedMode = mode.mode;
      // Plain init containers keep their run-to-completion meaning in every mode.
      const isSidecar = sidecar.native || sidecar.list === "containers";
      if ((placedMode === "universal" || placedMode === "ordered-legacy") && isSidecar)
        moded.push({ name: sidecar.name, sidecarSet: name, mode: placedMode });
    }
    if (built.placed.length === 0) continue;
    // Kruise records `status.latestRevision`: the restored revision's name for a pinned one.
    const latestRevision = controllerRevision ?? sidecarSet.status?.latestRevision;
    hashes.set(name, {
      updateTimestamp: timestamp,
      hash,
      sidecarSetName: name,
      sidecarList: built.sidecarList,
      ...(latestRevision ? { controllerRevision: latestRevision } : {}),
    });
    hashesWithoutImage.set(name, {
      updateTimestamp: timestamp,
      hash: hashWithoutImage,
      sidecarSetName: name,
      sidecarList: built.sidecarList,
    });
    injectedNames.add(name);
    const decision = decisions.find((d) => d.sidecarSet === name);
    if (decision)
      Object.assign(decision, {
        mode: mode.mode,
        modeSource: mode.source,
        revision: hash,
        ...(choice.note ? { revisionChoice: choice.note } : {}),
        ...(controllerRevision ? { controllerRevision } : {}),
        placements: built.placements,
        sidecars: built.sidecars,
      });
  }

  if (errors.length > 0) return { decisions, errors };
  const pod = structuredClone(input);
  if (!isRecord(pod.spec)) pod.spec = {};
  const podSpec = pod.spec as Fields;
  const merged = mergeIntoPod(podSpec, placed);
  if (merged.length > 0) return { decisions, errors: merged };
  const arranged = arrangeSidecarModes(
    podSpec,
    moded,
    injectedContainers,
    context.sidecarHelper ?? defaultSidecarHelperSource,
  );
  if (arranged.errors.length > 0) return { decisions, errors: arranged.errors };
  for (const decision of decisions) {
    const copies = arranged.regularCopies.get(decision.sidecarSet) ?? [];
    for (const copy of copies) decision.sidecars?.push({ name: copy, list: "containers", native: false });
    decision.placements?.push(...(arranged.placements.get(decision.sidecarSet) ?? []));
  }
  if (volumes.length > 0) podSpec.volumes = mergeByName(listOf(podSpec.volumes), volumes, false);
  if (pullSecrets.length > 0 || podSpec.imagePullSecrets !== undefined)
    podSpec.imagePullSecrets = mergeByName(listOf(podSpec.imagePullSecrets), pullSecrets, true);
  if (!isRecord(pod.metadata)) pod.metadata = {};
  const podMeta = pod.metadata as Fields;
  podMeta.annotations = {
    ...(isRecord(podMeta.annotations) ? podMeta.annotations : {}),
    ...annotations,
    ...hotUpgrade,
    ...(hotUpgraded
      ? { [kruiseAnnotations.workingHotUpgradeContainer]: canonicalJson(Object.fromEntries(workingSlots)) }
      : {}),
    [kruiseAnnotations.sidecarSetHash]: formatUpgradeSpecs(hashes),
    [kruiseAnnotations.sidecarSetHashWithoutImage]: formatUpgradeSpecs(hashesWithoutImage),
    [kruiseAnnotations.sidecarSetInjectedList]: [...injectedNames].sort().join(","),
  };
  return { pod, decisions, errors: [] };
}
