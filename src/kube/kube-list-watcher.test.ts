import { afterEach, describe, expect, it } from "vitest";
import { loopbackKubeClient } from "./testing/loopback-kube-client.js";
import { KubeApiError, isExpired } from "./kube-api-error.js";
import { kubeListWatcher } from "./kube-list-watcher.js";
import type { WatchEvent } from "./list-watcher.js";
import { startFakeApiServer, type FakeApiServer } from "./testing/fake-api-server.js";

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the HTTP list/watch adapter", () => {
  it("lists with the resourceVersion asked for, filling in each item's kind, and watches with client-go's query", async () => {
    server = await startFakeApiServer({
      items: [{ metadata: { name: "a", resourceVersion: "5" } }],
      resourceVersion: "9",
    });
    const lw = kubeListWatcher(await loopbackKubeClient(server.url), "/api/v1/namespaces", {
      fieldSelector: "metadata.name=a",
    });
    const list = await lw.list("0", new AbortController().signal);
    expect(list).toEqual({
      items: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "a", resourceVersion: "5" } }],
      resourceVersion: "9",
    });
    const events: WatchEvent[] = [];
    const watching = lw.watch(
      { resourceVersion: "9", timeoutSeconds: 300, allowWatchBookmarks: true },
      (e) => events.push(e),
      new AbortController().signal,
    );
    await server.waitForWatch();
    server.push({ type: "ADDED", object: { metadata: { name: "b", resourceVersion: "10" } } });
    server.push({ type: "BOOKMARK", object: { metadata: { resourceVersion: "11" } } });
    server.endWatches();
    await watching;
    expect(events.map((e) => e.type)).toEqual(["ADDED", "BOOKMARK"]);
    expect(server.requests).toEqual([
      "/api/v1/namespaces?resourceVersion=0&fieldSelector=metadata.name%3Da",
      "/api/v1/namespaces?watch=1&resourceVersion=9&timeoutSeconds=300&allowWatchBookmarks=true&fieldSelector=metadata.name%3Da",
    ]);
  });

  it("a handler that throws (a watch ERROR 410 turned into an error) ends the watch with that error", async () => {
    server = await startFakeApiServer({ items: [], resourceVersion: "1" });
    const lw = kubeListWatcher(await loopbackKubeClient(server.url), "/api/v1/namespaces");
    const watching = lw.watch(
      { resourceVersion: "1", timeoutSeconds: 300, allowWatchBookmarks: true },
      (e) => {
        if (e.type === "ERROR") throw KubeApiError.fromStatus(e.object, 500, "watch");
      },
      new AbortController().signal,
    );
    await server.waitForWatch();
    server.push({
      type: "ERROR",
      object: { kind: "Status", code: 410, reason: "Expired", message: "too old" },
    });
    const error = await watching.catch((e: unknown) => e);
    expect(isExpired(error)).toBe(true);
  });

  it("a watch whose connection breaks mid-stream rejects with a KubeApiError (status 0) instead of crashing", async () => {
    server = await startFakeApiServer({ items: [], resourceVersion: "1" });
    const lw = kubeListWatcher(await loopbackKubeClient(server.url), "/api/v1/namespaces");
    const watching = lw.watch(
      { resourceVersion: "1", timeoutSeconds: 300, allowWatchBookmarks: true },
      () => {},
      new AbortController().signal,
    );
    await server.waitForWatch();
    server.push({ type: "ADDED", object: { metadata: { name: "a", resourceVersion: "2" } } });
    server.resetWatches();
    const error = await watching.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).statusCode).toBe(0);
  });

  it("an aborted watch resolves quietly", async () => {
    server = await startFakeApiServer({ items: [], resourceVersion: "1" });
    const lw = kubeListWatcher(await loopbackKubeClient(server.url), "/api/v1/namespaces");
    const controller = new AbortController();
    const watching = lw.watch(
      { resourceVersion: "1", timeoutSeconds: 300, allowWatchBookmarks: true },
      () => {},
      controller.signal,
    );
    await server.waitForWatch();
    controller.abort();
    await expect(watching).resolves.toBeUndefined();
  });

  it("an unreachable API server is a KubeApiError with status 0, which the reflector backs off from", async () => {
    server = await startFakeApiServer({ items: [], resourceVersion: "1" });
    const client = await loopbackKubeClient(server.url);
    await server.close();
    server = undefined;
    const error = await kubeListWatcher(client, "/api/v1/nodes")
      .list("0", new AbortController().signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).statusCode).toBe(0);
  });
});
