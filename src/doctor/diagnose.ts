/**
 * The doctor's verdicts, purely: cluster facts in, a checklist out — one check per component
 * (API server, each node, the mutating webhooks, each namespace's dry run), each pass/fail/warn
 * with one line of advice, after the "Adopting Sidecar Containers" tutorial
 * (https://kubernetes.io/docs/tutorials/configuration/pod-sidecar-containers/). Native sidecars
 * work when the API server has them, admission keeps `restartPolicy: Always`, and the kubelet
 * that runs the pod has them: a failing check anywhere means some pod would not get them.
 */
import { parseKubeVersion, isAtLeast, firstNativeSidecarKubelet } from "../sidecarset/index.js";
import type { ClusterFacts, GateReading, NamespaceFacts, NodeFacts } from "./cluster-facts.js";
import { podCreateWebhooks, webhooksCalledFor, type PodWebhook } from "./match-webhooks.js";
import { addedMetadataKeys, probeLabels, sidecarSurvived } from "./probe-pod.js";
import { rankSuspects, type Suspect } from "./rank-suspects.js";

export const tutorialUrl = "https://kubernetes.io/docs/tutorials/configuration/pod-sidecar-containers/";

export type CheckStatus = "pass" | "fail" | "warn" | "info";

export interface DoctorCheck {
  /** "api-server", "node/<name>", "webhooks", "admission/<namespace>". */
  id: string;
  status: CheckStatus;
  summary: string;
  advice: string;
  suspects?: { configuration: string; webhook: string; reasons: string[] }[];
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** No check failed: every pod in the checked namespaces gets native sidecars on every node. */
  nativeSidecarsWork: boolean;
  /** Per node: does it run native sidecars (undefined: doctor cannot tell)? What `--label-nodes` writes. */
  nodeSupport: { node: string; supported: boolean | undefined }[];
}

/** Native sidecars from this release with the gate at its default (KEP-753: alpha 1.28, off). */
type Support = { supported: boolean | undefined; why: string };

function gateSupport(
  component: string,
  version: readonly [number, number] | undefined,
  gate: GateReading,
): Support {
  const versionText = version ? `${version[0]}.${version[1]}` : "unknown";
  if (gate.kind === "read")
    return gate.enabled
      ? { supported: true, why: "SidecarContainers on" }
      : { supported: false, why: `SidecarContainers=false on the ${component}` };
  const unread =
    gate.kind === "unreadable"
      ? `gate not read (${gate.reason})`
      : "no SidecarContainers gate in its metrics";
  if (!version) return { supported: undefined, why: `version unknown, ${unread}` };
  if (isAtLeast(version, firstNativeSidecarKubelet))
    return { supported: true, why: `on by default from 1.29; ${unread}` };
  if (isAtLeast(version, [1, 28]))
    return { supported: false, why: `1.28: SidecarContainers is alpha and off by default; ${unread}` };
  return { supported: false, why: `${versionText} predates native sidecars (1.28)` };
}

function apiServerCheck(facts: ClusterFacts): DoctorCheck {
  const support = gateSupport(
    "API server",
    parseKubeVersion(facts.apiServer.gitVersion),
    facts.apiServer.gate,
  );
  const summary = `API server ${facts.apiServer.gitVersion}: ${support.why}`;
  if (support.supported === true)
    return { id: "api-server", status: "pass", summary, advice: "nothing to do" };
  return {
    id: "api-server",
    status: support.supported === false ? "fail" : "warn",
    summary,
    advice:
      support.supported === false
        ? "upgrade the control plane to 1.29 or later (or start kube-apiserver with --feature-gates SidecarContainers=true): it drops restartPolicy from init containers"
        : "check `kubectl get --raw /metrics | grep kubernetes_feature_enabled` on the API server",
  };
}

