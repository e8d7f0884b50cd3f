import { describe, expect, it } from "vitest";
import { defaultFeatureGates, type Fields } from "../api/index.js";
import { silentLogger } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { FakeRuntime } from "../runtime/index.js";
import { KubeApiError, Reflector } from "../kube/index.js";
import { FakeListWatcher } from "../kube/testing/fake-list-watcher.js";
import { NodeAgent } from "./node-agent.js";
import { ServiceAccountTokens } from "./service-account-tokens.js";
import { PodStatusManager, type KubeRequester } from "./pod-status-manager.js";

interface Request {
  method: string;
  path: string;
  body: unknown;
}

function podObject(
  extra: {
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    volumes?: unknown[];
    waitFor?: string;
  } = {},
): Fields {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      namespace: "shop",
      uid: "uid-1",
      ...(extra.waitFor !== undefined ? { annotations: { "podvisor.dev/wait-for": extra.waitFor } } : {}),
      ...(extra.deletionTimestamp
        ? {
            deletionTimestamp: extra.deletionTimestamp,
            deletionGracePeriodSeconds: extra.deletionGracePeriodSeconds,
          }
        : {}),
    },
    spec: {
      nodeName: "edge-1",
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      initContainers: [{ name: "proxy", image: "envoy", restartPolicy: "Always" }],
      containers: [{ name: "app", image: "shop" }],
      ...(extra.volumes ? { volumes: extra.volumes } : {}),
    },
    status: { phase: "Pending" },
  };
}

async function startAgent(objects: Record<string, () => Fields> = {}) {
  const clock = new FakeClock();
  const runtime = new FakeRuntime(clock);
  const requests: Request[] = [];
  const events: string[] = [];
  const client: KubeRequester = {
    requestJson: (method, path, body) => {
      requests.push({ method, path, body });
      const object = objects[path];
      if (method === "GET" && object) return Promise.resolve().then(object);
      return Promise.resolve({ status: (body as { status?: Fields } | undefined)?.status ?? {} });
    },
  };
  const controller = new AbortController();
  const listWatcher = new FakeListWatcher();
  const pods = new Reflector({ name: "pods", listWatcher, clock, random: () => 0.5, logger: silentLogger });
  const agent = new NodeAgent({
    client,
    tokens: new ServiceAccountTokens({ client, clock, random: () => 0.5, logger: silentLogger }),
    pods,
    runtime,
    statuses: new PodStatusManager({ client, clock, logger: silentLogger, signal: controller.signal }),
    clock,
    random: () => 0.5,
    logger: silentLogger,
    nodeName: "edge-1",
    hostIP: "127.0.0.1",
    featureGates: defaultFeatureGates,
    onEvent: (event) => events.push(`${event.type} ${event.reason}`),
    onLog: () => {},
    onPodStatus: () => {},
    syncFrequencyMs: 60_000,
    signal: controller.signal,
  });
  const watching = pods.run(controller.signal);
  await listWatcher.calls(2);
  const stop = async () => {
    controller.abort();
    await watching;
  };
  return { clock, runtime, requests, events, listWatcher, agent, stop };
}

const lastPhase = (requests: Request[]) =>
  requests
    .filter((r) => r.method === "PATCH")
    .map((r) => (r.body as { status: { phase?: string } }).status.phase)
    .filter(Boolean)
    .at(-1);

