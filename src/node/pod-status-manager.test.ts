import { describe, expect, it } from "vitest";
import type { Fields, Pod } from "../api/index.js";
import { silentLogger } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { KubeApiError } from "../kube/index.js";
import { PodStatusManager, type KubeRequester } from "./pod-status-manager.js";

interface Request {
  method: string;
  path: string;
  body: unknown;
  contentType: string | undefined;
}

/** The API server's strategic merge of one merged list (`patchMergeKey`), `$patch: delete` included. */
function mergeList(stored: unknown, patch: Fields[], key: string): Fields[] {
  let list = Array.isArray(stored) ? (stored as Fields[]) : [];
  for (const entry of patch) {
    list = list.filter((item) => item[key] !== entry[key]);
    if (entry.$patch !== "delete") list.push(entry);
  }
  return list;
}

/**
 * A fake API server for one pod: records requests; `down` makes every request fail to connect.
 * A status patch is applied as the API server applies it: top-level fields replaced (null
 * removes); `conditions` merged by type in a strategic merge patch, replaced in a JSON merge patch.
 */
function fakeApi() {
  const requests: Request[] = [];
  const api = { down: false, requests, stored: {} as Fields, resourceVersion: 0 };
  const client: KubeRequester = {
    requestJson: (method, path, body, _signal, contentType) => {
      if (api.down) return Promise.reject(new KubeApiError("connect ECONNREFUSED", 0, undefined));
      requests.push({ method, path, body, contentType });
      if (method === "PATCH") {
        const { conditions, ...patch } = (body as { status: Fields }).status;
        api.stored = { ...api.stored, ...patch };
        for (const [key, value] of Object.entries(patch)) if (value === null) delete api.stored[key];
        if (Array.isArray(conditions))
          api.stored.conditions =
            contentType === "application/strategic-merge-patch+json"
              ? mergeList(api.stored.conditions, conditions as Fields[], "type")
              : conditions; // a JSON merge patch replaces a list whole
      }
      api.resourceVersion++;
      return Promise.resolve({
        metadata: { resourceVersion: String(api.resourceVersion) },
        status: api.stored,
      });
    },
  };
  return { api, client };
}

const pod = (status: Pod["status"]): Pod =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "shop", uid: "uid-1" },
    spec: { containers: [] },
    status,
  }) as Pod;

/** The node's status of a Running pod with these conditions. */
const runningWith = (...conditions: { type: string; status: string }[]): Pod =>
  pod({ phase: "Running", conditions } as Pod["status"]);

/** The pod as a watch event brings it: Running with `conditions`, at `resourceVersion`. */
const apiPod = (resourceVersion: string, conditions: { type: string; status: string }[]): Pod => ({
  ...runningWith(...conditions),
  metadata: { name: "web", namespace: "shop", uid: "uid-1", resourceVersion },
});

function manager(client: KubeRequester, clock = new FakeClock()) {
  return new PodStatusManager({ client, clock, logger: silentLogger, signal: new AbortController().signal });
}

