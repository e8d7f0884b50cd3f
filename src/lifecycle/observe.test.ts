import { describe, expect, it } from "vitest";
import { createPodRuntimeState } from "./initial-state.js";
import { observe } from "./observe.js";
import type { PodRuntimeState } from "./pod-state.js";
import { exitOf, observeAll } from "./testing/apply-actions.js";
import { container, makePod, sidecar } from "./testing/make-pod.js";

const pod = makePod({ init: [container("setup"), sidecar("log")], containers: [container("app")] });

function started(state: PodRuntimeState, name: string, atMs: number): PodRuntimeState {
  return observeAll(state, [
    { type: "containerStarting", name, atMs, backoff: undefined },
    { type: "containerRunning", name, id: `${name}-${atMs}`, startedAtMs: atMs },
  ]);
}

describe("createPodRuntimeState", () => {
  it("E4: every container starts notCreated with restartCount 0 and startup Unknown, liveness Success, readiness Failure", () => {
    const state = createPodRuntimeState(pod, 5);
    expect(state.admittedAtMs).toBe(5);
    expect(
      Object.values(state.containers).map((c) => [c.name, c.role, c.state.kind, c.restartCount]),
    ).toEqual([
      ["setup", "init", "notCreated", 0],
      ["log", "sidecar", "notCreated", 0],
      ["app", "regular", "notCreated", 0],
    ]);
    expect(state.containers.app?.probes).toEqual({
      startup: "Unknown",
      liveness: "Success",
      readiness: "Failure",
    });
  });
});

