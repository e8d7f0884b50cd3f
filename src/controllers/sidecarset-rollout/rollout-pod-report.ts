/**
 * Where each selected pod stands in the rollout, in words, for `describe sidecarset`: on the
 * current revision (ready or still updating), updated this round, waiting (partition,
 * maxUnavailable, a sidecar mid-update, paused), left out by `updateStrategy.selector`, not
 * upgradable in place, or not managed at all.
 */
import { kruiseAnnotations } from "../../api/index.js";
import type { Pod } from "../../api/index.js";
import type { NextUpgradePods } from "./next-upgrade-pods.js";
import type { PodFacts } from "./pod-facts.js";
import { podRecordedHash } from "./pod-revision-record.js";
import type {
  RolloutPhase,
  RolloutPodReport,
  RolloutPodState,
  SidecarSetRolloutActions,
} from "./rollout-actions.js";
import type { RolloutContext } from "./rollout-context.js";

export interface PodReportInput {
  context: RolloutContext;
  selected: readonly Pod[];
  unmanaged: ReadonlyMap<Pod, string>;
  facts: readonly PodFacts[];
  phase: RolloutPhase;
  next: NextUpgradePods | undefined;
  flips: readonly Pod[];
  actions: SidecarSetRolloutActions;
}

const phaseWait: Readonly<Record<RolloutPhase, string>> = {
  AwaitingCache: "waiting: the controller's last pod writes are not in its cache yet",
  NotUpdate: "not updated: updateStrategy.type is NotUpdate",
  Paused: "waiting: updateStrategy.paused is true",
  ResettingHotUpgradeSlots: "waiting: hot-upgrade slots are being reset this round",
  Complete: "",
  RollingUpdate: "",
};

export function buildPodReports(input: PodReportInput): RolloutPodReport[] {
  const { context, facts, next, actions } = input;
  const factsOf = new Map(facts.map((f, index) => [f.pod, { facts: f, index }]));
  const outcomeOf = new Map((next?.candidates ?? []).map((c) => [c.index, c.outcome]));
  const notUpgradable = new Set(next?.notUpgradable ?? []);
  const updating = new Set(actions.podUpdates.map((u) => `${u.namespace}/${u.name}`));
  const flipping = new Set(input.flips);
  return input.selected.map((pod) => {
    const namespace = pod.metadata.namespace || "default";
    const name = pod.metadata.name ?? "";
    const revision = podRecordedHash(pod, context.name, kruiseAnnotations.sidecarSetHash);
    const entry = factsOf.get(pod);
    const report = (state: RolloutPodState, detail: string, isUpdated = false, isReady = false) => ({
      namespace,
      name,
      revision,
      isUpdated,
      isReady,
      state,
      detail,
    });
    if (entry === undefined) return report("NotManaged", input.unmanaged.get(pod) ?? "not managed");
    const f = entry.facts;
    const isReady = f.isConsistent && f.isReady;
    const as = (state: RolloutPodState, detail: string) => report(state, detail, f.isUpdated, isReady);
    if (flipping.has(pod) && input.phase === "ResettingHotUpgradeSlots")
      return as(
        "ResettingHotUpgradeSlot",
        "the old version's hot-upgrade slot is reset to the empty image now",
      );
    if (updating.has(`${namespace}/${name}`))
      return as("UpdatingNow", "sidecar images are updated in place now");
    if (f.isUpdated) {
      if (!f.isConsistent)
        return as(
          "Updating",
          "on the current revision; the kubelet has not restarted a sidecar with its new image yet",
        );
      if (!f.isReady) return as("Updating", "on the current revision; not ready yet");
      return as("Updated", "on the current revision and ready");
    }
    if (phaseWait[input.phase] !== "") return as("Waiting", phaseWait[input.phase]);
    if (!f.isSelected)
      return as("NotSelected", "left on its revision: updateStrategy.selector does not select it");
    if (notUpgradable.has(entry.index) || !f.canUpgrade)
      return as(
        "NotUpgradable",
        "its sidecars differ from the SidecarSet's in more than the image; recreate the pod to update it",
      );
    if (!f.isUpgradeConsistent)
      return as("Waiting", "waiting: a sidecar is still restarting with its previous update");
    const outcome = outcomeOf.get(entry.index);
    if (outcome === "partition")
      return as(
        "Waiting",
        `waiting: kept on its revision by updateStrategy.partition (${next?.partition ?? 0})`,
      );
    if (outcome === "maxUnavailable")
      return as(
        "Waiting",
        `waiting: maxUnavailable (${next?.maxUnavailable ?? 0}) pods are already unavailable`,
      );
    return as("Waiting", "waiting for the next round");
  });
}
