/**
 * The rollout section of `describe sidecarset`: the revision pods are rolled to, the strategy in
 * force, the counts, how many pods are on each revision, and every pod that is not updated with
 * the reason it is held back. Lines are kubectl PrefixWriter text (tab-separated cells), to be
 * aligned by the describe tabwriter with the rest of the output.
 */
import type { SidecarSet } from "../../api/index.js";
import type { RolloutPodReport, SidecarSetRolloutActions } from "./rollout-actions.js";
import { rolloutStrategyOf } from "./rollout-strategy.js";

const phaseText: Readonly<Record<SidecarSetRolloutActions["phase"], string>> = {
  AwaitingCache: "waiting for the controller's own pod writes to reach its cache",
  NotUpdate: "not rolling: updateStrategy.type is NotUpdate (new pods get the new sidecars)",
  Paused: "paused (updateStrategy.paused)",
  ResettingHotUpgradeSlots: "resetting hot-upgrade slots that finished their upgrade",
  Complete: "complete: every matched pod is on the current revision",
  RollingUpdate: "rolling update in progress",
};

export function describeRolloutSection(sidecarSet: SidecarSet, actions: SidecarSetRolloutActions): string {
  const strategy = rolloutStrategyOf(sidecarSet);
  const { status } = actions;
  const lines: string[] = ["Rollout:"];
  const field = (key: string, value: string) => lines.push(`  ${key}:\t${value}`);
  field(
    "Revision",
    `${actions.revision}${status.latestRevision ? ` (ControllerRevision ${status.latestRevision})` : ""}`,
  );
  const type = strategy.type ?? "RollingUpdate";
  const limits =
    type === "NotUpdate"
      ? ""
      : `, maxUnavailable ${String(strategy.maxUnavailable ?? 1)}, partition ${String(strategy.partition ?? 0)}`;
  field("Strategy", `${type}${limits}${strategy.selector ? ", selector set" : ""}`);
  field("State", stateText(actions));
  field(
    "Pods",
    `${status.matchedPods} matched, ${status.updatedPods} updated, ${status.readyPods} ready, ${status.updatedReadyPods ?? 0} updated and ready`,
  );
  if (actions.podUpdates.length > 0)
    field("This round", actions.podUpdates.map((u) => `${u.namespace}/${u.name}`).join(", "));

  const managed = actions.pods.filter((p) => p.state !== "NotManaged");
  if (managed.length > 0) {
    lines.push("  Revisions:", "    REVISION\tPODS\tREADY");
    for (const [revision, pods] of groupByRevision(managed, actions.revision))
      lines.push(
        `    ${revisionLabel(revision, actions.revision)}\t${pods.length}\t${pods.filter((p) => p.isReady).length}`,
      );
  }
  const held = actions.pods.filter((p) => p.state !== "Updated");
  if (held.length > 0) {
    lines.push("  Pods not updated:", "    POD\tSTATE\tREASON");
    for (const pod of held) lines.push(`    ${pod.namespace}/${pod.name}\t${pod.state}\t${pod.detail}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The phase in words. A RollingUpdate round with no pod left to update or restarting is not "in
 * progress": the pods left behind are those the update selector excludes or that cannot be updated
 * in place, and the line says so (Kruise's controller, too, counts the rollout as not done and
 * simply finds no pod to update).
 */
function stateText(actions: SidecarSetRolloutActions): string {
  if (actions.phase !== "RollingUpdate") return phaseText[actions.phase];
  const count = (state: RolloutPodReport["state"]) => actions.pods.filter((p) => p.state === state).length;
  const pods = (n: number) => `${n} pod${n === 1 ? "" : "s"}`;
  const excluded = count("NotSelected");
  const notUpgradable = count("NotUpgradable");
  const moving = count("Waiting") + count("Updating") + count("UpdatingNow");
  const excludedText = excluded > 0 ? `; ${pods(excluded)} excluded by updateStrategy.selector` : "";
  if (moving > 0 || (excluded === 0 && notUpgradable === 0))
    return `${phaseText.RollingUpdate}${excludedText}`;
  const done = excluded > 0 ? "updated all pods the update selector matches" : "updated every pod it can";
  const stuckText =
    notUpgradable > 0 ? `; ${pods(notUpgradable)} not upgradable in place (recreate them to update)` : "";
  return `${done}${excludedText}${stuckText}`;
}

/** The current revision first, then the others by how many pods hold them. */
function groupByRevision(pods: readonly RolloutPodReport[], current: string): [string, RolloutPodReport[]][] {
  const groups = new Map<string, RolloutPodReport[]>();
  for (const pod of pods) groups.set(pod.revision, [...(groups.get(pod.revision) ?? []), pod]);
  return [...groups].sort(([a, podsA], [b, podsB]) => {
    if (a === current || b === current) return a === current ? -1 : 1;
    return podsB.length - podsA.length;
  });
}

function revisionLabel(revision: string, current: string): string {
  if (revision === "") return "<none>";
  return revision === current ? `${revision} (current)` : revision;
}
