/**
 * The pod webhook's decision, purely: an AdmissionRequest and the caches in, the response out.
 * On CREATE of a pod it runs the same injection as `podvisor inject` (src/sidecarset) and answers
 * only with the JSON patch from the pod as received to the injected pod, so fields podvisor does
 * not know survive. Everything else is allowed untouched, as Kruise's `sidecarsetMutatingPod`
 * (UPDATE never injects in open-source Kruise; docs/webhook.md).
 *
 * Idempotent under `reinvocationPolicy: IfNeeded`: a SidecarSet already named in the pod's
 * `kruise.io/sidecarset-injected-list` is not injected again, so a second call after another
 * webhook changed the pod adds nothing; injected containers get the service account token mount the
 * API server's own plugin would add next (service-account-token-mount.ts), so that plugin does not
 * call podvisor again for nothing. The pod gets `podvisor.dev/injection` (what and why) and
 * the answer a warning per injected SidecarSet. A failed injection refuses the pod with the
 * SidecarSet and the field.
 */
import { formatFieldError } from "../api/index.js";
import { kruiseAnnotations, type SidecarMode, type SidecarSet } from "../api/index.js";
import { isRecord, type Fields } from "../api/index.js";
import {
  defaultSidecarHelperSource,
  injectSidecarSets,
  type SidecarSetDecision,
} from "../sidecarset/index.js";
import { createJsonPatch } from "../sidecarset/index.js";
import { allow, deny, type AdmissionRequest, type AdmissionResponse } from "./admission-review.js";
import type { KubeVersion, NodeView } from "./target-kube-version.js";
import { autoModeAnnotation, planAutoPlacement, withNativeNodeAffinity } from "./auto-placement.js";
import { mountServiceAccountToken } from "./service-account-token-mount.js";

/** podvisor's record on the pod of what it injected and why (a JSON array). */
export const injectionAnnotation = "podvisor.dev/injection";

export interface PodAdmissionCaches {
  sidecarSets: readonly SidecarSet[];
  /** Namespace name → its labels. */
  namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  nodes: readonly NodeView[];
  serverVersion: KubeVersion;
}

export interface PodReviewOptions {
  nowMs: number;
  /** `webhook --sidecar-mode`: where neither the pod nor the SidecarSet says. */
  defaultMode?: SidecarMode;
  /** `webhook --sidecar-helper-image`: the image universal and ordered-legacy sidecars copy the helper from. */
  sidecarHelperImage?: string;
}

export type PodAdmissionOutcome = "injected" | "unchanged" | "skipped" | "refused";

export interface PodReview {
  response: AdmissionResponse;
  outcome: PodAdmissionOutcome;
  decisions: SidecarSetDecision[];
}

export interface InjectionRecord {
  sidecarSet: string;
  why: string;
  mode: string;
  revision: string;
  sidecars: string[];
}

