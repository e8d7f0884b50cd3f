import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import {
  buildLease,
  buildNode,
  buildNodeStatus,
  formatMicroTime,
  nodeConditionsHaveChanged,
  withoutHeartbeats,
} from "./node-object.js";
import { testIdentity as identity, testMachine as machine } from "./testing/node-facts.js";

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

describe("nodeConditionsHaveChanged (kubelet_node_status_test.go TestNodeStatusHasChanged, the conditions part)", () => {
  const condition = (type: string, status: string, heartbeat: string) => ({
    type,
    status,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: "2026-12-07T08:00:00Z",
    reason: "r",
    message: "m",
  });
  it("Node status does not change even if heartbeat time changes.", () => {
    const before = { conditions: [condition("Ready", "True", "2026-12-07T08:00:00Z")] };
    const after = { conditions: [condition("Ready", "True", "2026-12-07T08:00:10Z")] };
    expect(nodeConditionsHaveChanged(before, after)).toBe(false);
  });
  it("Node status does not change even if the orders of conditions are different.", () => {
    const ready = condition("Ready", "True", "2026-12-07T08:00:00Z");
    const memory = condition("MemoryPressure", "False", "2026-12-07T08:00:00Z");
    expect(nodeConditionsHaveChanged({ conditions: [ready, memory] }, { conditions: [memory, ready] })).toBe(
      false,
    );
  });
  it("Node status changes if condition status differs.", () => {
    const before = { conditions: [condition("Ready", "Unknown", "2026-12-07T08:00:00Z")] };
    const after = { conditions: [condition("Ready", "True", "2026-12-07T08:00:00Z")] };
    expect(nodeConditionsHaveChanged(before, after)).toBe(true);
  });
  it("Node status changes with different number of conditions.", () => {
    const ready = condition("Ready", "True", "2026-12-07T08:00:00Z");
    const disk = condition("DiskPressure", "False", "2026-12-07T08:00:00Z");
    expect(nodeConditionsHaveChanged({ conditions: [ready] }, { conditions: [ready, disk] })).toBe(true);
  });
  it("Node status changes if transition time changes.", () => {
    const before = { conditions: [condition("Ready", "True", "2026-12-07T08:00:00Z")] };
    const after = { conditions: [{ ...before.conditions[0]!, lastTransitionTime: "2026-12-07T08:00:05Z" }] };
    expect(nodeConditionsHaveChanged(before, after)).toBe(true);
  });
});
