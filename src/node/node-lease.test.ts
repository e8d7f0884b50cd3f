import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { silentLogger } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { KubeApiError } from "../kube/index.js";
import { NodeLease } from "./node-lease.js";
import type { KubeRequester } from "./pod-status-manager.js";

const leasePath = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/edge-1";

/** An API server holding one Lease (or none), which can be down or answer the next PUT with 409. */
function fakeLeaseApi() {
  const api = {
    lease: undefined as Fields | undefined,
    isDown: false,
    conflictsLeft: 0,
    requests: [] as string[],
  };
  const client: KubeRequester = {
    requestJson: (method, path, body) => {
      api.requests.push(`${method} ${path}`);
      if (api.isDown) return Promise.reject(new KubeApiError("connect ECONNREFUSED", 0, undefined));
      if (method === "GET")
        return api.lease
          ? Promise.resolve(api.lease)
          : Promise.reject(new KubeApiError("not found", 404, "NotFound"));
      if (method === "PUT" && api.conflictsLeft > 0) {
        api.conflictsLeft--;
        return Promise.reject(new KubeApiError("the object has been modified", 409, "Conflict"));
      }
      api.lease = body as Fields;
      return Promise.resolve(api.lease);
    },
  };
  return { api, client };
}

function renewTime(lease: Fields | undefined): string {
  return (lease?.spec as { renewTime: string }).renewTime;
}

function startLease() {
  const clock = new FakeClock();
  const { api, client } = fakeLeaseApi();
  const controller = new AbortController();
  const lease = new NodeLease({
    client,
    clock,
    logger: silentLogger,
    nodeName: "edge-1",
    nodeUid: () => "node-uid",
    signal: controller.signal,
  });
  return { clock, api, lease, controller };
}

describe("the node Lease, renewed as the kubelet's lease controller does", () => {
  it("creates the Lease owned by the Node when there is none, then renews the one it wrote", async () => {
    const { clock, api, lease } = startLease();
    await lease.renew();
    expect(api.requests).toEqual([
      `GET ${leasePath}`,
      "POST /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
    ]);
    expect(api.lease?.metadata).toMatchObject({ ownerReferences: [{ kind: "Node", uid: "node-uid" }] });
    api.requests.length = 0;
    await clock.advance(10_000);
    await lease.renew();
    expect(api.requests).toEqual([`PUT ${leasePath}`]);
    expect(Date.parse(renewTime(api.lease))).toBe(clock.now());
  });

  it("a conflict reads the Lease again and renews that version", async () => {
    const { api, lease } = startLease();
    await lease.renew();
    api.requests.length = 0;
    api.conflictsLeft = 1;
    await lease.renew();
    expect(api.requests).toEqual([`PUT ${leasePath}`, `GET ${leasePath}`, `PUT ${leasePath}`]);
  });

  it("while the API server is down: five immediate tries, then reads back off from 200 ms doubling to 7 s; renewed as soon as it answers", async () => {
    const { clock, api, lease } = startLease();
    await lease.renew();
    api.requests.length = 0;
    api.isDown = true;
    const renewing = lease.renew();
    await clock.settle();
    expect(api.requests).toEqual([...Array(5).fill(`PUT ${leasePath}`), `GET ${leasePath}`]);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = api.requests.length;
      let waitedMs = 0;
      for (let step = 0; step < 100 && api.requests.length === before; step++) {
        await clock.advance(100);
        waitedMs += 100;
      }
      delays.push(waitedMs);
    }
    expect(delays).toEqual([200, 400, 800, 1600, 3200, 6400, 7000]);
    api.isDown = false;
    await clock.advance(7_000);
    await renewing;
    expect(api.requests.slice(-2)).toEqual([`GET ${leasePath}`, `PUT ${leasePath}`]);
    expect(Date.parse(renewTime(api.lease))).toBe(clock.now());
  });

  it("stops retrying when the node stops", async () => {
    const { clock, api, lease, controller } = startLease();
    api.isDown = true;
    const renewing = lease.renew();
    await clock.settle();
    controller.abort();
    await renewing;
    expect(clock.pendingSleeps).toBe(0);
  });
});
