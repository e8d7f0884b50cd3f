/**
 * The pod-count half of upstream `manageJob`: how many pods should be active, which surplus pods
 * go first (`activePodsForRemoval`), which indexes an Indexed Job still needs
 * (`firstPendingIndexes`), and the names of the pods to create.
 */
import type { PodPhase } from "../../api/index.js";
import type { EffectiveJobSpec } from "./effective-job-spec.js";
import { type JobPodCounts, hasValidIndex, isPodFinished } from "./job-pod-counts.js";
import { JobPodNameError, jobPodName } from "./job-pod-name.js";
import type { JobPodView } from "./job-pod-view.js";

export interface JobPodToCreate {
  name: string;
  /** Pass to `buildJobPod(job, suffix, completionIndex)`. */
  suffix: string;
  completionIndex?: number;
}

/**
 * Work-queue Jobs (no completions) keep `parallelism` pods until one succeeds, then let the rest
 * finish; otherwise never more than the remaining completions, nor more than `parallelism`.
 */
export function wantActivePods(
  spec: EffectiveJobSpec,
  counts: Pick<JobPodCounts, "succeeded" | "activePods">,
): number {
  if (spec.completions === undefined)
    return counts.succeeded > 0 ? counts.activePods.length : spec.parallelism;
  return Math.max(0, Math.min(spec.completions - counts.succeeded, spec.parallelism));
}

const PHASE_RANK: Record<PodPhase, number> = { Pending: 0, Unknown: 1, Running: 2, Succeeded: 3, Failed: 3 };

/** `controller.ActivePods` order: earlier-stage pods go first (pending, then not ready, then most restarts). */
function compareForRemoval(a: JobPodView, b: JobPodView): number {
  return (
    PHASE_RANK[a.phase] - PHASE_RANK[b.phase] ||
    Number(a.isReady === true) - Number(b.isReady === true) ||
    b.restartCounts - a.restartCounts ||
    a.name.localeCompare(b.name)
  );
}

/**
 * Indexed Jobs first drop pods with an invalid index and duplicates of an index (keeping the
 * most advanced one); then, if still above target, the earliest-stage pods.
 */
export function selectPodsForRemoval(
  spec: EffectiveJobSpec,
  activePods: readonly JobPodView[],
  rmAtLeast: number,
): JobPodView[] {
  const remove: JobPodView[] = [];
  let left = [...activePods];
  if (spec.isIndexed) {
    const kept = new Map<number, JobPodView>();
    for (const pod of [...activePods].sort(compareForRemoval).reverse()) {
      if (!hasValidIndex(pod, spec) || pod.completionIndex === undefined || kept.has(pod.completionIndex))
        remove.push(pod);
      else kept.set(pod.completionIndex, pod);
    }
    left = [...kept.values()];
  }
  if (remove.length < rmAtLeast)
    remove.push(...left.sort(compareForRemoval).slice(0, rmAtLeast - remove.length));
  return remove;
}

/** The lowest indexes neither succeeded nor held by an active (or, with `Failed` replacement, terminating) pod. */
export function firstPendingIndexes(
  spec: EffectiveJobSpec,
  counts: Pick<JobPodCounts, "succeededIndexes">,
  pods: readonly JobPodView[],
  count: number,
): number[] {
  const held = new Set<number>(counts.succeededIndexes);
  for (const pod of pods) {
    if (pod.completionIndex === undefined || isPodFinished(pod)) continue;
    if (!pod.isTerminating || spec.isOnlyReplacingFailedPods) held.add(pod.completionIndex);
  }
  const indexes: number[] = [];
  for (let index = 0; index < (spec.completions ?? 0) && indexes.length < count; index++)
    if (!held.has(index)) indexes.push(index);
  return indexes;
}

/**
 * Names `count` new pods. Suffixes come from `podNameSuffix(ordinal)`, ordinals starting at the
 * number of pods the Job already has; a name already in use is skipped.
 */
export function namePodsToCreate(
  jobName: string,
  pods: readonly JobPodView[],
  completionIndexes: readonly (number | undefined)[],
  podNameSuffix: (ordinal: number) => string,
): JobPodToCreate[] {
  const taken = new Set(pods.map((pod) => pod.name));
  let ordinal = pods.length;
  const created: JobPodToCreate[] = [];
  for (const completionIndex of completionIndexes) {
    for (let attempt = 0; ; attempt++) {
      const suffix = podNameSuffix(ordinal++);
      const name = jobPodName(jobName, suffix, completionIndex);
      if (attempt >= 100)
        throw new JobPodNameError(
          `100 suffixes for a pod of Job ${jobName} were all taken; the injected podNameSuffix must vary with the ordinal`,
        );
      if (!taken.has(name)) {
        taken.add(name);
        created.push(completionIndex === undefined ? { name, suffix } : { name, suffix, completionIndex });
        break;
      }
    }
  }
  return created;
}
