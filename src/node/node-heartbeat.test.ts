import { describe, expect, it } from "vitest";
import { formatTime, type Fields } from "../api/index.js";
import { silentLogger } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { NodeHeartbeat } from "./node-heartbeat.js";
import { nodeStatusUpdateFrequencyMs } from "./node-object.js";
import type { KubeRequester } from "./pod-status-manager.js";
import { testIdentity as identity, testMachine as machine } from "./testing/node-facts.js";

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** An API server holding the Node (status patches replace the conditions, as a merge patch of a list does). */
function fakeNodeApi() {
  let node: Fields = {};
  const statusPatches: Fields[] = [];
  const client: KubeRequester = {
    requestJson: (method, path, body) => {
      if (method === "POST" && path === "/api/v1/nodes")
        node = { ...(body as Fields), metadata: { uid: "u1" } };
      else if (method === "PATCH" && path.endsWith("/status")) {
        const status = (body as { status: Fields }).status;
        statusPatches.push(status);
        node = { ...node, status: { ...(node.status as Fields), ...status } };
      }
      return Promise.resolve(path.includes("/leases") ? { spec: {} } : node);
    },
  };
  const ready = () =>
    (node.status as { conditions: Condition[] }).conditions.find((c) => c.type === "Ready")!;
  return { client, statusPatches, ready };
}

/** A registered node whose heartbeat runs until `stop`. */
async function startHeartbeat() {
  const clock = new FakeClock();
  const api = fakeNodeApi();
  const controller = new AbortController();
  const heartbeat = new NodeHeartbeat({
    ...api,
    clock,
    logger: silentLogger,
    identity,
    machine,
    signal: controller.signal,
  });
  await heartbeat.register();
  const running = heartbeat.run();
  const stop = async () => {
    controller.abort();
    await running;
  };
  return { clock, api, stop };
}

describe("the node status, as the kubelet updates it", () => {
  it("an unchanged status is not posted again on the next update", async () => {
    const { clock, api, stop } = await startHeartbeat();
    await clock.advance(nodeStatusUpdateFrequencyMs * 3);
    expect(api.statusPatches).toHaveLength(1);
    await stop();
  });

  it("Ready=Unknown set by the node lifecycle controller is set back to True on the next update, with a new transition time", async () => {
    const { clock, api, stop } = await startHeartbeat();
    await clock.advance(1_000);
    // node_lifecycle_controller tryUpdateNodeHealth after the grace period without a heartbeat.
    Object.assign(api.ready(), {
      status: "Unknown",
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
      lastTransitionTime: formatTime(clock.now()),
    });
    await clock.advance(nodeStatusUpdateFrequencyMs - 1_000);
    expect(api.statusPatches).toHaveLength(2);
    expect(api.ready()).toMatchObject({
      status: "True",
      reason: "KubeletReady",
      lastTransitionTime: formatTime(clock.now()),
    });
    await stop();
  });
});
