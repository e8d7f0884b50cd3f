import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import { buildTimeline } from "./build-timeline.js";
import { eventFromCoreEvent } from "./event-from-core.js";

/** A pod as `kubectl get pod -o yaml` saved it: a sidecar in CrashLoopBackOff after two crashes. */
const saved: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: {
    initContainers: [{ name: "agent", image: "i", restartPolicy: "Always" }],
    containers: [{ name: "app", image: "i" }],
  },
  status: {
    phase: "Running",
    startTime: "2026-01-01T00:00:00Z",
    conditions: [
      { type: "PodScheduled", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" },
      { type: "Initialized", status: "True", lastTransitionTime: "2026-01-01T00:00:01Z" },
      { type: "Ready", status: "False", lastTransitionTime: "2026-01-01T00:00:08Z" },
    ],
    initContainerStatuses: [
      {
        name: "agent",
        image: "i",
        imageID: "",
        ready: false,
        restartCount: 2,
        state: { waiting: { reason: "CrashLoopBackOff" } },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: "Error",
            startedAt: "2026-01-01T00:00:06Z",
            finishedAt: "2026-01-01T00:00:08Z",
          },
        },
      },
    ],
    containerStatuses: [
      {
        name: "app",
        image: "i",
        imageID: "",
        ready: false,
        restartCount: 0,
        state: { running: { startedAt: "2026-01-01T00:00:01Z" } },
      },
    ],
  },
};

const t0 = Date.UTC(2026, 0, 1);
const started = (atS: number): PodvisorEvent => ({
  type: "Normal",
  reason: "Started",
  message: "Started container agent",
  involvedObject: { kind: "Pod", namespace: "default", name: "web", fieldPath: "spec.initContainers{agent}" },
  timeMs: t0 + atS * 1000,
  source: "kubelet",
});

describe("a timeline from saved objects (no recorded history)", () => {
  it("rebuilds the last crash and the wait from the status, and earlier starts from Started events", () => {
    const model = buildTimeline([{ pod: saved, events: [started(0), started(2), started(6)] }], {
      nowMs: t0 + 10_000,
    });
    const [timeline] = model.pods;
    expect(timeline!.source).toBe("status");
    const agent = timeline!.lanes[0]!;
    expect(agent.segments.map((s) => [s.kind, s.reason, (s.startMs - t0) / 1000])).toEqual([
      ["waiting", "ContainerCreating", 0],
      ["running", undefined, 0],
      ["terminated", "Error", 8],
      ["waiting", "CrashLoopBackOff", 8],
    ]);
    expect(agent.segments.at(-1)!.label).toBe("CrashLoopBackOff 2s");
    const app = timeline!.lanes[1]!;
    expect(app.segments.map((s) => [s.kind, s.reason])).toEqual([
      ["waiting", "PodInitializing"],
      ["running", undefined],
    ]);
    expect(timeline!.conditions.map((c) => [c.type, c.segments.map((s) => s.status)])).toEqual([
      ["Initialized", ["False", "True"]],
      ["Ready", ["False"]],
    ]);
  });
});

describe("eventFromCoreEvent (kubectl get events -o json)", () => {
  it("reads a pod's event with its container and last time", () => {
    expect(
      eventFromCoreEvent({
        apiVersion: "v1",
        kind: "Event",
        type: "Warning",
        reason: "BackOff",
        message: "Back-off restarting failed container",
        involvedObject: { kind: "Pod", namespace: "ns", name: "web", fieldPath: "spec.containers{app}" },
        firstTimestamp: "2026-01-01T00:00:01Z",
        lastTimestamp: "2026-01-01T00:00:05Z",
        count: 3,
      }),
    ).toEqual({
      type: "Warning",
      reason: "BackOff",
      message: "Back-off restarting failed container",
      involvedObject: { kind: "Pod", namespace: "ns", name: "web", fieldPath: "spec.containers{app}" },
      timeMs: t0 + 5000,
      source: "kubelet",
    });
  });

  it("skips events about other kinds and events without a time", () => {
    expect(
      eventFromCoreEvent({
        reason: "X",
        involvedObject: { kind: "Node", name: "n" },
        lastTimestamp: "2026-01-01T00:00:00Z",
      }),
    ).toBeUndefined();
    expect(eventFromCoreEvent({ reason: "X", involvedObject: { kind: "Pod", name: "p" } })).toBeUndefined();
  });
});
