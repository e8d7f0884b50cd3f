import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { StateStore } from "./state-store.js";

const meta = (id: string) => ({ id, pid: 1, argv: [], startedAt: "2026-01-01T00:00:00Z" });
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("StateStore: who may read a run", () => {
  it("creates the state root, runs/ and the run directory private to the user (0700), as XDG asks of state homes", async () => {
    const root = join(mkdtempSync(join(tmpdir(), "podvisor-store-")), "state", "podvisor");
    const store = new StateStore(root, meta("r1"));
    await store.close(0, "");
    expect(modeOf(root)).toBe(0o700);
    expect(modeOf(join(root, "runs"))).toBe(0o700);
    expect(modeOf(store.runDir)).toBe(0o700);
  });

  it("keeps runs private even in a root that others may read (--state-dir /tmp/x made by hand)", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-store-"));
    chmodSync(root, 0o755);
    mkdirSync(join(root, "runs"), { mode: 0o755 });
    chmodSync(join(root, "runs"), 0o755);
    const store = new StateStore(root, meta("r2"));
    await store.close(0, "");
    expect(modeOf(root)).toBe(0o755);
    expect(modeOf(store.runDir)).toBe(0o700);
  });

  it("registers the run as live beside runs/ (0700) until its end is recorded, so a run starting reads only those", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-store-"));
    const store = new StateStore(root, meta("r3"));
    expect(readdirSync(join(root, "live-runs"))).toEqual(["r3"]);
    expect(modeOf(join(root, "live-runs"))).toBe(0o700);
    expect(readdirSync(join(root, "runs"))).toEqual(["r3"]);
    await store.close(0, "2026-01-01T00:00:01Z");
    expect(JSON.parse(readFileSync(join(store.runDir, "run.json"), "utf8")).finishedAt).toBe(
      "2026-01-01T00:00:01Z",
    );
    expect(readdirSync(join(root, "live-runs"))).toEqual([]);
  });

  it("points `latest` at the newest run, replacing the old link atomically", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-store-"));
    await new StateStore(root, meta("first")).close(0, "");
    await new StateStore(root, meta("second")).close(0, "");
    expect(readlinkSync(join(root, "latest"))).toBe(join("runs", "second"));
  });
});

describe("StateStore: container logs", () => {
  it("stores a line that is not valid UTF-8 as the bytes the container wrote, not U+FFFD", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-store-"));
    const store = new StateStore(root, meta("bytes"));
    const pod = { metadata: { name: "web", namespace: "default" } } as Pod;
    store.recordLog(pod, "app", 0, {
      stream: "stdout",
      timeMs: Date.UTC(2026, 0, 1),
      text: "a\ufffdb",
      raw: Buffer.from([0x61, 0xff, 0x62]),
      partial: false,
    });
    await store.close(0, "");
    const file = readFileSync(join(store.runDir, "logs", "default_web", "app", "0.log"));
    expect(file).toEqual(
      Buffer.concat([
        Buffer.from("2026-01-01T00:00:00.000Z stdout F a"),
        Buffer.from([0xff]),
        Buffer.from("b\n"),
      ]),
    );
  });
});

const line = (text: string) => ({
  stream: "stdout" as const,
  timeMs: Date.UTC(2026, 0, 1),
  text,
  partial: false,
});

describe("StateStore: what is kept", () => {
  it("keeps the current and the previous instance's logs only, as the kubelet's container GC does", async () => {
    const store = new StateStore(mkdtempSync(join(tmpdir(), "podvisor-store-")), meta("prune"));
    const pod = { metadata: { name: "crashy", namespace: "default" } } as Pod;
    for (let restart = 0; restart < 5; restart++)
      store.recordLog(pod, "app", restart, line(`try ${restart}`));
    await store.close(1, "");
    const dir = join(store.runDir, "logs", "default_crashy", "app");
    expect(readdirSync(dir).sort()).toEqual(["3.log", "4.log"]);
    expect(readFileSync(join(dir, "3.log"), "utf8")).toContain("try 3");
  });

  it("coalesces status writes: a burst of changes is one write now and one with the latest value later", async () => {
    const clock = new FakeClock();
    const store = new StateStore(mkdtempSync(join(tmpdir(), "podvisor-store-")), meta("burst"), { clock });
    const path = join(store.runDir, "pods", "default_big.json");
    const podAt = (n: number) =>
      ({ kind: "Pod", metadata: { name: "big", namespace: "default", generation: n } }) as Pod;
    store.recordPod(podAt(0));
    for (let n = 1; n <= 2000; n++) store.recordPod(podAt(n));
    await store.settled();
    expect(JSON.parse(readFileSync(path, "utf8")).metadata.generation).toBe(0);
    await clock.advance(200);
    await store.settled();
    expect(JSON.parse(readFileSync(path, "utf8")).metadata.generation).toBe(2000);
    store.recordPod(podAt(2001));
    await store.close(0, "");
    expect(JSON.parse(readFileSync(path, "utf8")).metadata.generation).toBe(2001);
  });

  it("a write that fails is reported, not thrown: the run goes on", async () => {
    const faults: string[] = [];
    const store = new StateStore(mkdtempSync(join(tmpdir(), "podvisor-store-")), meta("faulty"), {
      onFault: (fault) => faults.push(`${fault.pod?.name}: ${(fault.error as NodeJS.ErrnoException).code}`),
    });
    const pod = { kind: "Pod", metadata: { name: "web", namespace: "missing/ns" } } as Pod;
    expect(() => store.recordPod(pod)).not.toThrow();
    await store.settled();
    expect(faults).toEqual(["web: ENOENT"]);
    await store.close(0, "");
  });
});
