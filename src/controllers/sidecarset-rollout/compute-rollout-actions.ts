/**
 * One reconcile of a SidecarSet rollout, decided: Kruise's `Processor.UpdateSidecarSet`
 * (pkg/controller/sidecarset/sidecarset_processor.go) as a pure function from the SidecarSet,
 * its pods, the registered revision and the time to a plan. The shell writes the status, patches
 * the pods in order (stopping at the first failure), writes their `SidecarSetUpgradable`
 * conditions, records the events, and calls again when a pod or the SidecarSet changes.
 * https://openkruise.io/docs/user-manuals/sidecarset#sidecar-update-strategy
 */
import type { Pod } from "../../api/index.js";
import { createJsonPatch } from "../../sidecarset/index.js";
import type { JsonPatchOperation } from "../../sidecarset/index.js";
import { formatTime } from "../../api/index.js";
import { flipHotUpgradeSlots, hasHotUpgradeSidecar, needsHotUpgradeFlip } from "./hot-upgrade-flip.js";
import { maxUnavailablePodCount, partitionPodCount } from "./int-or-percent.js";
import { isPodSelected, unmanagedReason } from "./managed-pods.js";
import { getNextUpgradePods } from "./next-upgrade-pods.js";
import type { NextUpgradePods } from "./next-upgrade-pods.js";
import { podFactsOf } from "./pod-facts.js";
import { isPodWriteObserved, podKey } from "./pod-write-expectations.js";
import type {
  PodUpdate,
  RolloutPhase,
  SidecarSetRolloutActions,
  SidecarSetRolloutInput,
} from "./rollout-actions.js";
import { buildRolloutContext } from "./rollout-context.js";
import type { RolloutContext } from "./rollout-context.js";
import { buildPodReports } from "./rollout-pod-report.js";
import { calculateStatus, isStatusChanged } from "./rollout-status.js";
import { rolloutStrategyOf } from "./rollout-strategy.js";
import { upgradableCondition } from "./upgradable-condition.js";
import { upgradePodSidecars } from "./upgrade-pod-sidecars.js";
import type { ContainerImageChange } from "./upgrade-pod-sidecars.js";

/** Kruise requeues after a second while its cache lags behind its own writes. */
export const AWAIT_CACHE_REQUEUE_MS = 1000;

export function computeRolloutActions(input: SidecarSetRolloutInput): SidecarSetRolloutActions {
  const { sidecarSet, nowMs } = input;
  const context = buildRolloutContext(sidecarSet, input.revision.latestRevision);
  const strategy = rolloutStrategyOf(sidecarSet);
  const timestamp = formatTime(nowMs);

  const selected = input.pods.filter((pod) => isPodSelected(sidecarSet, pod, input.namespaces));
  const unmanaged = new Map<Pod, string>();
  const managed: Pod[] = [];
  for (const pod of selected) {
    const reason = unmanagedReason(context, pod);
    if (reason === undefined) managed.push(pod);
    else unmanaged.set(pod, reason);
  }
  const facts = managed.map((pod) => podFactsOf(context, pod, strategy.selector));
  const status = calculateStatus(sidecarSet, facts, input.revision);
  const actions: SidecarSetRolloutActions = {
    phase: "RollingUpdate",
    status,
    isStatusChanged: isStatusChanged(sidecarSet.status, status),
    podUpdates: [],
    podConditions: [],
    events: [],
    errors: [],
    pods: [],
    revision: context.hash,
    maxUnavailable: maxUnavailablePodCount(strategy.maxUnavailable, managed.length),
    partition: partitionPodCount(strategy.partition, managed.length),
  };

  let next: NextUpgradePods | undefined;
  const flips = hasHotUpgradeSidecar(context)
    ? managed.filter((pod) => needsHotUpgradeFlip(context, pod))
    : [];
  const phase = decidePhase(input, strategy, managed, flips.length > 0, status);
  actions.phase = phase;
  if (phase === "AwaitingCache") actions.requeueAfterMs = AWAIT_CACHE_REQUEUE_MS;
  if (phase === "ResettingHotUpgradeSlots") {
    for (const pod of flips) {
      const flipped = flipHotUpgradeSlots(context, pod, timestamp);
      actions.podUpdates.push({
        ...podUpdateOf(pod, flipped.pod, "ResetHotUpgradeSlots", flipped.changes),
        event: {
          type: "Normal",
          reason: "ResetContainerSucceed",
          message: "reset sidecar container image empty successfully",
          involvedObject: {
            kind: "Pod",
            namespace: pod.metadata.namespace ?? "",
            name: pod.metadata.name ?? "",
          },
        },
      });
    }
  }
  if (phase === "RollingUpdate") {
    next = getNextUpgradePods(strategy, facts);
    planRollingUpdate(
      context,
      facts.map((f) => f.pod),
      next,
      timestamp,
      actions,
    );
  }
  actions.pods = buildPodReports({ context, selected, unmanaged, facts, phase, next, flips, actions });
  return actions;
}

