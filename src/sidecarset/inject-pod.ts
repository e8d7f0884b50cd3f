/**
 * Sidecar injection into one pod or pod template, with Kruise's semantics (the pod webhook's
 * `sidecarsetMutatingPod` + `buildSidecars` on create) and podvisor's native/legacy choice.
 * Pure and all-or-nothing: the input is never mutated; on any error the result carries the
 * errors and no pod. The output is the input's decoded JSON with only the owned fields changed
 * (containers, initContainers, volumes, imagePullSecrets, annotations), so
 * `createJsonPatch(input, output)` is a patch that keeps everything else.
 */
import { type FieldError, formatTime, isRecord, type Fields } from "../api/index.js";
import {
  kruiseAnnotations,
  sidecarModeAnnotation,
  type SidecarMode,
  type SidecarSet,
} from "../api/sidecarset/index.js";
import { buildSidecarContainer, listOf, type BuiltSidecar } from "./build-sidecar-container.js";
import { checkSidecarSetConflicts } from "./check-conflicts.js";
import { mergeByName, mergeIntoPod, type Placed } from "./merge-sidecars.js";
import { formatUpgradeSpecs, parseUpgradeSpecs } from "./injection-annotations.js";
import { matchSidecarSet } from "./match-sidecarset.js";
import { patchPodAnnotations } from "./patch-pod-metadata.js";
import { isSidecarMode, resolveSidecarMode, type ResolvedSidecarMode } from "./sidecar-mode.js";
import { sidecarSetHash, sidecarSetHashWithoutImage } from "./sidecarset-hash.js";

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
}

export interface InjectionContext {
  /** Epoch ms stamped as `updateTimestamp` in the hash annotations. */
  nowMs: number;
  kubeVersion: readonly [number, number];
  defaultMode?: SidecarMode;
}

export interface SidecarSetDecision {
  sidecarSet: string;
  injected: boolean;
  reason: string;
  mode?: ResolvedSidecarMode;
  modeSource?: string;
  revision?: string;
  /** Where each of its sidecars went: "log-agent → initContainers (native sidecar)". */
  placements?: string[];
  /** The same, as data: each injected container, the list it went into, and whether native. */
  sidecars?: InjectedSidecar[];
}

export interface InjectedSidecar {
  name: string;
  list: "containers" | "initContainers";
  /** An init container with `restartPolicy: Always`. */
  native: boolean;
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
  const ownLabels = stringMap(meta.labels);
  const labels = { ...target.controllerLabels, ...ownLabels };
  const podAnnotations = stringMap(meta.annotations);
  const decisions: SidecarSetDecision[] = [];
  const matched: SidecarSet[] = [];
  const sorted = [...sidecarSets].sort((a, b) => compare(a.metadata.name ?? "", b.metadata.name ?? ""));
  for (const sidecarSet of sorted) {
    const name = sidecarSet.metadata.name ?? "";
    const phase = isRecord(input.status) ? input.status.phase : undefined;
    const decision = meta.deletionTimestamp
      ? { matched: false, reason: "the pod is being deleted" }
      : phase === "Succeeded" || phase === "Failed"
        ? { matched: false, reason: `the pod has finished (${phase})` }
        : matchSidecarSet(sidecarSet, {
            labels,
            namespace: target.namespace || "default",
            namespaceLabels: target.namespaceLabels,
          });
    const reason =
      decision.matched && !matchesOwnLabels(sidecarSet, ownLabels, target)
        ? `${decision.reason} with the labels ${target.controllerLabelsSource ?? "the controller's"} pods get (${formatLabels(target.controllerLabels ?? {}, ownLabels)})`
        : decision.reason;
    decisions.push({ sidecarSet: name, injected: decision.matched, reason });
    if (decision.matched) matched.push(sidecarSet);
  }
  if (matched.length === 0) return { pod: structuredClone(input), decisions, errors: [] };

