import { describe, expect, it } from "vitest";
import type { PreparedEngineContainer } from "./prepared-engine-container.js";
import { PreparedContainers } from "./prepared-containers.js";

/** A stand-in for a prepared engine container that records its removal. */
function fakePrepared(id: string, removed: string[]): PreparedEngineContainer {
  return {
    id,
    discard: () => {
      removed.push(id);
      return Promise.resolve();
    },
  } as unknown as PreparedEngineContainer;
}

describe("one pod's prepared containers", () => {
  it("the turn takes what was prepared; the name is closed after it (no preparation after a start)", async () => {
    const prepared = new PreparedContainers();
    const removed: string[] = [];
    await prepared.prepare("app", () => Promise.resolve(fakePrepared("c1", removed)));
    expect((await prepared.take("app"))?.id).toBe("c1");
    let isMadeAgain = false;
    await prepared.prepare("app", () => {
      isMadeAgain = true;
      return Promise.resolve(fakePrepared("c2", removed));
    });
    expect(isMadeAgain).toBe(false);
    expect(await prepared.take("app")).toBeUndefined();
  });

  it("a turn that comes while its container is being prepared waits for it", async () => {
    const prepared = new PreparedContainers();
    let finish!: (c: PreparedEngineContainer) => void;
    const making = prepared.prepare("app", () => new Promise((resolve) => (finish = resolve)));
    const taken = prepared.take("app");
    finish(fakePrepared("c1", []));
    await making;
    expect((await taken)?.id).toBe("c1");
  });

  it("a failed preparation leaves nothing and is not thrown; a name is prepared once", async () => {
    const prepared = new PreparedContainers();
    await expect(
      prepared.prepare("app", () => Promise.reject(new Error("refused"))),
    ).resolves.toBeUndefined();
    expect(await prepared.take("app")).toBeUndefined();
    const removed: string[] = [];
    await prepared.prepare("b", () => Promise.resolve(fakePrepared("b1", removed)));
    await prepared.prepare("b", () => Promise.resolve(fakePrepared("b2", removed)));
    expect((await prepared.take("b"))?.id).toBe("b1");
  });

  it("when the pod goes, every container not taken is removed, one still being made too, and nothing is prepared after", async () => {
    const prepared = new PreparedContainers();
    const removed: string[] = [];
    await prepared.prepare("a", () => Promise.resolve(fakePrepared("a1", removed)));
    await prepared.prepare("b", () => Promise.resolve(fakePrepared("b1", removed)));
    let finish!: (c: PreparedEngineContainer) => void;
    const making = prepared.prepare("c", () => new Promise((resolve) => (finish = resolve)));
    await prepared.take("a");
    const discarding = prepared.discardAll();
    finish(fakePrepared("c1", removed));
    await Promise.all([making, discarding]);
    expect(removed.sort()).toEqual(["b1", "c1"]);
    await prepared.prepare("d", () => Promise.resolve(fakePrepared("d1", removed)));
    expect(await prepared.take("d")).toBeUndefined();
  });
});
