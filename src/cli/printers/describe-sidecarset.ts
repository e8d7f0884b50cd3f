/**
 * `podvisor describe sidecarset`: kubectl's generic describer opens a custom resource with Name,
 * Namespace (empty: SidecarSets are cluster-scoped), Labels and Annotations and ends with its
 * Events (describe.go genericDescriber); between them podvisor prints what a rollout needs
 * instead of the raw spec: the selectors, the sidecars with their images and upgrade type, then
 * the rollout section of the planner (controllers/sidecarset-rollout describeRolloutSection):
 * which pods are on which revision, which are held back and why. Pure: the planned round, the
 * events and `now` in, text out.
 */
import { sidecarSetNamespaceScope, type Fields } from "../../api/index.js";
import { describeRolloutSection, type RolloutRound } from "../../controllers/index.js";
import { formatLabelSelector } from "../../sidecarset/index.js";
import { coreEventRows, formatEventsTable } from "./describe-events.js";
import { DescribeWriter, writeAnnotations, writeLabels } from "./describe-format.js";
import { DESCRIBE, alignTabs } from "./tabwriter.js";

export function describeSidecarSet(
  round: Pick<RolloutRound, "sidecarSet" | "actions">,
  events: readonly Fields[],
  options: { now: number },
): string {
  const { sidecarSet, actions } = round;
  const { spec } = sidecarSet;
  const w = new DescribeWriter();
  w.write(0, `Name:\t${sidecarSet.metadata.name ?? ""}\n`);
  w.write(0, "Namespace:\t\n");
  writeLabels(w, "Labels", sidecarSet.metadata.labels);
  writeAnnotations(w, sidecarSet.metadata.annotations);
  w.write(0, `API Version:\t${sidecarSet.apiVersion ?? ""}\n`);
  w.write(0, "Kind:\tSidecarSet\n");
  w.write(0, `Selector:\t${formatLabelSelector(spec.selector ?? {}) || "<none>"}\n`);
  const scope = sidecarSetNamespaceScope(spec);
  if (scope.namespace !== undefined) w.write(0, `Pod Namespace:\t${scope.namespace}\n`);
  else
    w.write(
      0,
      `Namespace Selector:\t${scope.namespaceSelector ? formatLabelSelector(scope.namespaceSelector) : "<none>"}\n`,
    );
  const sidecars = (title: string, containers: typeof spec.containers, isInit: boolean) => {
    if (containers === undefined || containers.length === 0) return;
    w.write(0, `${title}:\n`);
    for (const container of containers) {
      const notes = [
        ...(isInit ? [container.restartPolicy === "Always" ? "native sidecar" : "init container"] : []),
        ...(container.upgradeStrategy?.upgradeType === "HotUpgrade" ? ["HotUpgrade"] : []),
      ];
      w.write(
        1,
        `${container.name}:\t${container.image ?? ""}${notes.length ? ` (${notes.join(", ")})` : ""}\n`,
      );
    }
  };
  sidecars("Init Containers", spec.initContainers, true);
  sidecars("Containers", spec.containers, false);
  // kubectl flushes the tabwriter before the events table, so each part aligns on its own.
  return (
    alignTabs(w.text(), DESCRIBE) +
    alignTabs(describeRolloutSection(sidecarSet, actions), DESCRIBE) +
    alignTabs(formatEventsTable(coreEventRows(events), options.now), DESCRIBE)
  );
}