function decidePhase(
  input: SidecarSetRolloutInput,
  strategy: ReturnType<typeof rolloutStrategyOf>,
  managed: readonly Pod[],
  hasFlips: boolean,
  status: { matchedPods: number; updatedPods: number },
): RolloutPhase {
  const pending = input.pendingPodWrites ?? new Map<string, string>();
  const byKey = new Map(managed.map((pod) => [podKey(pod), pod]));
  for (const [key, resourceVersion] of pending) {
    const pod = byKey.get(key);
    if (pod !== undefined && !isPodWriteObserved(pod, resourceVersion)) return "AwaitingCache";
  }
  if (strategy.type === "NotUpdate") return "NotUpdate";
  if (strategy.paused === true) return "Paused";
  if (hasFlips) return "ResettingHotUpgradeSlots";
  if (status.updatedPods >= status.matchedPods) return "Complete";
  return "RollingUpdate";
}

/** Kruise `updatePods`: mark the pods that cannot be updated in place, then update the next ones. */
function planRollingUpdate(
  context: RolloutContext,
  pods: readonly Pod[],
  next: NextUpgradePods,
  timestamp: string,
  actions: SidecarSetRolloutActions,
): void {
  for (const index of next.notUpgradable) {
    const pod = pods[index]!;
    const condition = upgradableCondition(pod, context.name, false, timestamp);
    if (condition === undefined) continue;
    if ("error" in condition) actions.errors.push({ ...identity(pod), message: condition.error });
    else actions.podConditions.push({ ...identity(pod), condition });
  }
  if (next.notUpgradable.length > 0)
    actions.events.push({
      type: "Normal",
      reason: "NotUpgradablePods",
      message: `SidecarSet in-place update detected ${next.notUpgradable.length} not upgradable pod(s) in this round, will skip them.`,
      involvedObject: { kind: "SidecarSet", name: context.name },
    });
  for (const index of next.upgrade) {
    const pod = pods[index]!;
    const upgraded = upgradePodSidecars(context, pod, timestamp);
    if ("error" in upgraded) {
      actions.errors.push({ ...identity(pod), message: upgraded.error });
      continue;
    }
    const update = podUpdateOf(pod, upgraded.pod, "UpgradeSidecars", upgraded.changes);
    const condition = upgradableCondition(pod, context.name, true, timestamp);
    if (condition !== undefined && "error" in condition)
      actions.errors.push({ ...identity(pod), message: condition.error });
    else if (condition !== undefined) update.condition = condition;
    actions.podUpdates.push(update);
  }
}

function podUpdateOf(
  pod: Pod,
  updated: Pod,
  kind: PodUpdate["kind"],
  changes: ContainerImageChange[],
): PodUpdate {
  const resourceVersion = pod.metadata.resourceVersion;
  const test: JsonPatchOperation[] =
    resourceVersion === undefined
      ? []
      : [{ op: "test", path: "/metadata/resourceVersion", value: resourceVersion }];
  return {
    ...identity(pod),
    kind,
    changes,
    patch: [...test, ...createJsonPatch(pod, updated)],
    pod: updated,
  };
}

function identity(pod: Pod): { namespace: string; name: string } {
  return { namespace: pod.metadata.namespace || "default", name: pod.metadata.name ?? "" };
}
