import { describe, expect, it } from "vitest";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { silentLogger } from "../shared/index.js";
import { Backoff, reflectorBackoff } from "./backoff.js";
import { Reflector, type CacheChange } from "./reflector.js";
import { FakeListWatcher } from "./testing/fake-list-watcher.js";

function start(options: { resyncPeriodMs?: number; seed?: string[] } = {}) {
  const clock = new FakeClock();
  const server = new FakeListWatcher();
  for (const name of options.seed ?? []) server.upsert(name);
  const reflector = new Reflector({
    name: "things",
    listWatcher: server,
    clock,
    random: () => 0.5,
    logger: silentLogger,
    ...(options.resyncPeriodMs ? { resyncPeriodMs: options.resyncPeriodMs } : {}),
  });
  const controller = new AbortController();
  const done = reflector.run(controller.signal);
  const stop = async () => {
    controller.abort();
    await done;
  };
  return { clock, server, reflector, stop };
}

const names = (r: Reflector) =>
  r
    .list()
    .map((o) => (o.metadata as { name: string }).name)
    .sort();

describe("Reflector (client-go tools/cache/reflector.go)", () => {
  it("lists from resourceVersion 0 first, then watches from the list's resourceVersion with bookmarks and a 5–10 minute timeout", async () => {
    const { server, reflector, stop } = start({ seed: ["a"] });
    expect(reflector.hasSynced()).toBe(false);
    await server.calls(2);
    expect(server.listCalls).toEqual(["0"]);
    expect(server.watchCalls[0]).toEqual({
      resourceVersion: "101",
      timeoutSeconds: 450,
      allowWatchBookmarks: true,
    });
    expect(reflector.hasSynced()).toBe(true);
    expect(names(reflector)).toEqual(["a"]);
    await stop();
  });

  it("applies watch events to the cache and tells the listeners", async () => {
    const { server, reflector, stop } = start();
    const changes: CacheChange["type"][] = [];
    reflector.subscribe((c) => changes.push(c.type));
    await server.calls(2);
    server.upsert("a");
    server.upsert("b");
    server.upsert("a", { spec: { x: 1 } });
    server.remove("b");
    expect(names(reflector)).toEqual(["a"]);
    expect(reflector.get("a")?.spec).toEqual({ x: 1 });
    expect(changes).toEqual(["replaced", "added", "added", "updated", "deleted"]);
    await stop();
  });

  it("reopens a watch the server closed from the last resourceVersion seen (bookmarks count), without relisting", async () => {
    const { server, reflector, stop } = start();
    await server.calls(2);
    server.upsert("a");
    server.bookmark();
    server.closeWatch();
    await server.calls(3);
    expect(server.listCalls).toEqual(["0"]);
    expect(server.watchCalls[1]?.resourceVersion).toBe("102");
    expect(reflector.resourceVersion).toBe("102");
    await stop();
  });

  it("a watch ERROR 410 Expired ends the cycle; after the back-off it relists from the last resourceVersion and drops what was deleted meanwhile", async () => {
    const { clock, server, reflector, stop } = start({ seed: ["a", "b"] });
    await server.calls(2);
    server.removeSilently("b");
    server.sendError(410, "Expired");
    await clock.advance(0);
    expect(server.listCalls).toEqual(["0"]);
    await clock.advance(1200); // 800 ms × (1 + 0.5 jitter)
    await server.calls(4);
    expect(server.listCalls).toEqual(["0", "102"]);
    expect(names(reflector)).toEqual(["a"]);
    await stop();
  });

  it('a relist answered 410 retries at once with resourceVersion "" (a quorum read)', async () => {
    const { clock, server, reflector, stop } = start({ seed: ["a"] });
    await server.calls(2);
    server.compactedBelow = 1000;
    server.closeWatch(); // no event within a second: a "very short watch", so a relist follows
    await clock.advance(1200);
    await server.calls(4);
    expect(server.listCalls).toEqual(["0", "101", ""]);
    expect(reflector.hasSynced()).toBe(true);
    await stop();
  });

  it("resync hands every cached object to the listeners again without asking the server", async () => {
    const { clock, server, reflector, stop } = start({ resyncPeriodMs: 30_000, seed: ["a", "b"] });
    await server.calls(2);
    const synced: string[] = [];
    reflector.subscribe((c) => c.type === "sync" && synced.push(c.key));
    await clock.advance(30_000);
    expect(synced.sort()).toEqual(["a", "b"]);
    expect(server.listCalls).toHaveLength(1);
    await stop();
  });

  it("stops listing and watching when aborted", async () => {
    const { server, stop } = start();
    await server.calls(2);
    await stop();
    expect(server.watchCalls).toHaveLength(1);
  });
});

describe("reflector back-off", () => {
  it("doubles from 800 ms to at most 30 s, stretched by the jitter, and starts over after 2 quiet minutes", () => {
    const backoff = new Backoff(reflectorBackoff, () => 0);
    const delays = [0, 1, 2, 3, 4, 5, 6].map((i) => backoff.delayMs(i * 1000));
    expect(delays).toEqual([800, 1600, 3200, 6400, 12800, 25600, 30000]);
    expect(backoff.delayMs(6000 + 120_000)).toBe(800);
    expect(new Backoff(reflectorBackoff, () => 0.999).delayMs(0)).toBe(1599);
  });
});
