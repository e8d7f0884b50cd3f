/**
 * Which Kubernetes version `auto` injects for, on a cluster: native sidecars need both the API
 * server and the kubelet that runs the pod to have them (KEP-753; a kubelet older than the API
 * server may lag by up to three minors), so the target is the oldest of the API server and the
 * kubelets of the nodes the pod can land on (`status.nodeInfo.kubeletVersion`). Those nodes are
 * the one in `spec.nodeName`, else the schedulable nodes whose labels satisfy `spec.nodeSelector`
 * (affinity and taints are not evaluated: considering more nodes can only choose legacy more
 * often, never native where a node lacks it). No such node: the API server's version.
 */
import { isRecord, type Fields } from "../api/index.js";
import { parseKubeVersion } from "../sidecarset/index.js";

export type KubeVersion = readonly [number, number];

export interface NodeView {
  name: string;
  labels: Readonly<Record<string, string>>;
  kubeletVersion: KubeVersion | undefined;
  unschedulable: boolean;
}

export interface TargetVersion {
  version: KubeVersion;
  /** For the pod's annotation: "kubelet 1.28 on node old-1 (oldest of 2 nodes)". */
  source: string;
}

export function nodeView(node: Fields): NodeView {
  const meta = isRecord(node.metadata) ? node.metadata : {};
  const labels: Record<string, string> = {};
  if (isRecord(meta.labels))
    for (const [key, value] of Object.entries(meta.labels))
      if (typeof value === "string") labels[key] = value;
  const info = isRecord(node.status) && isRecord(node.status.nodeInfo) ? node.status.nodeInfo : {};
  return {
    name: typeof meta.name === "string" ? meta.name : "",
    labels,
    kubeletVersion:
      typeof info.kubeletVersion === "string" ? parseKubeVersion(info.kubeletVersion) : undefined,
    unschedulable: isRecord(node.spec) && node.spec.unschedulable === true,
  };
}

/** The nodes the pod can land on: its `spec.nodeName`, else the schedulable nodes its nodeSelector allows. */
export function candidateNodes(pod: Fields, nodes: readonly NodeView[]): NodeView[] {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const nodeName = typeof spec.nodeName === "string" && spec.nodeName !== "" ? spec.nodeName : undefined;
  const selector = isRecord(spec.nodeSelector) ? spec.nodeSelector : {};
  return nodes.filter((node) =>
    nodeName !== undefined
      ? node.name === nodeName
      : !node.unschedulable && Object.entries(selector).every(([key, value]) => node.labels[key] === value),
  );
}

export function targetKubeVersion(
  pod: Fields,
  nodes: readonly NodeView[],
  serverVersion: KubeVersion,
): TargetVersion {
  const candidates = candidateNodes(pod, nodes);
  const server = `API server ${serverVersion.join(".")}`;
  let oldest: NodeView | undefined;
  for (const node of candidates)
    if (
      node.kubeletVersion &&
      (!oldest?.kubeletVersion || compare(node.kubeletVersion, oldest.kubeletVersion) < 0)
    )
      oldest = node;
  if (!oldest?.kubeletVersion)
    return {
      version: serverVersion,
      source: `${server}; no node the pod can land on reports a kubelet version`,
    };
  const kubelet = `kubelet ${oldest.kubeletVersion.join(".")} on node ${oldest.name} (oldest of ${candidates.length} node${candidates.length === 1 ? "" : "s"} the pod can land on)`;
  return compare(oldest.kubeletVersion, serverVersion) < 0
    ? { version: oldest.kubeletVersion, source: kubelet }
    : { version: serverVersion, source: `${server}, not newer than the ${kubelet}` };
}

function compare(a: KubeVersion, b: KubeVersion): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}
