import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { buildLease, buildNode, buildNodeStatus, formatMicroTime, withoutHeartbeats } from "./node-object.js";

const machine = {
  cpuCount: 2,
  memoryBytes: 4 * 1024 * 1024 * 1024,
  operatingSystem: "linux",
  architecture: "amd64",
  kernelVersion: "6.1.0",
  osImage: "Debian GNU/Linux 12 (bookworm)",
  machineID: "m1",
  bootID: "b1",
};
const identity = {
  nodeName: "edge-1",
  nodeIP: "10.0.0.5",
  podvisorVersion: "0.1.0",
  maxPods: 110,
  kubeletPort: 10250,
};
const t0 = Date.UTC(2026, 11, 7, 8, 0, 0);

function ready(status: Fields): Fields | undefined {
  return (status.conditions as Fields[]).find((c) => c.type === "Ready");
}

describe("the Node as the kubelet registers it", () => {
  it("carries the well-known labels, the machine's capacity, nodeInfo and the InternalIP", () => {
    const node = buildNode(identity, machine, t0);
    expect(node.metadata).toEqual({
      name: "edge-1",
      labels: {
        "kubernetes.io/hostname": "edge-1",
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": "amd64",
      },
    });
    const status = node.status as Fields;
    expect(status.capacity).toEqual({ cpu: "2", memory: "4194304Ki", pods: "110" });
    expect(status.nodeInfo).toMatchObject({
      kubeletVersion: "v1.36.3",
      containerRuntimeVersion: "podvisor://0.1.0",
    });
    expect(status.addresses).toContainEqual({ type: "InternalIP", address: "10.0.0.5" });
    // Where the API server proxies `kubectl logs` to (nodestatus.NodeAddress, DaemonEndpoints).
    expect(status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(ready(status)).toMatchObject({ status: "True", reason: "KubeletReady" });
  });

  it("keeps a condition's lastTransitionTime while its status holds, and moves it when Ready flips", () => {
    const first = buildNodeStatus(identity, machine, { ready: true }, t0);
    const later = buildNodeStatus(identity, machine, { ready: true }, t0 + 10_000, first);
    expect(ready(later)).toMatchObject({
      lastTransitionTime: "2026-12-07T08:00:00Z",
      lastHeartbeatTime: "2026-12-07T08:00:10Z",
    });
    expect(withoutHeartbeats(later)).toBe(withoutHeartbeats(first));
    const down = buildNodeStatus(
      identity,
      machine,
      { ready: false, message: "node is shutting down" },
      t0 + 20_000,
      later,
    );
    expect(ready(down)).toMatchObject({
      status: "False",
      reason: "KubeletNotReady",
      message: "node is shutting down",
      lastTransitionTime: "2026-12-07T08:00:20Z",
    });
    expect(withoutHeartbeats(down)).not.toBe(withoutHeartbeats(later));
  });

  it("holds its Lease in kube-node-lease for 40 s, owned by the Node, renewTime in microseconds", () => {
    expect(buildLease("edge-1", "node-uid", t0 + 123)).toEqual({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: "edge-1",
        namespace: "kube-node-lease",
        ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "edge-1", uid: "node-uid" }],
      },
      spec: { holderIdentity: "edge-1", leaseDurationSeconds: 40, renewTime: "2026-12-07T08:00:00.123000Z" },
    });
    expect(formatMicroTime(t0)).toBe("2026-12-07T08:00:00.000000Z");
  });
});
