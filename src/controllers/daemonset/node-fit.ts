/**
 * Whether a DaemonSet's pod fits this node, as upstream `NodeShouldRunDaemonPod` →
 * `predicates` decides it for one node: the pod's nodeSelector, its required node affinity
 * (matchExpressions on labels, matchFields on metadata.name) and the node's NoSchedule/NoExecute
 * taints against its tolerations. The reason is a sentence for the warning podvisor prints.
 * https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/#how-daemon-pods-are-scheduled
 */
import type { NodeSelectorRequirement, PodSpec, Toleration } from "../../api/index.js";

export interface LocalNode {
  name: string;
  labels: Readonly<Record<string, string>>;
  taints: readonly { key: string; value?: string; effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute" }[];
}

export function nodeFitProblem(spec: PodSpec, node: LocalNode): string | undefined {
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {}))
    if (node.labels[key] !== value) return `nodeSelector ${key}=${value} does not match node ${node.name}`;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms !== undefined && terms.length > 0) {
    const fits = terms.some(
      (term) =>
        (term.matchExpressions ?? []).every((req) => matchesRequirement(req, node.labels)) &&
        (term.matchFields ?? []).every((req) => matchesRequirement(req, { "metadata.name": node.name })),
    );
    if (!fits) return `required node affinity does not match node ${node.name}`;
  }
  for (const taint of node.taints) {
    if (taint.effect === "PreferNoSchedule") continue;
    if (!(spec.tolerations ?? []).some((toleration) => tolerates(toleration, taint)))
      return `node ${node.name} has taint ${taint.key}${taint.value ? `=${taint.value}` : ""}:${taint.effect}, which the pod does not tolerate`;
  }
  return undefined;
}

/** nodeSelectorRequirement matching (v1helper.NodeSelectorRequirementsAsSelector). */
function matchesRequirement(req: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key] ?? "";
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return has && values.includes(value);
    case "NotIn":
      return !has || !values.includes(value);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      const limit = Number(values[0]);
      const actual = Number(value);
      if (!has || !Number.isInteger(limit) || !Number.isInteger(actual)) return false;
      return req.operator === "Gt" ? actual > limit : actual < limit;
    }
  }
}

/** core/v1 Toleration.ToleratesTaint. */
function tolerates(toleration: Toleration, taint: LocalNode["taints"][number]): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== "Exists") return false;
  return toleration.operator === "Exists" || (toleration.value ?? "") === (taint.value ?? "");
}
