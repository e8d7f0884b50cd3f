/**
 * The doctor's only reads of the cluster (and, with --label-nodes, its only writes): the API
 * server's version and /metrics, the Nodes and each node's /metrics through the API server's node
 * proxy, the MutatingWebhookConfigurations, and per namespace its labels and a dry-run create of
 * the probe pod (`dryRun=All`: admission runs, nothing is stored). A failed read becomes a fact
 * (`unreadable`, `refused`); only an unreachable API server or a missing namespace is an error.
 */
import { isRecord, type Fields } from "../api/index.js";
import { KubeApiError, type KubeClient } from "../kube/index.js";
import { nativeSidecarNodeLabel } from "../sidecarset/index.js";
import type { ClusterFacts, GateReading, NamespaceFacts, NodeFacts } from "./cluster-facts.js";
import { readFeatureGate } from "./feature-metric.js";
import { probePod } from "./probe-pod.js";

const gateName = "SidecarContainers";
/** A node whose kubelet does not answer is not waited for longer than this. */
const nodeMetricsTimeoutMs = 5_000;

function labelsOf(object: Fields): Record<string, string> {
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const labels: Record<string, string> = {};
  if (isRecord(meta.labels))
    for (const [k, v] of Object.entries(meta.labels)) if (typeof v === "string") labels[k] = v;
  return labels;
}

function itemsOf(list: Fields): Fields[] {
  return Array.isArray(list.items) ? list.items.filter(isRecord) : [];
}

async function readGate(client: KubeClient, path: string, timeoutMs?: number): Promise<GateReading> {
  try {
    const signal = timeoutMs !== undefined ? AbortSignal.timeout(timeoutMs) : undefined;
    return readFeatureGate(await client.requestText(path, signal), gateName);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: "unreadable", reason: message.replace(/\s+/g, " ").slice(0, 160) };
  }
}

async function readNode(client: KubeClient, node: Fields): Promise<NodeFacts> {
  const meta = isRecord(node.metadata) ? node.metadata : {};
  const name = typeof meta.name === "string" ? meta.name : "";
  const info = isRecord(node.status) && isRecord(node.status.nodeInfo) ? node.status.nodeInfo : {};
  return {
    name,
    labels: labelsOf(node),
    kubeletVersion:
      typeof info.kubeletVersion === "string" && info.kubeletVersion !== "" ? info.kubeletVersion : undefined,
    gate: await readGate(
      client,
      `/api/v1/nodes/${encodeURIComponent(name)}/proxy/metrics`,
      nodeMetricsTimeoutMs,
    ),
  };
}

async function readNamespace(client: KubeClient, name: string): Promise<NamespaceFacts> {
  const path = `/api/v1/namespaces/${encodeURIComponent(name)}`;
  let namespace: Fields;
  try {
    namespace = await client.requestJson("GET", path);
  } catch (error) {
    if (error instanceof KubeApiError && error.statusCode === 404)
      throw new KubeApiError(`namespace ${name} not found (--namespace)`, 404, "NotFound");
    throw error;
  }
  try {
    const pod = await client.requestJson("POST", `${path}/pods?dryRun=All`, probePod(name));
    return { name, labels: labelsOf(namespace), probe: { kind: "admitted", pod } };
  } catch (error) {
    if (!(error instanceof KubeApiError) || error.statusCode === 0) throw error;
    return { name, labels: labelsOf(namespace), probe: { kind: "refused", message: error.message } };
  }
}

export async function readClusterFacts(
  client: KubeClient,
  namespaces: readonly string[],
): Promise<ClusterFacts> {
  const version = await client.requestJson("GET", "/version");
  const [apiGate, nodeList, webhookList] = await Promise.all([
    readGate(client, "/metrics"),
    client.requestJson("GET", "/api/v1/nodes"),
    client.requestJson("GET", "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations"),
  ]);
  const nodes = await Promise.all(itemsOf(nodeList).map((node) => readNode(client, node)));
  const checked: NamespaceFacts[] = [];
  for (const name of namespaces) checked.push(await readNamespace(client, name));
  return {
    apiServer: {
      gitVersion: typeof version.gitVersion === "string" ? version.gitVersion : "unknown",
      gate: apiGate,
    },
    nodes: nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    webhookConfigurations: itemsOf(webhookList),
    namespaces: checked,
  };
}

/** `--label-nodes`: sets the label on every node doctor could judge (a merge patch of that key only). */
export async function labelNodes(
  client: KubeClient,
  support: readonly { node: string; supported: boolean | undefined }[],
): Promise<string[]> {
  const done: string[] = [];
  for (const { node, supported } of support) {
    if (supported === undefined) continue;
    const value = String(supported);
    await client.requestJson(
      "PATCH",
      `/api/v1/nodes/${encodeURIComponent(node)}`,
      { metadata: { labels: { [nativeSidecarNodeLabel]: value } } },
      undefined,
      "application/merge-patch+json",
    );
    done.push(`node/${node} ${nativeSidecarNodeLabel}=${value}`);
  }
  return done;
}
