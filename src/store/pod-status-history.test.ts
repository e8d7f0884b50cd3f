import { describe, expect, it } from "vitest";
import type { ContainerStatus, Pod } from "../api/index.js";
import { diffPodStatus, maxTransitionsPerPod, type PodStatusSnapshot } from "./pod-status-history.js";

const podWith = (uid: string, app: Partial<ContainerStatus>, ready: "True" | "False" = "False"): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", uid },
  spec: {
    containers: [
      { name: "app", image: "i" },
      { name: "log", image: "i" },
    ],
  },
  status: {
    phase: "Running",
    conditions: [{ type: "Ready", status: ready }],
    containerStatuses: [
      { name: "app", ready: false, restartCount: 0, image: "i", imageID: "", ...app },
      { name: "log", ready: false, restartCount: 0, image: "i", imageID: "", state: { running: {} } },
    ],
  },
});

describe("diffPodStatus: the status history records only what changed", () => {
  it("records the whole recorded status (and the uid) on a pod's first line", () => {
    const { transition } = diffPodStatus(
      undefined,
      podWith("u1", { state: { waiting: { reason: "ContainerCreating" } } }),
      5,
    );
    expect(transition).toEqual({
      timeMs: 5,
      namespace: "default",
      name: "web",
      uid: "u1",
      phase: "Running",
      conditions: { Ready: "False" },
      containers: [
        { name: "app", state: "waiting", reason: "ContainerCreating", ready: false, restartCount: 0 },
        { name: "log", state: "running", ready: false, restartCount: 0 },
      ],
    });
  });

  it("then names only the containers and conditions that moved", () => {
    const first = diffPodStatus(undefined, podWith("u1", { state: { waiting: {} } }), 5);
    const { transition } = diffPodStatus(
      first.snapshot,
      podWith("u1", { state: { running: {} }, ready: true }, "True"),
      9,
    );
    expect(transition).toEqual({
      timeMs: 9,
      namespace: "default",
      name: "web",
      conditions: { Ready: "True" },
      containers: [{ name: "app", state: "running", ready: true, restartCount: 0 }],
    });
  });

  it("writes nothing when nothing it records changed (a new startedAt alone, say)", () => {
    const first = diffPodStatus(undefined, podWith("u1", { state: { running: { startedAt: "a" } } }), 5);
    const again = diffPodStatus(first.snapshot, podWith("u1", { state: { running: { startedAt: "b" } } }), 6);
    expect(again.transition).toBeUndefined();
  });

  it("starts over, with the uid, when a pod of the same name is a new object", () => {
    const first = diffPodStatus(undefined, podWith("u1", { state: { running: {} } }), 5);
    const { transition } = diffPodStatus(first.snapshot, podWith("u2", { state: { running: {} } }), 6);
    expect(transition?.uid).toBe("u2");
    expect(transition?.containers).toHaveLength(2);
  });

  it("stops after maxTransitionsPerPod lines with one line saying so", () => {
    let snapshot: PodStatusSnapshot | undefined;
    const lines: unknown[] = [];
    for (let i = 0; i < maxTransitionsPerPod + 10; i++) {
      const step = diffPodStatus(snapshot, podWith("u1", { state: { running: {} }, restartCount: i }), i);
      snapshot = step.snapshot;
      if (step.transition) lines.push(step.transition);
    }
    expect(lines).toHaveLength(maxTransitionsPerPod + 1);
    expect(lines.at(-1)).toEqual({
      timeMs: maxTransitionsPerPod,
      namespace: "default",
      name: "web",
      truncated: true,
    });
  });
});
