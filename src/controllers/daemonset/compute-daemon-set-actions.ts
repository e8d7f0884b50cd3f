/**
 * One sync of a DaemonSet on one node, decided: upstream `manage` + `updateDaemonSetStatus`
 * (pkg/controller/daemon/daemon_controller.go) for the local node. When the pod fits the node there
 * is exactly one active daemon pod (an ended one is replaced); when it does not fit, none is
 * created and the reason is reported — desiredNumberScheduled is 0.
 */
import type { DaemonSet, DaemonSetStatus } from "../../api/index.js";
import { jobPodName } from "../job/index.js";
import {
  isPodActive,
  podAvailability,
  type OwnedPodView,
  type WorkloadEvent,
} from "../workload-pods/index.js";
import { nodeFitProblem, type LocalNode } from "./node-fit.js";

export interface DaemonSetActions {
  podToCreate?: { name: string };
  deletePods: { name: string }[];
  status: DaemonSetStatus;
  events: WorkloadEvent[];
  /** Why the daemon pod does not run on this node, when it does not. */
  unschedulable?: string;
  wakeAtMs?: number;
}

export function computeDaemonSetActions(
  ds: DaemonSet,
  node: LocalNode,
  pods: readonly OwnedPodView[],
  nowMs: number,
  podNameSuffix: (attempt: number) => string,
  isDeleting = false,
): DaemonSetActions {
  const problem = nodeFitProblem(ds.spec.template.spec, node);
  const shouldRun = problem === undefined && !isDeleting;
  const active = pods.filter(isPodActive);
  const events: WorkloadEvent[] = [];
  const actions: DaemonSetActions = {
    deletePods: [],
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
    events,
  };
  if (shouldRun && active.length === 0) {
    const taken = new Set(pods.map((pod) => pod.name));
    let attempt = 0;
    let name = jobPodName(ds.metadata.name ?? "", podNameSuffix(attempt++));
    while (taken.has(name)) name = jobPodName(ds.metadata.name ?? "", podNameSuffix(attempt++));
    actions.podToCreate = { name };
    events.push({ type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${name}` });
  }
  // More than one daemon pod on a node, or one where none should run: the extra ones go.
  const surplus = shouldRun ? active.slice(1) : isDeleting ? [] : active;
  for (const pod of surplus) {
    actions.deletePods.push({ name: pod.name });
    events.push({ type: "Normal", reason: "SuccessfulDelete", message: `Deleted pod: ${pod.name}` });
  }
  if (problem !== undefined) actions.unschedulable = problem;
  let ready = 0;
  let available = 0;
  for (const pod of active) {
    if (!pod.isReady) continue;
    ready++;
    const availability = podAvailability(pod, ds.spec.minReadySeconds ?? 0, nowMs);
    if (availability.isAvailable) available++;
    else if (availability.availableAtMs !== undefined) actions.wakeAtMs = availability.availableAtMs;
  }
  const desired = problem === undefined ? 1 : 0;
  const scheduled = problem === undefined ? Math.min(active.length, 1) : 0;
  actions.status = {
    ...ds.status,
    observedGeneration: ds.metadata.generation ?? 1,
    desiredNumberScheduled: desired,
    currentNumberScheduled: scheduled,
    numberMisscheduled: problem === undefined ? 0 : active.length,
    numberReady: ready,
    updatedNumberScheduled: scheduled,
    numberAvailable: available,
    numberUnavailable: Math.max(0, desired - available),
  };
  return actions;
}