describe("PodStatusManager (the kubelet's status manager)", () => {
  it("writes a changed status as a strategic merge patch to pods/status with the UID precondition", async () => {
    const { api, client } = fakeApi();
    const statuses = manager(client);
    statuses.track(pod({ phase: "Pending" }));
    statuses.setStatus(pod({ phase: "Running", podIP: "127.0.0.1" }));
    await statuses.flush("uid-1");
    expect(api.requests).toEqual([
      {
        method: "PATCH",
        path: "/api/v1/namespaces/shop/pods/web/status",
        body: { metadata: { uid: "uid-1" }, status: { phase: "Running", podIP: "127.0.0.1" } },
        contentType: "application/strategic-merge-patch+json",
      },
    ]);
  });

  it("sends nothing when the status did not change", async () => {
    const { api, client } = fakeApi();
    const statuses = manager(client);
    statuses.setStatus(pod({ phase: "Running" }));
    await statuses.flush("uid-1");
    statuses.setStatus(pod({ phase: "Running" }));
    await statuses.flush("uid-1");
    expect(api.requests).toHaveLength(0);
  });

  it("while the API is unreachable it retries, and sends the latest status once it is back", async () => {
    const { api, client } = fakeApi();
    const clock = new FakeClock();
    const statuses = manager(client, clock);
    statuses.track(pod({ phase: "Pending" }));
    api.down = true;
    statuses.setStatus(pod({ phase: "Running" }));
    await clock.advance(1000);
    statuses.setStatus(pod({ phase: "Succeeded" }));
    api.down = false;
    await clock.advance(10_000);
    await statuses.flush("uid-1");
    expect(api.requests.map((r) => (r.body as { status: Fields }).status)).toEqual([{ phase: "Succeeded" }]);
  });

  it("deletes a finished pod with grace period 0 and the UID precondition after its last status", async () => {
    const { api, client } = fakeApi();
    const statuses = manager(client);
    statuses.track(pod({ phase: "Running" }));
    statuses.setStatus(pod({ phase: "Succeeded" }));
    await statuses.deletePod("uid-1");
    expect(api.requests.map((r) => r.method)).toEqual(["PATCH", "DELETE"]);
    expect(api.requests[1]).toMatchObject({
      path: "/api/v1/namespaces/shop/pods/web",
      body: { gracePeriodSeconds: 0, preconditions: { uid: "uid-1" } },
    });
  });

  it("stops writing a pod the API no longer has under that UID (409 on the precondition)", async () => {
    let calls = 0;
    const statuses = manager({
      requestJson: () => {
        calls++;
        return Promise.reject(new KubeApiError("Precondition failed: UID in precondition", 409, "Conflict"));
      },
    });
    statuses.setStatus(pod({ phase: "Running" }));
    await statuses.flush("uid-1");
    statuses.setStatus(pod({ phase: "Succeeded" }));
    await statuses.flush("uid-1");
    expect(calls).toBe(1);
  });

  describe("conditions: the node writes its own, merged by type (kubelet mergePodStatus + PatchPodStatus)", () => {
    const condition = (type: string, status: string) => ({ type, status });

    it("a condition another writer set (SidecarSetUpgradable) is neither sent nor dropped, though the node's own status never had it", async () => {
      const { api, client } = fakeApi();
      const statuses = manager(client);
      statuses.track(pod({ phase: "Pending" }));
      statuses.setStatus(runningWith(condition("Ready", "True")));
      await statuses.flush("uid-1");
      // The controller's write, seen by the node's watch; the node's status never includes it.
      const upgradable = condition("SidecarSetUpgradable", "True");
      api.stored.conditions = [...(api.stored.conditions as Fields[]), upgradable];
      statuses.reconcile(apiPod("10", api.stored.conditions as { type: string; status: string }[]));
      statuses.setStatus(runningWith(condition("Ready", "False")));
      await statuses.flush("uid-1");
      expect(api.requests.map((r) => (r.body as { status: Fields }).status)).toEqual([
        { phase: "Running", conditions: [condition("Ready", "True")] },
        { conditions: [condition("Ready", "False")] },
      ]);
      expect(api.stored.conditions).toEqual([upgradable, condition("Ready", "False")]);
    });

    it("a condition of its own the node no longer reports is deleted by type; only changed ones are sent", async () => {
      const { api, client } = fakeApi();
      const statuses = manager(client);
      const restarting = condition("AllContainersRestarting", "True");
      statuses.track(pod({ phase: "Pending" }));
      statuses.setStatus(runningWith(condition("Ready", "False"), restarting));
      await statuses.flush("uid-1");
      statuses.setStatus(runningWith(condition("Ready", "False")));
      await statuses.flush("uid-1");
      expect((api.requests[1]?.body as { status: Fields }).status).toEqual({
        conditions: [{ type: "AllContainersRestarting", $patch: "delete" }],
      });
      expect(api.stored.conditions).toEqual([condition("Ready", "False")]);
    });

    it("an event older than the copy it has (its resourceVersion below the last write's) is neither adopted nor written back", async () => {
      const { api, client } = fakeApi();
      const statuses = manager(client);
      statuses.track(pod({ phase: "Pending" }));
      statuses.setStatus(runningWith(condition("Ready", "True")));
      await statuses.flush("uid-1");
      // Our write answered resourceVersion 1; a late event from before it still shows Ready False.
      statuses.reconcile(apiPod("0", [condition("Ready", "False")]));
      await statuses.flush("uid-1");
      expect(api.requests).toHaveLength(1);
      statuses.setStatus(
        pod({ phase: "Succeeded", conditions: [condition("Ready", "True")] } as Pod["status"]),
      );
      await statuses.flush("uid-1");
      expect((api.requests[1]?.body as { status: Fields }).status).toEqual({ phase: "Succeeded" });
    });
  });

  describe("reconcile: the API's copy differs from what the node reported (kubelet needsReconcile)", () => {
    const ready = (status: string) => ({ type: "Ready", status });

    it("Ready set to False by the node lifecycle controller (MarkPodsNotReady) is written back", async () => {
      const { api, client } = fakeApi();
      const statuses = manager(client);
      statuses.track(pod({ phase: "Pending" }));
      statuses.setStatus(runningWith(ready("True")));
      await statuses.flush("uid-1");
      statuses.reconcile(apiPod("99", [ready("False")]));
      await statuses.flush("uid-1");
      expect(api.requests.map((r) => (r.body as { status: Fields }).status)).toEqual([
        { phase: "Running", conditions: [ready("True")] },
        { conditions: [ready("True")] },
      ]);
    });

    it("the watch event of one of its own earlier writes is not a change by someone else", async () => {
      const { api, client } = fakeApi();
      const statuses = manager(client);
      statuses.track(pod({ phase: "Pending" }));
      statuses.setStatus(runningWith(ready("False")));
      await statuses.flush("uid-1");
      statuses.setStatus(runningWith(ready("True")));
      await statuses.flush("uid-1");
      statuses.reconcile(apiPod("1", [ready("False")]));
      await statuses.flush("uid-1");
      expect(api.requests).toHaveLength(2);
    });

    it("conditions only the API has (DisruptionTarget) do not count", async () => {
      const { api, client } = fakeApi();
      const statuses = manager(client);
      statuses.track(pod({ phase: "Pending" }));
      statuses.setStatus(runningWith(ready("True")));
      await statuses.flush("uid-1");
      statuses.reconcile(apiPod("99", [ready("True"), { type: "DisruptionTarget", status: "True" }]));
      await statuses.flush("uid-1");
      expect(api.requests).toHaveLength(1);
    });

    it("a change that comes while a write is under way is looked at once the write is done", async () => {
      const { api, client } = fakeApi();
      const statuses = manager(client);
      statuses.track(pod({ phase: "Pending" }));
      statuses.setStatus(runningWith(ready("True")));
      statuses.reconcile(apiPod("99", [ready("False")]));
      await statuses.flush("uid-1");
      expect(api.requests).toHaveLength(2);
      expect(api.stored.conditions).toEqual([ready("True")]);
    });
  });
});
