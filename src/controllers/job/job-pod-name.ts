/**
 * Names and builds the pods a Job creates, as the upstream Job controller does
 * (`manageJob` → `CreatePodsWithGenerateName`, `podGenerateNameWithIndex`,
 * `addCompletionIndexAnnotation`/`Label`, `addCompletionIndexEnvVariables`) on top of the labels the
 * API server defaults into a Job's template (batch/v1 `Job` defaulting, KEP-3464 / KEP-4026).
 * Randomness is injected: pick a suffix with `podNameSuffixFromRandom` (the shell's RNG) or
 * `hashedPodNameSuffix` (deterministic), then `buildJobPod`.
 */
import type { Container, Job, Pod } from "../../api/index.js";
import { PodvisorError } from "../../shared/index.js";

export const JOB_LABEL = {
  controllerUid: "batch.kubernetes.io/controller-uid",
  jobName: "batch.kubernetes.io/job-name",
  /** Legacy labels, still written by the API server next to the prefixed ones. */
  legacyControllerUid: "controller-uid",
  legacyJobName: "job-name",
  completionIndex: "batch.kubernetes.io/job-completion-index",
} as const;

export const JOB_COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
export const JOB_COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

/** apimachinery `util/rand` alphabet: no vowels (no accidental words), no 0/1/3 (confusable). */
export const POD_NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
export const POD_NAME_SUFFIX_LENGTH = 5;
/** apiserver `names.MaxGeneratedNameLength` = 63 − 5: the generateName prefix is cut to this. */
export const MAX_GENERATED_NAME_LENGTH = 58;

/** The Job lacks the identity a pod's labels and ownerReference need (the shell assigns a uid on admission). */
export class JobIdentityError extends PodvisorError {
  readonly code = "JOB_IDENTITY_MISSING";
}

/** The injected suffix source kept producing names that are already taken. */
export class JobPodNameError extends PodvisorError {
  readonly code = "JOB_POD_NAME_TAKEN";
}

/** A suffix from injected randomness: `randomInt(n)` must return an integer in [0, n). */
export function podNameSuffixFromRandom(randomInt: (exclusiveMax: number) => number): string {
  let suffix = "";
  for (let i = 0; i < POD_NAME_SUFFIX_LENGTH; i++)
    suffix += POD_NAME_SUFFIX_ALPHABET.charAt(randomInt(POD_NAME_SUFFIX_ALPHABET.length));
  return suffix;
}

/** A deterministic suffix for `seed` (FNV-1a, 32 bit): same seed, same suffix. */
export function hashedPodNameSuffix(seed: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  let suffix = "";
  for (let i = 0; i < POD_NAME_SUFFIX_LENGTH; i++) {
    suffix += POD_NAME_SUFFIX_ALPHABET.charAt(hash % POD_NAME_SUFFIX_ALPHABET.length);
    hash = Math.floor(hash / POD_NAME_SUFFIX_ALPHABET.length);
  }
  return suffix;
}

/** `<job>-` (NonIndexed) or `<job>-<index>-` (Indexed), cut like upstream so the name stays ≤ 63. */
export function jobPodGenerateName(jobName: string, completionIndex?: number): string {
  if (completionIndex === undefined) return `${jobName}-`.slice(0, MAX_GENERATED_NAME_LENGTH);
  const appendIndex = `-${completionIndex}-`;
  const prefix = `${jobName}${appendIndex}`;
  if (prefix.length <= MAX_GENERATED_NAME_LENGTH) return prefix;
  return `${prefix.slice(0, MAX_GENERATED_NAME_LENGTH - appendIndex.length)}${appendIndex}`;
}

export function jobPodName(jobName: string, suffix: string, completionIndex?: number): string {
  return `${jobPodGenerateName(jobName, completionIndex)}${suffix}`;
}

/**
 * The pod a Job creates: the template, the Job's selector labels, a controller ownerReference and,
 * for Indexed Jobs, `index` as the completion index: annotation, label, env var and hostname
 * (for a NonIndexed Job `index` is ignored).
 * (The `batch.kubernetes.io/job-tracking` finalizer is omitted: `ObjectMeta` does not model
 * finalizers and podvisor keeps finished pods, so it counts them without one.)
 */
export function buildJobPod(job: Job, suffix: string, index?: number): Pod {
  const jobName = job.metadata.name;
  const uid = job.metadata.uid;
  if (jobName === undefined || uid === undefined) {
    throw new JobIdentityError(
      `Job ${jobName ?? "<unnamed>"} has no metadata.${jobName === undefined ? "name" : "uid"}; podvisor sets it when it admits the Job, before creating pods`,
    );
  }
  // The index is a completion index, used only by Indexed Jobs (callers may pass an ordinal for any Job).
  const completionIndex = job.spec.completionMode === "Indexed" ? index : undefined;
  const template = structuredClone(job.spec.template);
  const labels: Record<string, string> = {
    ...template.metadata?.labels,
    [JOB_LABEL.controllerUid]: uid,
    [JOB_LABEL.jobName]: jobName,
    [JOB_LABEL.legacyControllerUid]: uid,
    [JOB_LABEL.legacyJobName]: jobName,
  };
  const annotations: Record<string, string> = { ...template.metadata?.annotations };
  const spec = template.spec;
  if (completionIndex !== undefined) {
    annotations[JOB_COMPLETION_INDEX_ANNOTATION] = String(completionIndex);
    labels[JOB_LABEL.completionIndex] = String(completionIndex);
    spec.hostname = `${jobName}-${completionIndex}`;
    if (spec.initContainers !== undefined)
      spec.initContainers = spec.initContainers.map(withCompletionIndexEnv);
    spec.containers = spec.containers.map(withCompletionIndexEnv);
  }
  const metadata: Pod["metadata"] = {
    name: jobPodName(jobName, suffix, completionIndex),
    generateName: jobPodGenerateName(jobName, completionIndex),
    labels,
    ownerReferences: [
      { apiVersion: "batch/v1", kind: "Job", name: jobName, uid, controller: true, blockOwnerDeletion: true },
    ],
  };
  if (job.metadata.namespace !== undefined) metadata.namespace = job.metadata.namespace;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { apiVersion: "v1", kind: "Pod", metadata, spec };
}

function withCompletionIndexEnv(container: Container): Container {
  if (container.env?.some((env) => env.name === JOB_COMPLETION_INDEX_ENV)) return container;
  const indexEnv = {
    name: JOB_COMPLETION_INDEX_ENV,
    valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX_ANNOTATION}']` } },
  };
  return { ...container, env: [...(container.env ?? []), indexEnv] };
}
