import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import type { ContainerTransition, PodStatusTransition } from "../store/index.js";
import { buildTimeline } from "./build-timeline.js";

const t0 = Date.UTC(2026, 0, 1);

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", uid: "u1" },
  spec: {
    initContainers: [
      { name: "setup", image: "i" },
      { name: "proxy", image: "i", restartPolicy: "Always" },
    ],
    containers: [{ name: "app", image: "i" }],
  },
  status: { phase: "Running" },
};

const state = (
  name: string,
  kind: ContainerTransition["state"],
  extra: Partial<ContainerTransition> = {},
): ContainerTransition => ({ name, state: kind, ready: false, restartCount: 0, ...extra });

const line = (atS: number, rest: Partial<PodStatusTransition>): PodStatusTransition => ({
  timeMs: t0 + atS * 1000,
  namespace: "default",
  name: "web",
  ...rest,
});

/** setup runs 0–1 s; proxy crashes at 3 s, waits 2 s in CrashLoopBackOff, runs again at 5 s. */
const crashLoop: PodStatusTransition[] = [
  line(0, {
    uid: "u1",
    phase: "Pending",
    conditions: { Initialized: "False", Ready: "False" },
    containers: [
      state("setup", "waiting", { reason: "PodInitializing" }),
      state("proxy", "waiting", { reason: "PodInitializing" }),
      state("app", "waiting", { reason: "PodInitializing" }),
    ],
  }),
  line(0.5, { containers: [state("setup", "running")] }),
  line(1, { containers: [state("setup", "terminated", { reason: "Completed", exitCode: 0 })] }),
  line(1.2, { containers: [state("proxy", "running", { started: true })] }),
  line(1.5, {
    conditions: { Initialized: "True" },
    containers: [state("proxy", "running", { ready: true })],
  }),
  line(2, {
    phase: "Running",
    conditions: { Ready: "True" },
    containers: [state("app", "running", { ready: true, started: true })],
  }),
  line(3, { containers: [state("proxy", "terminated", { reason: "Error", exitCode: 1 })] }),
  line(3.001, { containers: [state("proxy", "waiting", { reason: "CrashLoopBackOff", restartCount: 1 })] }),
  line(5, { containers: [state("proxy", "running", { restartCount: 1 })] }),
];

const unhealthy: PodvisorEvent = {
  type: "Warning",
  reason: "Unhealthy",
  message: "Readiness probe failed: connection refused",
  involvedObject: { kind: "Pod", namespace: "default", name: "web", fieldPath: "spec.initContainers{proxy}" },
  timeMs: t0 + 5500,
  source: "kubelet",
};

describe("buildTimeline from a recorded status history", () => {
  const model = buildTimeline([{ pod, history: crashLoop, events: [unhealthy] }], { nowMs: t0 + 6000 });
  const [timeline] = model.pods;
  const lane = (name: string) => timeline!.lanes.find((l) => l.name === name)!;

  it("has one lane per container in spec order: init containers, sidecars, then app containers", () => {
    expect(timeline!.lanes.map((l) => [l.name, l.role])).toEqual([
      ["setup", "init"],
      ["proxy", "sidecar"],
      ["app", "app"],
    ]);
    expect(timeline!.source).toBe("history");
  });

  it("turns each transition into a segment that lasts until the next change", () => {
    expect(
      lane("setup").segments.map((s) => [s.kind, s.reason, (s.startMs - t0) / 1000, (s.endMs - t0) / 1000]),
    ).toEqual([
      ["waiting", "PodInitializing", 0, 0.5],
      ["running", undefined, 0.5, 1],
      ["terminated", "Completed", 1, 6],
    ]);
  });

  it("labels a CrashLoopBackOff wait with its length and a terminated segment with its exit code", () => {
    expect(lane("proxy").segments.map((s) => s.label)).toEqual([
      "PodInitializing 1.2s",
      "running 300ms",
      "ready 1.5s",
      "Error (exit 1)",
      "CrashLoopBackOff 2s",
      "running 1s",
    ]);
  });

  it("marks a restart where the restart count rises, and a probe failure where an Unhealthy event names the container", () => {
    expect(lane("proxy").markers.map((m) => [m.kind, (m.timeMs - t0) / 1000])).toEqual([
      ["restart", 3.001],
      ["probeFailure", 5.5],
    ]);
    expect(lane("app").markers).toEqual([]);
  });

  it("draws a live pod up to now, and marks only its last segment open", () => {
    expect(timeline!.endMs).toBe(t0 + 6000);
    expect(lane("app").segments.map((s) => [s.label, s.isOpen])).toEqual([
      ["PodInitializing 2s", false],
      ["ready 4s", true],
    ]);
  });

  it("draws the phase and the conditions as bands, without PodScheduled", () => {
    expect(timeline!.phases.map((p) => [p.phase, (p.startMs - t0) / 1000])).toEqual([
      ["Pending", 0],
      ["Running", 2],
    ]);
    expect(timeline!.conditions.map((c) => [c.type, c.segments.map((s) => s.status)])).toEqual([
      ["Initialized", ["False", "True"]],
      ["Ready", ["False", "True"]],
    ]);
  });

  it("starts the axis at the earliest pod's start and shares it between pods", () => {
    const later = crashLoop.map((l) => ({ ...l, name: "db", timeMs: l.timeMs + 10_000 }));
    const both = buildTimeline(
      [
        { pod, history: crashLoop },
        { pod: { ...pod, metadata: { ...pod.metadata, name: "db" } }, history: later },
      ],
      { nowMs: t0 + 20_000 },
    );
    expect(both.originMs).toBe(t0);
    expect(both.pods.map((p) => (p.startMs - t0) / 1000)).toEqual([0, 10]);
    expect(both.endMs).toBe(t0 + 20_000);
  });
});

describe("buildTimeline: which records belong to the pod", () => {
  it("ignores the lines of an earlier pod of the same name (a StatefulSet pod re-created)", () => {
    const earlier = [line(-10, { uid: "old", containers: [state("app", "terminated", { exitCode: 2 })] })];
    const model = buildTimeline([{ pod, history: [...earlier, ...crashLoop] }], { nowMs: t0 + 6000 });
    expect(model.pods[0]!.startMs).toBe(t0);
    expect(model.pods[0]!.lanes[2]!.segments.some((s) => s.exitCode === 2)).toBe(false);
  });

  it("ends a finished pod shortly after its last record, whatever now is", () => {
    const done: Pod = { ...pod, status: { phase: "Succeeded" } };
    const history = [...crashLoop, line(10, { phase: "Succeeded" })];
    const model = buildTimeline([{ pod: done, history }], { nowMs: t0 + 3_600_000 });
    expect(model.endMs).toBeGreaterThan(t0 + 10_000);
    expect(model.endMs).toBeLessThan(t0 + 11_000);
    expect(model.pods[0]!.phases.at(-1)!.phase).toBe("Succeeded");
  });
});

describe("buildTimeline with --since", () => {
  it("keeps only the last window and relabels the segments it cuts", () => {
    const model = buildTimeline([{ pod, history: crashLoop, events: [unhealthy] }], {
      nowMs: t0 + 6000,
      sinceMs: 2000,
    });
    expect(model.startMs).toBe(t0 + 4000);
    expect(model.originMs).toBe(t0);
    const proxy = model.pods[0]!.lanes[1]!;
    expect(proxy.segments.map((s) => s.label)).toEqual(["CrashLoopBackOff 1s", "running 1s"]);
    expect(proxy.markers.map((m) => m.kind)).toEqual(["probeFailure"]);
  });
});
