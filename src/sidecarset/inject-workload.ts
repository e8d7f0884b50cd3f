/**
 * Injection into whole manifests, as `istioctl kube-inject` does it: a Pod itself, or the pod
 * template of a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job (`spec.template`) or CronJob
 * (`spec.jobTemplate.spec.template`). The namespace is the workload's (empty: "default"); a
 * template is matched by its own labels, as the pods it creates will be, plus, for a Job's and a
 * CronJob's, the labels the API server adds to a Job's template on create (batch `generateSelector`:
 * `batch.kubernetes.io/job-name`, `job-name`, `batch.kubernetes.io/controller-uid`,
 * `controller-uid`, unless `manualSelector`), which its pods carry: `run` sees them, as a
 * cluster's webhook does, so `inject` matches as if they were there, without writing them.
 * Other kinds pass through. The patch is against the whole object.
 */
import { type FieldError, jobNameLabel, controllerUidLabel, isRecord, type Fields } from "../api/index.js";
import type { SidecarSet } from "../api/sidecarset/index.js";
import { injectSidecarSets, type InjectionContext, type SidecarSetDecision } from "./inject-pod.js";
import { createJsonPatch, type JsonPatchOperation } from "./json-patch.js";

/** Kinds whose pod template lives at `spec.template`. */
const templateKinds = new Set([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "ReplicationController",
]);

export interface WorkloadInjection {
  /** The object with its pod (template) injected; the input itself when nothing applies. */
  object: Fields;
  /** Where the pod lives inside the object: [] for a Pod, ["spec","template"], ...; undefined for other kinds. */
  podPath: string[] | undefined;
  patch: JsonPatchOperation[];
  decisions: SidecarSetDecision[];
  /** Paths are relative to the object (`spec.template.spec.containers[0].name`). */
  errors: FieldError[];
}

export function podTemplatePath(kind: string): string[] | undefined {
  if (kind === "Pod") return [];
  if (templateKinds.has(kind)) return ["spec", "template"];
  if (kind === "CronJob") return ["spec", "jobTemplate", "spec", "template"];
  return undefined;
}

export function injectWorkload(
  object: Fields,
  sidecarSets: readonly SidecarSet[],
  namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>,
  context: InjectionContext,
): WorkloadInjection {
  const kind = typeof object.kind === "string" ? object.kind : "";
  const podPath = podTemplatePath(kind);
  const pod = podPath === undefined ? undefined : podPath.length === 0 ? object : lookup(object, podPath);
  if (podPath === undefined || !isRecord(pod))
    return { object, podPath, patch: [], decisions: [], errors: [] };
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const namespace = typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : "default";
  const controllerLabels = jobControllerLabels(object, context.nowMs);
  const result = injectSidecarSets(
    {
      pod,
      namespace,
      namespaceLabels: namespaceLabels.get(namespace),
      ...(podPath.length > 0
        ? { workload: `${kind}/${typeof meta.name === "string" ? meta.name : ""}` }
        : {}),
      ...(controllerLabels ? { controllerLabels, controllerLabelsSource: `the ${kind}'s` } : {}),
    },
    sidecarSets,
    context,
  );
  const prefix = podPath.join(".");
  const errors = result.errors.map((error) => ({
    ...error,
    path: prefix && !error.path.startsWith("sidecarset/") ? `${prefix}.${error.path}` : error.path,
  }));
  if (!result.pod || errors.length > 0)
    return { object, podPath, patch: [], decisions: result.decisions, errors };
  const injected = podPath.length === 0 ? result.pod : replaceAt(object, podPath, result.pod);
  return {
    object: injected,
    podPath,
    patch: createJsonPatch(object, injected),
    decisions: result.decisions,
    errors: [],
  };
}

/** The uid a Job gets on create, unknown offline: matches `Exists`/`NotIn`, never `In`. */
export const unknownUid = "<assigned on create>";

/**
 * The labels the API server adds to the template of a Job (a CronJob's: of each Job it creates)
 * unless `manualSelector` is true; undefined for other kinds. A Job's name and uid are its own
 * (the uid unknown until created); a CronJob's Jobs are named `<cronjob>-<scheduled time in
 * minutes since the epoch>` (CronJob controller `getJobName`): the one scheduled at `nowMs`.
 */
export function jobControllerLabels(object: Fields, nowMs: number): Record<string, string> | undefined {
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const name = typeof meta.name === "string" && meta.name !== "" ? meta.name : undefined;
  let jobSpec: unknown;
  let jobName: string;
  let uid = unknownUid;
  if (object.kind === "Job") {
    jobSpec = object.spec;
    jobName = name ?? "<generated on create>";
    if (typeof meta.uid === "string" && meta.uid !== "") uid = meta.uid;
  } else if (object.kind === "CronJob") {
    jobSpec = lookup(object, ["spec", "jobTemplate", "spec"]);
    jobName = `${name ?? ""}-${Math.floor(nowMs / 60_000)}`;
  } else return undefined;
  if (isRecord(jobSpec) && jobSpec.manualSelector === true) return undefined;
  return {
    [controllerUidLabel]: uid,
    [jobNameLabel]: jobName,
    "controller-uid": uid,
    "job-name": jobName,
  };
}

function lookup(object: Fields, path: readonly string[]): unknown {
  let node: unknown = object;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return node;
}

/** A copy of `object` with `value` at `path`; the other branches are shared, not copied. */
function replaceAt(object: Fields, path: readonly string[], value: Fields): Fields {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const child = object[head];
  return {
    ...object,
    [head]: rest.length === 0 ? value : replaceAt(isRecord(child) ? child : {}, rest, value),
  };
}
