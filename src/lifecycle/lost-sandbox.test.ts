import { describe, expect, it } from "vitest";
import type { ContainerStatus, Pod, PodStatus } from "../api/index.js";
import { createPodRuntimeState } from "./initial-state.js";
import { computePodActions } from "./compute-pod-actions.js";
import { LOST_CONTAINER_MESSAGE, LOST_CONTAINER_REASON, planAfterLostSandbox } from "./lost-sandbox.js";

const nowMs = Date.UTC(2026, 11, 7, 10, 0, 0);

function pod(restartPolicy: "Always" | "OnFailure" | "Never"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", uid: "u" },
    spec: {
      restartPolicy,
      initContainers: [
        { name: "setup", image: "x" },
        { name: "proxy", image: "x", restartPolicy: "Always" },
      ],
      containers: [
        { name: "app", image: "x" },
        { name: "job", image: "x" },
      ],
    },
  };
}

const running = (name: string, restartCount = 0): ContainerStatus => ({
  name,
  image: "x",
  imageID: "",
  ready: true,
  restartCount,
  state: { running: { startedAt: "2026-12-07T09:00:00Z" } },
});
const completed = (name: string): ContainerStatus => ({
  name,
  image: "x",
  imageID: "",
  ready: false,
  restartCount: 0,
  state: {
    terminated: {
      exitCode: 0,
      reason: "Completed",
      startedAt: "2026-12-07T09:00:00Z",
      finishedAt: "2026-12-07T09:00:01Z",
      containerID: "podvisor://c1",
    },
  },
});
const waitingNew = (name: string): ContainerStatus => ({
  name,
  image: "x",
  imageID: "",
  ready: false,
  restartCount: 0,
  state: { waiting: { reason: "PodInitializing" } },
});

const runningStatus: PodStatus = {
  phase: "Running",
  initContainerStatuses: [completed("setup"), running("proxy", 2)],
  containerStatuses: [running("app", 1), completed("job")],
};

function plan(restartPolicy: "Always" | "OnFailure" | "Never", previous: PodStatus | undefined) {
  const p = pod(restartPolicy);
  return planAfterLostSandbox(p, previous, createPodRuntimeState(p, nowMs, { hostIP: "127.0.0.1" }), nowMs);
}

describe("A15 after podvisor node restarted: the pod's containers were lost with the sandbox", () => {
  it("a pod none of whose containers ever ran starts as a new pod", () => {
    expect(plan("Never", undefined).kind).toBe("fresh");
    expect(
      plan("Always", { phase: "Pending", initContainerStatuses: [waitingNew("setup"), waitingNew("proxy")] })
        .kind,
    ).toBe("fresh");
  });

  it("restartPolicy Always: a new sandbox; every container that ran starts as its next instance", () => {
    const result = plan("Always", runningStatus);
    if (result.kind !== "restart") throw new Error(`expected a restart, got ${result.kind}`);
    const { containers } = result.state;
    // A running container lost: the kubelet's "could not be located", exit code 137, no times.
    expect(containers.app).toMatchObject({
      state: { kind: "notCreated" },
      restartCount: 2,
      lastTermination: {
        exitCode: 137,
        reason: LOST_CONTAINER_REASON,
        message: LOST_CONTAINER_MESSAGE,
        startedAtMs: 0,
        finishedAtMs: 0,
      },
    });
    expect(containers.proxy).toMatchObject({ state: { kind: "notCreated" }, restartCount: 3 });
    // The init sequence runs again (A15): the completed init container's end is its last state.
    expect(containers.setup).toMatchObject({
      state: { kind: "notCreated" },
      restartCount: 1,
      lastTermination: { exitCode: 0, reason: "Completed", containerId: "c1" },
    });
    expect(result.state.sandboxReadyAtMs).toBeUndefined();
    expect(computePodActions(pod("Always"), result.state, nowMs).createSandbox).toBe(true);
  });

  it("restartPolicy OnFailure: a regular container that had succeeded is not run again", () => {
    const result = plan("OnFailure", runningStatus);
    if (result.kind !== "restart") throw new Error(`expected a restart, got ${result.kind}`);
    expect(result.state.containers.job).toMatchObject({
      state: { kind: "exited", termination: { exitCode: 0, reason: "Completed" } },
      restartCount: 0,
    });
    expect(result.state.containers.app).toMatchObject({ state: { kind: "notCreated" }, restartCount: 2 });
  });

  it("restartPolicy Never: nothing is re-created; what was running ends as ContainerStatusUnknown (137)", () => {
    const result = plan("Never", runningStatus);
    if (result.kind !== "end") throw new Error(`expected the end, got ${result.kind}`);
    expect(result.state.termination).toMatchObject({ reason: "Completed" });
    expect(result.state.containers.app).toMatchObject({
      restartCount: 1,
      state: { kind: "exited", termination: { exitCode: 137, reason: LOST_CONTAINER_REASON } },
    });
    expect(result.state.containers.job).toMatchObject({
      state: { kind: "exited", termination: { exitCode: 0, reason: "Completed" } },
    });
  });
});
