/**
 * Which SidecarSets go into a pod, and in which revision (the first half of Kruise's
 * `sidecarsetMutatingPod`): the candidates in Kruise's order, those that match (not paused, the
 * namespace, the selector; never an inactive pod), each one's suitable revision
 * (injection-revision.ts), minus the bases of the canaries among them (canary-sidecarset.ts).
 * Every decision carries its reason for `inject --explain`.
 */
import type { FieldError } from "../api/index.js";
import type { SidecarSet } from "../api/index.js";
import { isRecord } from "../api/index.js";
import { canaryBaseOf } from "./canary-sidecarset.js";
import type { InjectionContext, InjectionTarget, SidecarSetDecision } from "./inject-pod.js";
import { chooseInjectionRevision, type RevisionChoice } from "./injection-revision.js";
import { matchSidecarSet, orderCandidates } from "./match-sidecarset.js";

export interface Selection {
  decisions: SidecarSetDecision[];
  /** Whether any SidecarSet matched: without one, Kruise leaves the pod exactly as it is. */
  matchedAny: boolean;
  /** What to inject, in Kruise's order: each SidecarSet as given, and the revision chosen. */
  injecting: Chosen[];
  errors: FieldError[];
}

export interface Chosen {
  latest: SidecarSet;
  choice: RevisionChoice;
}

export function selectSidecarSets(
  target: InjectionTarget,
  sidecarSets: readonly SidecarSet[],
  context: InjectionContext,
): Selection {
  const input = target.pod;
  const meta = isRecord(input.metadata) ? input.metadata : {};
  const ownLabels = stringMap(meta.labels);
  const labels = { ...target.controllerLabels, ...ownLabels };
  const decisions: SidecarSetDecision[] = [];
  const matched: SidecarSet[] = [];
  for (const sidecarSet of orderCandidates(sidecarSets, target.namespace || "default")) {
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
  if (matched.length === 0) return { decisions, matchedAny: false, injecting: [], errors: [] };

  const errors: FieldError[] = [];
  const chosen = chooseRevisions(matched, target, labels, context, decisions, errors);
  const injecting = dropCanaryBases(chosen, decisions);
  return { decisions, matchedAny: true, injecting, errors };
}

/** Kruise `getSuitableRevisionSidecarSet` for each matched SidecarSet; errors are collected. */
function chooseRevisions(
  matched: readonly SidecarSet[],
  target: InjectionTarget,
  labels: Readonly<Record<string, string>>,
  context: InjectionContext,
  decisions: SidecarSetDecision[],
  errors: FieldError[],
): Chosen[] {
  const meta = isRecord(target.pod.metadata) ? target.pod.metadata : {};
  const podName =
    typeof meta.name === "string" && meta.name !== ""
      ? meta.name
      : typeof meta.generateName === "string" && meta.generateName !== ""
        ? meta.generateName
        : (target.workload ?? "");
  const pod = { namespace: target.namespace || "default", name: podName, labels };
  const chosen: Chosen[] = [];
  for (const sidecarSet of matched) {
    const choice = chooseInjectionRevision(
      sidecarSet,
      pod,
      context.controllerRevisions ?? [],
      context.random,
    );
    if ("error" in choice) {
      errors.push(choice.error);
      const decision = decisions.find((d) => d.sidecarSet === sidecarSet.metadata.name);
      if (decision) decision.reason += `, but its revision cannot be injected (${choice.error.detail ?? ""})`;
    } else chosen.push({ latest: sidecarSet, choice });
  }
  return chosen;
}

/** Kruise: a matched canary's base is not injected into this pod (canary-sidecarset.ts). */
function dropCanaryBases(chosen: readonly Chosen[], decisions: SidecarSetDecision[]): Chosen[] {
  const canaryOf = new Map<string, string>();
  for (const { choice } of chosen) {
    const base = canaryBaseOf(choice.injectable.sidecarSet);
    if (base !== undefined) canaryOf.set(base, choice.injectable.sidecarSet.metadata.name ?? "");
  }
  return chosen.filter(({ latest }) => {
    const canary = canaryOf.get(latest.metadata.name ?? "");
    if (canary === undefined) return true;
    const decision = decisions.find((d) => d.sidecarSet === latest.metadata.name);
    if (decision)
      Object.assign(decision, {
        injected: false,
        reason: `${decision.reason}, but its canary sidecarset/${canary} matches too and replaces it`,
      });
    return false;
  });
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

export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === "string") out[key] = item;
  return out;
}