export function reviewPod(
  request: AdmissionRequest,
  caches: PodAdmissionCaches,
  options: PodReviewOptions,
): PodReview {
  const skip = (): PodReview => ({ response: allow(request.uid), outcome: "skipped", decisions: [] });
  const isPod = request.resource.group === "" && request.resource.resource === "pods" && !request.subResource;
  if (!isPod || request.operation !== "CREATE") return skip();
  const pod = request.object;
  if (!pod)
    return {
      response: deny(request.uid, "request.object: Required value", 400, "BadRequest"),
      outcome: "refused",
      decisions: [],
    };
  const meta = isRecord(pod.metadata) ? pod.metadata : {};
  const namespace = (typeof meta.namespace === "string" && meta.namespace) || request.namespace || "default";
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const injectedList =
    typeof annotations[kruiseAnnotations.sidecarSetInjectedList] === "string"
      ? (annotations[kruiseAnnotations.sidecarSetInjectedList] as string).split(",")
      : [];
  const already = new Set(injectedList.filter(Boolean));
  const labels = isRecord(meta.labels) ? meta.labels : {};
  const candidates = caches.sidecarSets.filter(
    (s) => !already.has(s.metadata.name ?? "") && satisfiesMatchLabels(s, labels),
  );
  const target = planAutoPlacement(pod, caches.nodes, caches.serverVersion);
  const result = injectSidecarSets(
    { pod, namespace, namespaceLabels: caches.namespaceLabels.get(namespace) },
    candidates,
    {
      nowMs: options.nowMs,
      kubeVersion: target.version,
      ...(options.defaultMode ? { defaultMode: options.defaultMode } : {}),
      ...(options.sidecarHelperImage
        ? { sidecarHelper: { ...defaultSidecarHelperSource, image: options.sidecarHelperImage } }
        : {}),
    },
  );
  const alreadyDecisions: SidecarSetDecision[] = [...already]
    .filter((name) => caches.sidecarSets.some((s) => s.metadata.name === name))
    .map((name) => ({
      sidecarSet: name,
      injected: false,
      reason: `already injected (${kruiseAnnotations.sidecarSetInjectedList})`,
    }));
  const decisions = [...result.decisions, ...alreadyDecisions];
  if (result.errors.length > 0 || !result.pod) {
    const message = `pod ${describePod(meta, namespace)}: ${result.errors.map(formatFieldError).join("; ")}`;
    return { response: deny(request.uid, message), outcome: "refused", decisions };
  }
  const injected = result.decisions.filter((d) => d.injected);
  if (injected.length === 0) return { response: allow(request.uid), outcome: "unchanged", decisions };

  const records = injected.map((d) => injectionRecord(d, target.source));
  const decidedByAuto = injected.some((d) => (d.modeSource ?? "").includes(" auto, "));
  const mutated = mountServiceAccountToken(
    decidedByAuto && target.choice === "native-with-node-affinity"
      ? withNativeNodeAffinity(result.pod)
      : result.pod,
  );
  const mutatedMeta = mutated.metadata as Fields;
  const mutatedAnnotations = mutatedMeta.annotations as Record<string, string>;
  if (decidedByAuto) mutatedAnnotations[autoModeAnnotation] = target.choice;
  mutatedAnnotations[injectionAnnotation] = JSON.stringify([
    ...previousRecords(annotations[injectionAnnotation]),
    ...records,
  ]);
  const warnings = injected.map(
    (d) =>
      `podvisor injected sidecarset/${d.sidecarSet} (${d.mode ?? "as-written"}): ${(d.sidecars ?? []).map((c) => `${c.name} → ${c.list}`).join(", ")}`,
  );
  return {
    response: allow(request.uid, createJsonPatch(pod, mutated), warnings),
    outcome: "injected",
    decisions,
  };
}

/**
 * A quick, exact pre-filter: a selector's requirements are ANDed, so a SidecarSet whose
 * `selector.matchLabels` names a label the pod lacks or has with another value can never select
 * it. Skipping those keeps a review with 1000 SidecarSets from running every full match (their
 * decisions are then not listed).
 */
function satisfiesMatchLabels(sidecarSet: SidecarSet, podLabels: Fields): boolean {
  const matchLabels = sidecarSet.spec.selector?.matchLabels;
  if (!matchLabels) return true;
  for (const key in matchLabels) if (podLabels[key] !== matchLabels[key]) return false;
  return true;
}

function injectionRecord(decision: SidecarSetDecision, targetSource: string): InjectionRecord {
  const modeSource = decision.modeSource ?? "";
  return {
    sidecarSet: decision.sidecarSet,
    why: decision.reason,
    mode: `${decision.mode ?? "as-written"} (${modeSource.includes(" auto, ") ? `${modeSource}: ${targetSource}` : modeSource})`,
    revision: decision.revision ?? "",
    sidecars: decision.placements ?? [],
  };
}

/** Records a first invocation left, kept on reinvocation; unreadable ones are dropped. */
function previousRecords(text: unknown): unknown[] {
  if (typeof text !== "string") return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function describePod(meta: Fields, namespace: string): string {
  const name =
    typeof meta.name === "string" && meta.name
      ? meta.name
      : `${typeof meta.generateName === "string" ? meta.generateName : ""}<generated>`;
  return `${namespace}/${name}`;
}
