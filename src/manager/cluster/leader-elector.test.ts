import { describe, expect, it } from "vitest";
import type { Fields } from "../../api/index.js";
import { KubeApiError } from "../../kube/index.js";
import { silentLogger } from "../../shared/index.js";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { LeaderElector } from "./leader-elector.js";

/** One Lease with the API server's optimistic concurrency: a PUT with a stale resourceVersion is a 409. */
class LeaseStore {
  lease: Fields | undefined;
  private version = 1;
  isDown = false;

  requestJson = (method: string, path: string, body?: unknown): Promise<Fields> => {
    if (this.isDown)
      return Promise.reject(new KubeApiError(`${method} ${path}: connection refused`, 0, undefined));
    const object = body as Fields | undefined;
    if (method === "GET") {
      if (!this.lease) return Promise.reject(new KubeApiError("not found", 404, "NotFound"));
      return Promise.resolve(structuredClone(this.lease));
    }
    if (method === "POST") {
      if (this.lease) return Promise.reject(new KubeApiError("already exists", 409, "AlreadyExists"));
      return Promise.resolve(this.store(object!));
    }
    const sent = (object?.metadata as { resourceVersion?: string }).resourceVersion;
    const current = (this.lease?.metadata as { resourceVersion?: string }).resourceVersion;
    if (sent !== current) return Promise.reject(new KubeApiError("conflict", 409, "Conflict"));
    return Promise.resolve(this.store(object!));
  };

  holder(): string | undefined {
    return (this.lease?.spec as { holderIdentity?: string } | undefined)?.holderIdentity;
  }

  private store(object: Fields): Fields {
    this.lease = {
      ...object,
      metadata: { ...(object.metadata as Fields), resourceVersion: String(++this.version) },
    };
    return structuredClone(this.lease);
  }
}

function elector(store: LeaseStore, clock: FakeClock, identity: string): LeaderElector {
  return new LeaderElector({
    client: store,
    clock,
    random: () => 0,
    logger: silentLogger,
    namespace: "podvisor-system",
    name: "podvisor-controller",
    identity,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
  });
}

describe("LeaderElector (client-go leaderelection)", () => {
  it("of two candidates only one leads; the other takes over once the leader stops renewing and the lease expires", async () => {
    const store = new LeaseStore();
    const clock = new FakeClock();
    const stopA = new AbortController();
    const stopB = new AbortController();
    const leading: string[] = [];
    const a = elector(store, clock, "a");
    const b = elector(store, clock, "b");
    const runA = a.run(stopA.signal, () => leading.push("a"));
    await clock.advance(0);
    const runB = b.run(stopB.signal, () => leading.push("b"));
    await clock.advance(30_000);
    expect(leading).toEqual(["a"]);
    expect(b.isLeader()).toBe(false);

    // a's process dies without releasing: its renewals stop, the record stops changing.
    store.isDown = true;
    await clock.advance(10_000);
    expect(await runA).toBe("lost");
    store.isDown = false;
    expect(leading).toEqual(["a"]);
    await clock.advance(7_000);
    expect(leading).toEqual(["a", "b"]);
    expect(store.holder()).toBe("b");
    expect((store.lease?.spec as { leaseTransitions: number }).leaseTransitions).toBe(1);
    stopB.abort();
    expect(await runB).toBe("stopped");
  });

  it("a leader that cannot renew within the renew deadline stops leading: its work is aborted", async () => {
    const store = new LeaseStore();
    const clock = new FakeClock();
    let work: AbortSignal | undefined;
    const run = elector(store, clock, "a").run(new AbortController().signal, (signal) => (work = signal));
    await clock.advance(0);
    expect(work?.aborted).toBe(false);
    store.isDown = true;
    await clock.advance(9_000);
    expect(work?.aborted).toBe(false);
    await clock.advance(2_000);
    expect(await run).toBe("lost");
    expect(work?.aborted).toBe(true);
  });

  it("a leader stopping releases the lease, so a successor takes it without waiting it out", async () => {
    const store = new LeaseStore();
    const clock = new FakeClock();
    const stopA = new AbortController();
    const leading: string[] = [];
    const runA = elector(store, clock, "a").run(stopA.signal, () => leading.push("a"));
    await clock.advance(0);
    const runB = elector(store, clock, "b").run(new AbortController().signal, () => leading.push("b"));
    await clock.advance(4_000);
    stopA.abort();
    expect(await runA).toBe("stopped");
    expect(store.holder()).toBe("");
    await clock.advance(2_000);
    expect(leading).toEqual(["a", "b"]);
    void runB;
  });
});
