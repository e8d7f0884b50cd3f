/**
 * The Node and its Lease as the kubelet writes them, from the machine's facts and the time
 * (pkg/kubelet/kubelet_node_status.go `initialNode`, pkg/kubelet/nodestatus/setters.go,
 * pkg/kubelet/nodelease/controller.go in kubernetes v1.36.3). Pure: the caller reads the machine
 * and the clock.
 */
import { formatTime, type Fields } from "../api/index.js";

/** The Kubernetes release whose kubelet semantics podvisor implements (docs/lifecycle.md). */
export const implementedKubeletVersion = "v1.36.3";

/** kubelet `nodeLeaseDurationSeconds` default. */
export const nodeLeaseDurationSeconds = 40;
/** nodelease: renewInterval = 0.25 × the lease duration. */
export const leaseRenewIntervalMs = (nodeLeaseDurationSeconds * 1000) / 4;
/** kubelet `nodeStatusUpdateFrequency` default: how often the status is computed and compared. */
export const nodeStatusUpdateFrequencyMs = 10_000;
/** kubelet `nodeStatusReportFrequency` default: an unchanged status is still posted this often. */
export const nodeStatusReportFrequencyMs = 5 * 60_000;

export interface MachineFacts {
  cpuCount: number;
  memoryBytes: number;
  /** Go's GOOS / GOARCH spelling: "linux", "amd64". */
  operatingSystem: string;
  architecture: string;
  kernelVersion: string;
  osImage: string;
  machineID: string;
  bootID: string;
}

export interface NodeIdentity {
  nodeName: string;
  nodeIP: string;
  podvisorVersion: string;
  /** Pods the node accepts (kubelet `maxPods`, default 110). */
  maxPods: number;
  /**
   * `nodeInfo.kubeletVersion` (default `implementedKubeletVersion`): an older one when podvisor
   * plays an old node (`--kubelet-version` with `--feature-gates SidecarContainers=false`).
   */
  kubeletVersion?: string;
  /** `daemonEndpoints.kubeletEndpoint.Port`: where the API server's node proxy reaches the node (0: nowhere). */
  kubeletPort?: number;
}

/** The labels the kubelet sets on its Node (`initialNode`, well-known labels). */
export function nodeLabels(identity: NodeIdentity, machine: MachineFacts): Record<string, string> {
  return {
    "kubernetes.io/hostname": identity.nodeName,
    "kubernetes.io/os": machine.operatingSystem,
    "kubernetes.io/arch": machine.architecture,
    "beta.kubernetes.io/os": machine.operatingSystem,
    "beta.kubernetes.io/arch": machine.architecture,
  };
}

export interface ReadyState {
  ready: boolean;
  /** For the condition's message, e.g. "node is shutting down". */
  message?: string;
}

/**
 * The node's status (nodestatus setters: MachineInfo, NodeAddress, VersionInfo, ReadyCondition,
 * the pressure conditions). `previous` keeps each condition's lastTransitionTime while its status
 * holds, as `ReadyCondition` and `MemoryPressureCondition` do.
 */
export function buildNodeStatus(
  identity: NodeIdentity,
  machine: MachineFacts,
  readiness: ReadyState,
  nowMs: number,
  previous?: Fields,
): Fields {
  const now = formatTime(nowMs);
  const previousConditions = Array.isArray(previous?.conditions) ? (previous.conditions as Fields[]) : [];
  const condition = (type: string, status: string, reason: string, message: string): Fields => {
    const before = previousConditions.find((c) => c.type === type);
    return {
      type,
      status,
      lastHeartbeatTime: now,
      lastTransitionTime: before?.status === status ? before.lastTransitionTime : now,
      reason,
      message,
    };
  };
  const resources = {
    cpu: String(machine.cpuCount),
    memory: `${Math.floor(machine.memoryBytes / 1024)}Ki`,
    pods: String(identity.maxPods),
  };
  return {
    capacity: resources,
    allocatable: resources,
    conditions: [
      condition(
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
      ),
      condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
      condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
      readiness.ready
        ? condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")
        : condition("Ready", "False", "KubeletNotReady", readiness.message ?? "kubelet is not ready"),
    ],
    addresses: [
      { type: "InternalIP", address: identity.nodeIP },
      { type: "Hostname", address: identity.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: identity.kubeletPort ?? 0 } },
    nodeInfo: {
      machineID: machine.machineID,
      systemUUID: machine.machineID,
      bootID: machine.bootID,
      kernelVersion: machine.kernelVersion,
      osImage: machine.osImage,
      containerRuntimeVersion: `podvisor://${identity.podvisorVersion}`,
      kubeletVersion: identity.kubeletVersion ?? implementedKubeletVersion,
      kubeProxyVersion: "",
      operatingSystem: machine.operatingSystem,
      architecture: machine.architecture,
    },
  };
}

/** The Node the kubelet registers (`initialNode`): labels, no taints, and its first status. */
export function buildNode(identity: NodeIdentity, machine: MachineFacts, nowMs: number): Fields {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: identity.nodeName, labels: nodeLabels(identity, machine) },
    spec: {},
    status: buildNodeStatus(identity, machine, { ready: true }, nowMs),
  };
}

/**
 * The status with every heartbeat time blanked: two statuses that differ only there are equal
 * (kubelet `nodeStatusHasChanged` ignores LastHeartbeatTime).
 */
export function withoutHeartbeats(status: Fields): string {
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Fields[]) : [];
  return JSON.stringify({
    ...status,
    conditions: conditions.map((c) => ({ ...c, lastHeartbeatTime: null })),
  });
}

/** metav1.MicroTime: RFC 3339 with microseconds, as Lease.spec.renewTime carries. */
export function formatMicroTime(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** The node's Lease in kube-node-lease (nodelease `newLease`), owned by the Node. */
export function buildLease(nodeName: string, nodeUid: string, nowMs: number): Fields {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name: nodeName,
      namespace: "kube-node-lease",
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: nodeName, uid: nodeUid }],
    },
    spec: {
      holderIdentity: nodeName,
      leaseDurationSeconds: nodeLeaseDurationSeconds,
      renewTime: formatMicroTime(nowMs),
    },
  };
}
