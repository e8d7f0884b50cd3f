import { describe, expect, it } from "vitest";
import { createStatusPatch, mergeNodeStatus } from "./pod-status-patch.js";

const ready = (status: string) => ({ type: "Ready", status });
const gate = { type: "example.com/gate", status: "True" };

describe("the node's status patch (kubelet mergePodStatus, then a two-way strategic merge patch)", () => {
  it("merging keeps every condition the node does not own, and the resource claim statuses, from the API's copy", () => {
    const api = {
      conditions: [gate, ready("True")],
      resourceClaimStatuses: [{ name: "gpu", resourceClaimName: "gpu-1" }],
    };
    const node = { phase: "Running", conditions: [{ type: "Stale", status: "True" }, ready("False")] };
    expect(mergeNodeStatus(api, node)).toEqual({
      phase: "Running",
      conditions: [gate, ready("False")],
      resourceClaimStatuses: api.resourceClaimStatuses,
    });
  });

  it("lists merged by key send only changed entries and delete the ones gone; atomic lists go whole", () => {
    const api = {
      podIPs: [{ ip: "10.0.0.1" }, { ip: "fd00::1" }],
      containerStatuses: [{ name: "app", ready: false }],
      conditions: [ready("False")],
    };
    const merged = {
      podIPs: [{ ip: "10.0.0.1" }],
      containerStatuses: [{ name: "app", ready: true }],
      conditions: [ready("False")],
    };
    expect(createStatusPatch(api, merged)).toEqual({
      podIPs: [{ ip: "fd00::1", $patch: "delete" }],
      containerStatuses: [{ name: "app", ready: true }],
    });
  });

  it("an entry equal but for the order of its keys is unchanged", () => {
    const api = { conditions: [{ status: "True", type: "Ready", lastProbeTime: null }] };
    const merged = { conditions: [{ type: "Ready", status: "True", lastProbeTime: null }] };
    expect(createStatusPatch(api, merged)).toEqual({});
  });
});
