/**
 * What a workload shell needs of a pod it created — the agent's PodWorker is one; manager/ does
 * not depend on the agent — and the planners' view of it.
 */
import { parseTime, type Pod } from "../api/index.js";
import type { OwnedPodView } from "../controllers/index.js";
import type { JobPodHandle } from "./job-runner.js";

export type OwnedPodHandle = JobPodHandle;

export function toOwnedPodView(handle: OwnedPodHandle): OwnedPodView {
  const pod: Pod = handle.pod;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
  const isReady = ready?.status === "True";
  const readySinceMs = isReady ? parseTime(ready.lastTransitionTime) : undefined;
  const view: OwnedPodView = {
    name: pod.metadata.name ?? "",
    phase: pod.status?.phase ?? "Pending",
    isTerminating: pod.metadata.deletionTimestamp !== undefined,
    isGone: handle.isFinished,
    isReady: isReady && !handle.isFinished,
    maxRestarts: Math.max(0, ...statuses.map((s) => s.restartCount)),
    creationMs: parseTime(pod.metadata.creationTimestamp) ?? 0,
    labels: pod.metadata.labels ?? {},
  };
  // A pod whose worker ended without a terminal phase (deleted while Running) has ended all the same.
  if (handle.isFinished && view.phase !== "Succeeded" && view.phase !== "Failed") view.isTerminating = true;
  if (readySinceMs !== undefined) view.readySinceMs = readySinceMs;
  return view;
}
