import { getEventListeners } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import { StateError } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { StateStore } from "./state-store.js";
import {
  isRunFinished,
  readEvents,
  readPod,
  readPodStatusHistory,
  readPods,
  resolveRun,
  waitForChange,
} from "./state-reader.js";

const pod = (name: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { containers: [{ name: "app" }] },
});

function fixture(): { root: string; store: StateStore } {
  const root = mkdtempSync(join(tmpdir(), "podvisor-reader-"));
  const store = new StateStore(root, { id: "run-1", pid: 1, argv: [], startedAt: "2026-01-01T00:00:00Z" });
  return { root, store };
}

describe("reading the state directory the StateStore writes", () => {
  it("the latest run is the one `latest` points to; its pods come sorted by name", async () => {
    const { root, store } = fixture();
    store.recordPod(pod("web"));
    store.recordPod(pod("batch"));
    await store.settled();
    const run = resolveRun(root);
    expect(run.id).toBe("run-1");
    expect(readPods(run).map((p) => p.metadata.name)).toEqual(["batch", "web"]);
    expect(readPod(run, "web")?.metadata.name).toBe("web");
    expect(readPod(run, "nope")).toBeUndefined();
    expect(isRunFinished(run)).toBe(false);
    await store.close(0, "2026-01-01T00:01:00Z");
    expect(isRunFinished(run)).toBe(true);
  });

  it("events come back in order; a half-written last line is skipped", async () => {
    const { root, store } = fixture();
    store.recordEvent({
      type: "Normal",
      reason: "Started",
      message: "Started container app",
      involvedObject: { kind: "Pod", namespace: "default", name: "web" },
      timeMs: 1,
      source: "kubelet",
    });
    await store.close(0, "2026-01-01T00:01:00Z");
    const run = resolveRun(root);
    writeFileSync(join(run.dir, "events.jsonl"), '{"type":"Nor', { flag: "a" });
    expect(readEvents(run).map((e) => e.reason)).toEqual(["Started"]);
  });

  it("a state directory without runs is a StateError that says how to make one", () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-reader-"));
    expect(() => resolveRun(root)).toThrow(StateError);
    expect(() => resolveRun(root)).toThrow(/no runs in the state directory .*podvisor run -f FILE/);
  });

  it("an unknown --run is a StateError naming it", () => {
    const { root } = fixture();
    expect(() => resolveRun(root, "run-9")).toThrow(/run "run-9" not found/);
  });

  it("a pod file that is not JSON, or not a Pod, is reported as corruption with its path", () => {
    const { root } = fixture();
    const run = resolveRun(root);
    writeFileSync(join(run.dir, "pods", "default_bad.json"), "{not json");
    expect(() => readPods(run)).toThrow(/corrupt: .*default_bad\.json is not valid JSON/);
    writeFileSync(join(run.dir, "pods", "default_bad.json"), '{"kind":"Service"}');
    expect(() => readPods(run)).toThrow(/default_bad\.json is not a Pod object/);
  });

  it("a write in progress (*.tmp) is not read", async () => {
    const { root, store } = fixture();
    store.recordPod(pod("web"));
    await store.settled();
    const run = resolveRun(root);
    writeFileSync(join(run.dir, "pods", "default_web.json.tmp"), "{half");
    expect(readPods(run)).toHaveLength(1);
  });

  it("waiting for a change leaves no listener on the caller's signal (a long follow waits thousands of times)", async () => {
    const { root } = fixture();
    const clock = new FakeClock();
    const follow = new AbortController();
    for (let i = 0; i < 3; i++) {
      const waited = waitForChange(join(root, "no-such-dir"), clock, 1000, follow.signal);
      await clock.advance(1000);
      await waited;
    }
    expect(getEventListeners(follow.signal, "abort")).toHaveLength(0);
  });
});

describe("the pod status history (pod-status.jsonl)", () => {
  it("gets a line, at the clock's time, for each status change the run records, and none for a repeat", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-reader-"));
    const clock = new FakeClock();
    const store = new StateStore(root, { id: "run-h", pid: 1, argv: [], startedAt: "" }, { clock });
    const withPhase = (phase: "Pending" | "Running"): Pod => ({ ...pod("web"), status: { phase } });
    store.recordPod(withPhase("Pending"));
    await clock.advance(1500);
    store.recordPod(withPhase("Running"));
    store.recordPod(withPhase("Running"));
    await store.close(0, "");
    const lines = readPodStatusHistory(resolveRun(root));
    expect(lines.map((l) => [l.name, l.phase, l.timeMs - Date.UTC(2026, 0, 1)])).toEqual([
      ["web", "Pending", 0],
      ["web", "Running", 1500],
    ]);
  });

  it("is empty for a run recorded before the history existed", () => {
    const { root } = fixture();
    expect(readPodStatusHistory(resolveRun(root))).toEqual([]);
  });
});