describe("observe", () => {
  it("never mutates its input", () => {
    const state = createPodRuntimeState(pod, 0);
    const frozen = structuredClone(state);
    started(state, "app", 1);
    observe(state, { type: "terminationStarted", reason: "Deleted", atMs: 1, gracePeriodMs: 1000 });
    expect(state).toEqual(frozen);
  });

  it("D8: a start retried after a failed one that was not held keeps that failure while it is under way (reason cache)", () => {
    const state = observeAll(createPodRuntimeState(pod, 0), [
      {
        type: "containerStartFailed",
        name: "app",
        reason: "CreateContainerError",
        message: "refused",
        atMs: 1,
        retriesOnSync: true,
      },
      { type: "containerStarting", name: "app", atMs: 10_001, backoff: undefined },
    ]);
    expect(state.containers.app!.state).toEqual({
      kind: "starting",
      sinceMs: 10_001,
      retrying: { reason: "CreateContainerError", message: "refused" },
    });
  });

  it("containerStarting records the backoff entry given and clears a CrashLoopBackOff hold and a failed start", () => {
    let state = observeAll(createPodRuntimeState(pod, 0), [
      { type: "containerStartFailed", name: "app", reason: "RunContainerError", message: "x", atMs: 1 },
      { type: "backOff", name: "app", message: "back-off 10s", untilMs: 11 },
    ]);
    state = observe(state, {
      type: "containerStarting",
      name: "app",
      atMs: 12,
      backoff: { delayMs: 10_000, lastUpdateMs: 12 },
    });
    const app = state.containers.app!;
    expect(app.state).toEqual({ kind: "starting", sinceMs: 12 });
    expect(app.backoff).toEqual({ delayMs: 10_000, lastUpdateMs: 12 });
    expect(app.backOff).toBeUndefined();
  });

  it("B5: a start after an exit is a new instance: restartCount increments and the exit becomes lastTermination", () => {
    let state = started(createPodRuntimeState(pod, 0), "app", 1);
    state = observe(state, exitOf("app", 1, 1, 5));
    state = started(state, "app", 6);
    expect(state.containers.app?.restartCount).toBe(1);
    expect(state.containers.app?.lastTermination).toMatchObject({ exitCode: 1, finishedAtMs: 5 });
  });

  it("B5: a retry after a failed start with no exit in between is not a new instance (kubelet: no container was created)", () => {
    let state = observe(createPodRuntimeState(pod, 0), {
      type: "containerStarting",
      name: "app",
      atMs: 1,
      backoff: undefined,
    });
    state = observe(state, {
      type: "containerStartFailed",
      name: "app",
      reason: "RunContainerError",
      message: "x",
      atMs: 1,
    });
    state = started(state, "app", 20);
    expect(state.containers.app?.restartCount).toBe(0);
    expect(state.containers.app?.lastTermination).toBeUndefined();
  });

  it("E4: a new running instance gets fresh probe results", () => {
    let state = started(createPodRuntimeState(pod, 0), "log", 1);
    state = observe(state, { type: "probeResult", name: "log", probe: "liveness", result: "Failure" });
    expect(state.containers.log?.probes.liveness).toBe("Failure");
    state = observe(state, exitOf("log", 137, 1, 5));
    state = started(state, "log", 6);
    expect(state.containers.log?.probes).toEqual({
      startup: "Unknown",
      liveness: "Success",
      readiness: "Failure",
    });
  });

  it("ignores probe results for a container that is not running", () => {
    const state = createPodRuntimeState(pod, 0);
    expect(observe(state, { type: "probeResult", name: "app", probe: "startup", result: "Success" })).toBe(
      state,
    );
  });

  it("B3: an exit while a kill is in flight carries killedFor and clears killing", () => {
    let state = started(createPodRuntimeState(pod, 0), "app", 1);
    state = observe(state, { type: "killStarted", name: "app", reason: "LivenessProbe", atMs: 3 });
    expect(state.containers.app?.killing).toEqual({ reason: "LivenessProbe", sinceMs: 3 });
    state = observe(state, exitOf("app", 0, 1, 4));
    expect(state.containers.app?.killing).toBeUndefined();
    expect(state.containers.app?.state).toMatchObject({
      kind: "exited",
      termination: { exitCode: 0, killedFor: "LivenessProbe" },
    });
  });

  it("C4: terminationStarted is idempotent: the first one wins", () => {
    let state = observe(createPodRuntimeState(pod, 0), {
      type: "terminationStarted",
      reason: "Completed",
      atMs: 1,
      gracePeriodMs: 30_000,
    });
    state = observe(state, { type: "terminationStarted", reason: "Deleted", atMs: 2, gracePeriodMs: 0 });
    expect(state.termination).toEqual({ reason: "Completed", startedAtMs: 1, gracePeriodMs: 30_000 });
  });

  it("C5: preStopStarted, preStopFinished, awaitingTurn and stopSignalled record the stop progress", () => {
    let state = started(createPodRuntimeState(pod, 0), "log", 1);
    state = observe(state, { type: "preStopStarted", name: "log", atMs: 2, budgetMs: 30_000 });
    state = observe(state, { type: "preStopFinished", name: "log", atMs: 3 });
    expect(state.containers.log?.stop).toEqual({
      step: "preStop",
      startedAtMs: 2,
      budgetMs: 30_000,
      finishedAtMs: 3,
    });
    state = observe(state, { type: "awaitingTurn", name: "log", atMs: 3, budgetMs: 29_000 });
    expect(state.containers.log?.stop).toEqual({ step: "awaitingTurn", sinceMs: 3, budgetMs: 29_000 });
    state = observe(state, { type: "stopSignalled", name: "log", atMs: 9, gracePeriodMs: 2000 });
    expect(state.containers.log?.stop).toEqual({ step: "stopping", signalledAtMs: 9, gracePeriodMs: 2000 });
  });

  it("F3, D8: postStartFailed records the running instance's start as PostStartHookError with the hook's message", () => {
    const message =
      'Exec lifecycle hook ([hook]) for Container "app" in Pod "p_default(u)" failed - error: x';
    const state = observe(started(createPodRuntimeState(pod, 0), "app", 1), {
      type: "postStartFailed",
      name: "app",
      message,
    });
    expect(state.containers.app?.startError).toEqual({ reason: "PostStartHookError", message });
    expect(state.containers.app?.state.kind).toBe("running");
  });

  it("F3: postStartFailed is ignored unless an instance runs (only the instance whose hook ran has one)", () => {
    const state = createPodRuntimeState(pod, 0);
    expect(observe(state, { type: "postStartFailed", name: "app", message: "x" })).toBe(state);
  });

  it("D8 (kubelet reason cache): the PostStartHookError survives the exit and the next containerStarting, until that start has a result", () => {
    const failed = observeAll(started(createPodRuntimeState(pod, 0), "app", 1), [
      { type: "postStartFailed", name: "app", message: "hook failed" },
      { type: "killStarted", name: "app", reason: "FailedPostStartHook", atMs: 1 },
      exitOf("app", 137, 1, 2),
    ]);
    expect(failed.containers.app?.state).toMatchObject({
      kind: "exited",
      termination: { killedFor: "FailedPostStartHook" },
    });
    expect(failed.containers.app?.startError?.message).toBe("hook failed");
    const restarting = observe(failed, {
      type: "containerStarting",
      name: "app",
      atMs: 2,
      backoff: undefined,
    });
    expect(restarting.containers.app?.restartCount).toBe(1);
    expect(restarting.containers.app?.startError?.message).toBe("hook failed");
    // The restart's postStart returned: a start that gets through clears it...
    const running = observe(restarting, {
      type: "containerRunning",
      name: "app",
      id: "app-2",
      startedAtMs: 2,
    });
    expect(running.containers.app?.startError).toBeUndefined();
    // ...and one that fails again records its own message.
    const again = observe(running, { type: "postStartFailed", name: "app", message: "failed again" });
    expect(again.containers.app?.startError?.message).toBe("failed again");
  });

  it("B4, A17: a CrashLoopBackOff hold or another start failure replaces the PostStartHookError", () => {
    const failed = observeAll(started(createPodRuntimeState(pod, 0), "app", 1), [
      { type: "postStartFailed", name: "app", message: "hook failed" },
      exitOf("app", 137, 1, 2),
    ]);
    const held = observe(failed, { type: "backOff", name: "app", message: "back-off 10s", untilMs: 12 });
    expect(held.containers.app?.startError).toBeUndefined();
    expect(held.containers.app?.backOff).toEqual({ message: "back-off 10s", untilMs: 12 });
    const otherFailure = observe(failed, {
      type: "containerStartFailed",
      name: "app",
      reason: "RunContainerError",
      message: "boom",
      atMs: 3,
    });
    expect(otherFailure.containers.app?.startError).toBeUndefined();
  });

  it("ignores observations about containers the pod does not have", () => {
    const state = createPodRuntimeState(pod, 0);
    expect(observe(state, exitOf("ghost", 0, 0, 1))).toBe(state);
  });

  it("A1: sandboxReady records the first time the sandbox was ready", () => {
    const state = observeAll(createPodRuntimeState(pod, 0), [
      { type: "sandboxReady", atMs: 4, podIP: "10.0.0.2" },
      { type: "sandboxReady", atMs: 9, podIP: "10.0.0.3" },
    ]);
    expect(state.sandboxReadyAtMs).toBe(4);
  });

  it("A1: sandboxReady records the address the runtime gave the sandbox", () => {
    const state = observe(createPodRuntimeState(pod, 0, { hostIP: "192.168.1.7" }), {
      type: "sandboxReady",
      atMs: 4,
      podIP: "10.88.0.5",
    });
    expect([state.hostIP, state.podIP]).toEqual(["192.168.1.7", "10.88.0.5"]);
  });
});