describe("NodeAgent (the kubelet's pod loop over the API)", () => {
  it("runs a pod bound here: the sidecar, then the app; the status reaches the API as Running", async () => {
    const { clock, runtime, requests, listWatcher, stop } = await startAgent();
    listWatcher.upsert("shop/web", podObject());
    await clock.advance(100);
    expect(runtime.running).toEqual(["proxy", "app"]);
    expect(lastPhase(requests)).toBe("Running");
    expect(
      requests.every(
        (r) => r.method !== "PATCH" || (r.body as { metadata: { uid: string } }).metadata.uid === "uid-1",
      ),
    ).toBe(true);
    await stop();
  });

  it("a deletionTimestamp runs the ordered termination, then deletes the pod with grace 0 and the UID precondition", async () => {
    const { clock, runtime, requests, listWatcher, stop } = await startAgent();
    listWatcher.upsert("shop/web", podObject());
    await clock.advance(100);
    listWatcher.upsert(
      "shop/web",
      podObject({ deletionTimestamp: "2026-01-01T00:00:30Z", deletionGracePeriodSeconds: 30 }),
    );
    await clock.advance(1000);
    const stops = runtime.calls
      .filter((c) => c.op === "stopContainer")
      .map((c) => (c as { container: string }).container);
    expect(stops).toEqual(["app", "proxy"]);
    const deletes = requests.filter((r) => r.method === "DELETE");
    expect(deletes).toEqual([
      {
        method: "DELETE",
        path: "/api/v1/namespaces/shop/pods/web",
        body: {
          kind: "DeleteOptions",
          apiVersion: "v1",
          gracePeriodSeconds: 0,
          preconditions: { uid: "uid-1" },
        },
      },
    ]);
    await stop();
  });

  it("rejects a pod it cannot run faithfully the kubelet way: Failed, reason, message, a Warning event", async () => {
    const { clock, runtime, requests, events, listWatcher, stop } = await startAgent();
    listWatcher.upsert(
      "shop/web",
      podObject({ volumes: [{ name: "data", nfs: { server: "nas", path: "/x" } }] }),
    );
    await clock.advance(100);
    expect(runtime.running).toEqual([]);
    const patch = requests.find((r) => r.method === "PATCH")?.body as { status: Fields };
    expect(patch.status).toMatchObject({ phase: "Failed", reason: "UnsupportedPodSpec" });
    expect(patch.status.message).toMatch(
      /^Pod was rejected: podvisor cannot run this pod faithfully: spec\.volumes\[0\]\.nfs/,
    );
    expect(events).toEqual(["Warning UnsupportedPodSpec"]);
    await stop();
  });

  it("rejects a pod whose podvisor.dev/wait-for annotation names a cycle, the same way (docs/ordering.md)", async () => {
    const { clock, runtime, requests, events, listWatcher, stop } = await startAgent();
    listWatcher.upsert("shop/web", podObject({ waitFor: "app: proxy=ready; proxy: app=started" }));
    await clock.advance(100);
    expect(runtime.running).toEqual([]);
    const patch = requests.find((r) => r.method === "PATCH")?.body as { status: Fields };
    expect(patch.status).toMatchObject({ phase: "Failed", reason: "UnsupportedPodSpec" });
    expect(patch.status.message).toContain(
      "metadata.annotations[podvisor.dev/wait-for]: Invalid value: cycle: app → proxy → app",
    );
    expect(events).toEqual(["Warning UnsupportedPodSpec"]);
    await stop();
  });

  it("honours a valid podvisor.dev/wait-for: a sidecar that waits for the app starts after it", async () => {
    const { clock, runtime, listWatcher, stop } = await startAgent();
    listWatcher.upsert("shop/web", podObject({ waitFor: "proxy: app=started" }));
    await clock.advance(100);
    const starts = runtime.calls
      .filter((c) => c.op === "startContainer")
      .map((c) => (c as { container: string }).container);
    expect(starts).toEqual(["app", "proxy"]);
    await stop();
  });

  it("a pod that vanished while the watch was down is stopped after the relist", async () => {
    const { clock, runtime, listWatcher, stop } = await startAgent();
    listWatcher.upsert("shop/web", podObject());
    await clock.advance(100);
    listWatcher.removeSilently("shop/web");
    listWatcher.sendError(410, "Expired");
    await clock.advance(5000);
    expect(runtime.running).toEqual([]);
    await stop();
  });

  it("A16: a MODIFIED pod with a new image for the app restarts the app only; a status-only change restarts nothing", async () => {
    const { clock, runtime, events, listWatcher, stop } = await startAgent();
    listWatcher.upsert("shop/web", podObject());
    await clock.advance(100);
    listWatcher.upsert("shop/web", { ...podObject(), status: { phase: "Running" } });
    await clock.advance(100);
    expect(runtime.calls.filter((c) => c.op === "stopContainer")).toEqual([]);
    const updated = podObject();
    (updated.spec as { containers: { image: string }[] }).containers[0]!.image = "shop:2";
    listWatcher.upsert("shop/web", updated);
    await clock.advance(100);
    const stops = runtime.calls
      .filter((c) => c.op === "stopContainer")
      .map((c) => (c as { container: string }).container);
    expect(stops).toEqual(["app"]);
    expect(runtime.running).toEqual(["proxy", "app"]);
    expect(events.filter((e) => e.endsWith("Killing"))).toEqual(["Normal Killing"]);
    await stop();
  });

  it("a changed ConfigMap reaches the running pod's configMap volume at the next pod sync (syncFrequency)", async () => {
    let value = "v1";
    const { clock, runtime, listWatcher, stop } = await startAgent({
      "/api/v1/namespaces/shop/configmaps/settings": () => ({
        kind: "ConfigMap",
        metadata: { name: "settings", namespace: "shop" },
        data: { "app.conf": value },
      }),
    });
    listWatcher.upsert(
      "shop/web",
      podObject({ volumes: [{ name: "conf", configMap: { name: "settings" } }] }),
    );
    await clock.advance(100);
    expect(runtime.running).toEqual(["proxy", "app"]);
    value = "v2";
    await clock.advance(60_000);
    const updates = runtime.calls.filter((c) => c.op === "updateSandboxVolumes");
    const written = updates.at(-1) as {
      volumes: { name: string; files: { path: string; data: Uint8Array }[] }[];
    };
    expect(written.volumes.map((v) => v.name)).toEqual(["conf"]);
    expect(Buffer.from(written.volumes[0]!.files[0]!.data).toString()).toBe("v2");
    await stop();
  });

  it("a ConfigMap read the API server does not answer (request timeout) is retried with back-off; the pod starts once it answers", async () => {
    let failures = 2;
    const { clock, runtime, listWatcher, stop } = await startAgent({
      "/api/v1/namespaces/shop/configmaps/settings": () => {
        if (failures-- > 0)
          throw new KubeApiError("GET …: the API server did not answer within 30 s", 0, "Timeout");
        return { kind: "ConfigMap", metadata: { name: "settings", namespace: "shop" }, data: {} };
      },
    });
    listWatcher.upsert(
      "shop/web",
      podObject({ volumes: [{ name: "conf", configMap: { name: "settings" } }] }),
    );
    await clock.advance(100);
    expect(runtime.running).toEqual([]);
    // The reflector's back-off with jitter 0.5: 1.2 s, then 2.4 s.
    await clock.advance(1_200);
    expect(runtime.running).toEqual([]);
    await clock.advance(2_400);
    expect(runtime.running).toEqual(["proxy", "app"]);
    await stop();
  });
});