function nodeCheck(node: NodeFacts): { check: DoctorCheck; supported: boolean | undefined } {
  const version = node.kubeletVersion !== undefined ? parseKubeVersion(node.kubeletVersion) : undefined;
  const support = gateSupport("kubelet", version, node.gate);
  const summary = `node ${node.name}: kubelet ${node.kubeletVersion ?? "(no version)"}, ${support.why}`;
  const id = `node/${node.name}`;
  if (support.supported === true)
    return { check: { id, status: "pass", summary, advice: "nothing to do" }, supported: true };
  const check: DoctorCheck =
    support.supported === false
      ? {
          id,
          status: "fail",
          summary,
          advice: `upgrade this node's kubelet to 1.29+ (or turn SidecarContainers on); until then keep native-sidecar pods off it: \`podvisor doctor --label-nodes\` and the webhook's auto mode (native with node affinity on the label, legacy where no node has it)`,
        }
      : {
          id,
          status: "warn",
          summary,
          advice:
            "doctor cannot tell; check the node's kubelet version and `/api/v1/nodes/<node>/proxy/metrics`",
        };
  return { check, supported: support.supported };
}

function webhooksCheck(webhooks: readonly PodWebhook[]): DoctorCheck {
  const names = webhooks.map((w) => `${w.configuration}/${w.name}`);
  return {
    id: "webhooks",
    status: "info",
    summary:
      webhooks.length === 0
        ? "mutating webhooks on pod CREATE: none"
        : `mutating webhooks on pod CREATE: ${webhooks.length} (${names.join(", ")})`,
    advice:
      webhooks.length === 0
        ? "nothing to do"
        : "the dry runs below show whether they keep restartPolicy: Always",
  };
}

function suspectLine(suspect: Suspect) {
  return {
    configuration: suspect.webhook.configuration,
    webhook: suspect.webhook.name,
    reasons: suspect.reasons,
  };
}

function admissionCheck(
  namespace: NamespaceFacts,
  webhooks: readonly PodWebhook[],
  apiServerOk: boolean,
): DoctorCheck {
  const id = `admission/${namespace.name}`;
  if (namespace.probe.kind === "refused")
    return {
      id,
      status: "warn",
      summary: `namespace ${namespace.name}: the dry-run create of a probe pod was refused: ${namespace.probe.message}`,
      advice:
        "doctor could not see what admission does to pods here; a webhook with sideEffects Some/Unknown cannot dry-run",
    };
  if (sidecarSurvived(namespace.probe.pod))
    return {
      id,
      status: "pass",
      summary: `namespace ${namespace.name}: restartPolicy: Always survived admission (dry run)`,
      advice: "nothing to do",
    };
  const called = webhooksCalledFor(webhooks, namespace.labels, probeLabels);
  const suspects = rankSuspects(called, addedMetadataKeys(namespace.probe.pod));
  const first = suspects[0];
  return {
    id,
    status: "fail",
    summary: `namespace ${namespace.name}: admission dropped restartPolicy: Always from the probe's sidecar${
      first ? `; most likely ${first.webhook.configuration}/${first.webhook.name}` : ""
    }`,
    advice: first
      ? `rebuild or upgrade that webhook with Kubernetes client libraries 1.28+ (or make it answer a JSON patch of only what it changes) so it keeps restartPolicy; until then exclude this namespace with its namespaceSelector (${tutorialUrl})`
      : apiServerOk
        ? "no mutating webhook matched: look for other admission plugins or a proxy in front of the API server"
        : "the API server itself drops the field: see the API server check",
    suspects: suspects.map(suspectLine),
  };
}

export function diagnose(facts: ClusterFacts): DoctorReport {
  const api = apiServerCheck(facts);
  const nodes = facts.nodes.map((node) => ({ node: node.name, ...nodeCheck(node) }));
  const webhooks = podCreateWebhooks(facts.webhookConfigurations);
  const checks = [
    api,
    ...nodes.map((n) => n.check),
    ...(facts.nodes.length === 0
      ? [
          {
            id: "nodes",
            status: "warn",
            summary: "no nodes",
            advice: "nothing runs pods yet",
          } satisfies DoctorCheck,
        ]
      : []),
    webhooksCheck(webhooks),
    ...facts.namespaces.map((ns) => admissionCheck(ns, webhooks, api.status === "pass")),
  ];
  return {
    checks,
    nativeSidecarsWork: checks.every((c) => c.status !== "fail"),
    nodeSupport: nodes.map(({ node, supported }) => ({ node, supported })),
  };
}