  const errors = checkSidecarSetConflicts(matched);
  const requestedMode = podAnnotations[sidecarModeAnnotation];
  if (requestedMode !== undefined && !isSidecarMode(requestedMode))
    errors.push({
      type: "NotSupported",
      path: `metadata.annotations[${sidecarModeAnnotation}]`,
      value: requestedMode,
      detail: 'supported values: "native", "legacy", "auto"',
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
  for (const sidecarSet of matched) {
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
  const injectedNames = new Set<string>();
  for (const name of (annotations[kruiseAnnotations.sidecarSetInjectedList] ?? "").split(","))
    if (name) injectedNames.add(name);
  const timestamp = formatTime(context.nowMs);
  for (const sidecarSet of matched) {
    const name = sidecarSet.metadata.name ?? "";
    const spec = sidecarSet.spec as unknown as Fields;
    const mode = resolveSidecarMode({
      podAnnotations,
      sidecarSetAnnotations: sidecarSet.metadata.annotations ?? {},
      defaultMode: context.defaultMode,
      kubeVersion: context.kubeVersion,
    });
    const volumesByName = new Map(listOf(spec.volumes).map((v) => [v.name, v]));
    const sidecarList = new Set<string>();
    const placements: string[] = [];
    const sidecars: InjectedSidecar[] = [];
    const place = (sidecar: BuiltSidecar, fromInit: boolean) => {
      const native = sidecar.container.restartPolicy === "Always";
      let list: Placed["list"] = fromInit ? "initContainers" : "containers";
      let before = sidecar.podInjectPolicy === "BeforeAppContainer";
      let note = fromInit ? (native ? "native sidecar" : "init container") : "sidecar container";
      if (mode.mode === "native" && !fromInit) {
        sidecar.container.restartPolicy = "Always";
        list = "initContainers";
        note = "native sidecar, from containers";
      } else if (mode.mode === "legacy" && fromInit && native) {
        delete sidecar.container.restartPolicy;
        list = "containers";
        before = true;
        note = "legacy sidecar, from initContainers";
      }
      for (const volume of sidecar.volumeNames) {
        const definition = volumesByName.get(volume);
        if (definition) volumes.push(structuredClone(definition));
      }
      placed.push({ sidecar, list, before, sidecarSet: name });
      sidecars.push({
        name: sidecar.name,
        list,
        native: list === "initContainers" && sidecar.container.restartPolicy === "Always",
      });
      placements.push(
        `${sidecar.name} → ${list}${before ? " (before the app's)" : " (after the app's)"}: ${note}`,
      );
    };
    // Init containers, sorted by name as Kruise injects them; then the containers.
    const init = listOf(spec.initContainers).map((c) => buildSidecarContainer(c, input));
    init.sort((a, b) => compare(a.name, b.name));
    for (const sidecar of init) {
      if (sidecar.container.restartPolicy === "Always") sidecarList.add(sidecar.name);
      place(sidecar, true);
    }
    for (const container of listOf(spec.containers)) {
      const sidecar = buildSidecarContainer(container, input);
      sidecarList.add(sidecar.name);
      place(sidecar, false);
    }
    pullSecrets.push(...listOf(spec.imagePullSecrets).map((s) => structuredClone(s)));
    const revision = sidecarSetHash(spec);
    const list = [...sidecarList].sort();
    const latestRevision = sidecarSet.status?.latestRevision;
    hashes.set(name, {
      updateTimestamp: timestamp,
      hash: revision,
      sidecarSetName: name,
      sidecarList: list,
      ...(latestRevision ? { controllerRevision: latestRevision } : {}),
    });
    hashesWithoutImage.set(name, {
      updateTimestamp: timestamp,
      hash: sidecarSetHashWithoutImage(spec),
      sidecarSetName: name,
      sidecarList: list,
    });
    injectedNames.add(name);
    const decision = decisions.find((d) => d.sidecarSet === name);
    if (decision)
      Object.assign(decision, {
        mode: mode.mode,
        modeSource: mode.source,
        revision,
        placements,
        sidecars,
      });
  }

  const pod = structuredClone(input);
  if (!isRecord(pod.spec)) pod.spec = {};
  const podSpec = pod.spec as Fields;
  const merged = mergeIntoPod(podSpec, placed);
  if (merged.length > 0) return { decisions, errors: merged };
  if (volumes.length > 0) podSpec.volumes = mergeByName(listOf(podSpec.volumes), volumes, false);
  if (pullSecrets.length > 0 || podSpec.imagePullSecrets !== undefined)
    podSpec.imagePullSecrets = mergeByName(listOf(podSpec.imagePullSecrets), pullSecrets, true);
  if (!isRecord(pod.metadata)) pod.metadata = {};
  const podMeta = pod.metadata as Fields;
  podMeta.annotations = {
    ...(isRecord(podMeta.annotations) ? podMeta.annotations : {}),
    ...annotations,
    [kruiseAnnotations.sidecarSetHash]: formatUpgradeSpecs(hashes),
    [kruiseAnnotations.sidecarSetHashWithoutImage]: formatUpgradeSpecs(hashesWithoutImage),
    [kruiseAnnotations.sidecarSetInjectedList]: [...injectedNames].sort().join(","),
  };
  return { pod, decisions, errors: [] };
}

/** Whether the selector matches without the controller's labels (for the explanation only). */
function matchesOwnLabels(
  sidecarSet: SidecarSet,
  ownLabels: Readonly<Record<string, string>>,
  target: InjectionTarget,
): boolean {
  if (!target.controllerLabels || Object.keys(target.controllerLabels).length === 0) return true;
  return matchSidecarSet(sidecarSet, {
    labels: ownLabels,
    namespace: target.namespace || "default",
    namespaceLabels: target.namespaceLabels,
  }).matched;
}

/** `job-name=report, ...`: the controller's labels the template does not set itself. */
function formatLabels(
  labels: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>>,
): string {
  return Object.entries(labels)
    .filter(([key]) => !Object.hasOwn(own, key))
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === "string") out[key] = item;
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
