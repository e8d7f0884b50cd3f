/** Test helpers for controllers/job/: a Job manifest, pod views, and a tiny simulated shell that applies plans. */
import type { Job, JobSpec } from "../../../api/index.js";
import type { JobActions, JobControllerOptions } from "../job-actions.js";
import { computeJobActions } from "../compute-job-actions.js";
import type { JobPodView } from "../job-pod-view.js";

export const T0 = Date.UTC(2026, 10, 22, 16, 0, 0);

export function makeJob(
  spec: Partial<Omit<JobSpec, "template">> & { restartPolicy?: "Never" | "OnFailure" } = {},
): Job {
  const { restartPolicy = "Never", ...rest } = spec;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "pi", namespace: "default", uid: "uid-1", creationTimestamp: "2026-11-22T16:00:00Z" },
    spec: {
      template: { spec: { restartPolicy, containers: [{ name: "main", image: "busybox" }] } },
      ...rest,
    },
  };
}

export function pod(name: string, phase: JobPodView["phase"], extra: Partial<JobPodView> = {}): JobPodView {
  return { name, phase, isTerminating: false, restartCounts: 0, ...extra };
}

/** One sync, then the plan applied the way the agent would: new pods Pending, deleted pods terminating. */
export function step(
  job: Job,
  pods: JobPodView[],
  nowMs: number,
  options: JobControllerOptions = {},
): { job: Job; pods: JobPodView[]; actions: JobActions } {
  const actions = computeJobActions(job, pods, nowMs, options);
  const deleted = new Set(actions.deletePods.map((d) => d.name));
  const next = pods.map((p) => (deleted.has(p.name) ? { ...p, isTerminating: true } : p));
  for (const created of actions.podsToCreate) {
    next.push(
      created.completionIndex === undefined
        ? pod(created.name, "Pending")
        : pod(created.name, "Pending", { completionIndex: created.completionIndex }),
    );
  }
  return { job: { ...job, status: actions.status }, pods: next, actions };
}

/** Sets a pod's phase (and finish time for terminal phases). */
export function finish(
  pods: JobPodView[],
  name: string,
  phase: "Succeeded" | "Failed",
  atMs: number,
): JobPodView[] {
  return pods.map((p) => (p.name === name ? { ...p, phase, finishedAtMs: atMs } : p));
}

export function conditionTypes(job: Job): string[] {
  return (job.status?.conditions ?? []).filter((c) => c.status === "True").map((c) => c.type);
}
