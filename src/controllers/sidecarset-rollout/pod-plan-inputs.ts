/**
 * The parts of a pod a rollout plan reads, as one comparable text: when a pod changes and this
 * text does not, no plan can come out differently, so the controller need not reconcile for it.
 *
 * Read by the plan: labels (selectors, priority and scatter terms), the annotations OpenKruise
 * owns (keys containing `kruise.io`: revision records, in-place update state, hot-upgrade
 * slots and versions, the injected list), the deletion timestamp, the whole spec (containers,
 * native sidecars, node), and of the status the phase, the `Ready` condition (readiness and the
 * ActivePods order by ready time), the `SidecarSetUpgradable` condition and every container
 * status (image IDs, readiness, restart counts). Not read: managedFields, resourceVersion, other
 * annotations and conditions, `status.message` and the like — what other controllers and tools
 * write to a pod all day.
 *
 * Kruise's pod event handler (pkg/controller/sidecarset/sidecarset_pod_event_handler.go,
 * `updatePod`) wakes on less: the deletion starting, Ready flipping, the sidecars becoming
 * (in)consistent — after 5 seconds — and label changes under an update selector. podvisor wakes
 * on every change to what the plan reads, at once (docs/sidecarsets.md, Rollouts, "What wakes
 * the controller").
 */
import type { Pod } from "../../api/index.js";
import { upgradableConditionType } from "./upgradable-condition.js";

const planConditionTypes: ReadonlySet<string> = new Set(["Ready", upgradableConditionType]);

export function podPlanInputs(pod: Pod): string {
  const annotations = Object.entries(pod.metadata.annotations ?? {})
    .filter(([key]) => key.includes("kruise.io"))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const status = pod.status;
  return JSON.stringify([
    pod.metadata.labels ?? {},
    annotations,
    pod.metadata.deletionTimestamp ?? null,
    pod.spec,
    status?.phase ?? null,
    (status?.conditions ?? []).filter((c) => planConditionTypes.has(c.type)),
    status?.containerStatuses ?? [],
    status?.initContainerStatuses ?? [],
  ]);
}
