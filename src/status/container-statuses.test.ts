import { describe, expect, it } from "vitest";
import type { Container, ContainerStateTerminated, ContainerStatus, Pod } from "../api/index.js";
import type { ContainerRecord, Termination } from "../lifecycle/index.js";
import { toContainerStatus } from "./container-statuses.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const probes = { startup: "Unknown", liveness: "Success", readiness: "Failure" } as const;
const record = (fields: Partial<ContainerRecord> & Pick<ContainerRecord, "state">): ContainerRecord => ({
  name: "c",
  role: "regular",
  restartCount: 0,
  probes,
  ...fields,
});
const exit = (exitCode: number, fields: Partial<Termination> = {}): Termination => ({
  exitCode,
  reason: exitCode === 0 ? "Completed" : "Error",
  startedAtMs: T0 + 1500,
  finishedAtMs: T0 + 9999,
  ...fields,
});
/** `exit(1)` as the status shows it. */
const TERMINATED_ERROR = {
  exitCode: 1,
  reason: "Error",
  startedAt: "2026-01-01T00:00:01Z",
  finishedAt: "2026-01-01T00:00:09Z",
} as const;
const podWith = (initContainers: Container[]): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { initContainers, containers: [{ name: "c", image: "busybox" }] },
});
const plainPod = podWith([]);
const app: Container = { name: "c", image: "busybox" };

describe("toContainerStatus: state and lastState (docs/rules/lifecycle.md §D5–D8)", () => {
  it.each<[string, ContainerRecord, Pod, Pick<ContainerStatus, "state" | "lastState">]>([
    [
      "a never-created container in a pod without init containers is ContainerCreating",
      record({ state: { kind: "notCreated" } }),
      plainPod,
      { state: { waiting: { reason: "ContainerCreating" } }, lastState: {} },
    ],
    [
      "a never-created container in a pod with init containers is PodInitializing",
      record({ state: { kind: "notCreated" } }),
      podWith([{ name: "setup" }]),
      { state: { waiting: { reason: "PodInitializing" } }, lastState: {} },
    ],
    [
      "a container being started for the first time still reads as never created (the kubelet publishes after postStart)",
      record({ state: { kind: "starting", sinceMs: T0 } }),
      podWith([{ name: "setup" }]),
      { state: { waiting: { reason: "PodInitializing" } }, lastState: {} },
    ],
    [
      "a restart being started is ContainerCreating, with the previous run as lastState",
      record({ restartCount: 1, state: { kind: "starting", sinceMs: T0 }, lastTermination: exit(1) }),
      podWith([{ name: "setup" }]),
      {
        state: { waiting: { reason: "ContainerCreating" } },
        lastState: {
          terminated: expect.objectContaining({ exitCode: 1, reason: "Error" }) as ContainerStateTerminated,
        },
      },
    ],
    [
      "a first start in a pod without init containers is ContainerCreating",
      record({ state: { kind: "starting", sinceMs: T0 } }),
      plainPod,
      { state: { waiting: { reason: "ContainerCreating" } }, lastState: {} },
    ],
    [
      "a running container reports startedAt in whole seconds",
      record({ state: { kind: "running", startedAtMs: T0 + 1999, id: "abc" } }),
      plainPod,
      { state: { running: { startedAt: "2026-01-01T00:00:01Z" } }, lastState: {} },
    ],
    [
      "a failed start waits with the runtime's reason and message",
      record({
        state: { kind: "startFailed", reason: "RunContainerError", message: "exec: not found", atMs: T0 },
      }),
      plainPod,
      { state: { waiting: { reason: "RunContainerError", message: "exec: not found" } }, lastState: {} },
    ],
    [
      "a create retried on the next sync still shows the failure while the retry is under way, not ContainerCreating (reason cache)",
      record({
        state: {
          kind: "starting",
          sinceMs: T0,
          retrying: { reason: "CreateContainerError", message: "refused" },
        },
      }),
      plainPod,
      { state: { waiting: { reason: "CreateContainerError", message: "refused" } }, lastState: {} },
    ],
    [
      "a create that failed after an exit, then held from that exit, waits in CrashLoopBackOff with the exit as last state",
      record({
        state: {
          kind: "startFailed",
          reason: "CreateContainerError",
          message: "refused",
          atMs: T0,
          retriesOnSync: true,
        },
        lastTermination: exit(1),
        backOff: { message: "back-off 40s restarting failed container=app", untilMs: T0 + 40_000 },
      }),
      plainPod,
      {
        state: {
          waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=app" },
        },
        lastState: { terminated: { ...TERMINATED_ERROR } },
      },
    ],
    [
      "an exited container is terminated with its exit, times and message",
      record({ state: { kind: "exited", termination: exit(2, { message: "boom" }) } }),
      plainPod,
      {
        state: {
          terminated: {
            exitCode: 2,
            reason: "Error",
            message: "boom",
            startedAt: "2026-01-01T00:00:01Z",
            finishedAt: "2026-01-01T00:00:09Z",
          },
        },
        lastState: {},
      },
    ],
    [
      "an exited container keeps the id of the instance that ended",
      record({ state: { kind: "exited", termination: exit(0, { containerId: "c-1" }) } }),
      plainPod,
      {
        state: {
          terminated: {
            exitCode: 0,
            reason: "Completed",
            startedAt: "2026-01-01T00:00:01Z",
            finishedAt: "2026-01-01T00:00:09Z",
            containerID: "podvisor://c-1",
          },
        },
        lastState: {},
      },
    ],
    [
      "a SIGKILLed container carries the signal number",
      record({ state: { kind: "exited", termination: exit(137, { signal: "SIGKILL" }) } }),
      plainPod,
      {
        state: {
          terminated: {
            exitCode: 137,
            signal: 9,
            reason: "Error",
            startedAt: "2026-01-01T00:00:01Z",
            finishedAt: "2026-01-01T00:00:09Z",
          },
        },
        lastState: {},
      },
    ],
    [
      "a restart held in backoff waits in CrashLoopBackOff with the exit as lastState",
      record({
        restartCount: 2,
        state: { kind: "exited", termination: exit(1) },
        lastTermination: exit(1, { finishedAtMs: T0 }),
        backOff: { message: "back-off 20s restarting failed container=c pod=p", untilMs: T0 + 30_000 },
      }),
      plainPod,
      {
        state: {
          waiting: {
            reason: "CrashLoopBackOff",
            message: "back-off 20s restarting failed container=c pod=p",
          },
        },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: "Error",
            startedAt: "2026-01-01T00:00:01Z",
            finishedAt: "2026-01-01T00:00:09Z",
          },
        },
      },
    ],
    [
      "a restarted running container shows its previous run as lastState",
      record({
        restartCount: 1,
        state: { kind: "running", startedAtMs: T0 + 20_000, id: "b" },
        lastTermination: exit(1),
      }),
      plainPod,
      {
        state: { running: { startedAt: "2026-01-01T00:00:20Z" } },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: "Error",
            startedAt: "2026-01-01T00:00:01Z",
            finishedAt: "2026-01-01T00:00:09Z",
          },
        },
      },
    ],
  ])("%s", (_name, rec, pod, expected) => {
    const status = toContainerStatus(app, rec, pod);
    expect({ state: status.state, lastState: status.lastState }).toEqual(expected);
  });
});

describe("toContainerStatus: started and ready (§0, B8)", () => {
  const runningRecord = (fields: Partial<ContainerRecord> = {}): ContainerRecord =>
    record({ state: { kind: "running", startedAtMs: T0, id: "x" }, ...fields });
  it.each<[string, Container, ContainerRecord, { started: boolean; ready: boolean }]>([
    ["running without probes is started and ready", app, runningRecord(), { started: true, ready: true }],
    [
      "a startup probe not yet successful means neither started nor ready",
      { ...app, startupProbe: {} },
      runningRecord(),
      { started: false, ready: false },
    ],
    [
      "a successful startup probe without readiness probe is started and ready",
      { ...app, startupProbe: {} },
      runningRecord({ probes: { ...probes, startup: "Success" } }),
      { started: true, ready: true },
    ],
    [
      "a readiness probe without success keeps a started container unready",
      { ...app, readinessProbe: {} },
      runningRecord(),
      { started: true, ready: false },
    ],
    [
      "a readiness probe with success makes it ready",
      { ...app, readinessProbe: {} },
      runningRecord({ probes: { ...probes, readiness: "Success" } }),
      { started: true, ready: true },
    ],
    [
      "an exited container is neither",
      app,
      record({ state: { kind: "exited", termination: exit(0) } }),
      { started: false, ready: false },
    ],
    [
      "a regular init container that exited 0 is ready",
      { name: "c" },
      record({ role: "init", state: { kind: "exited", termination: exit(0) } }),
      { started: false, ready: true },
    ],
    [
      "a regular init container that exited 1 is not ready",
      { name: "c" },
      record({ role: "init", state: { kind: "exited", termination: exit(1) } }),
      { started: false, ready: false },
    ],
    [
      "a running regular init container is started but not ready",
      { name: "c" },
      record({ role: "init", state: { kind: "running", startedAtMs: T0, id: "i" } }),
      { started: true, ready: false },
    ],
  ])("%s", (_name, container, rec, expected) => {
    const status = toContainerStatus(container, rec, plainPod);
    expect({ started: status.started, ready: status.ready }).toEqual(expected);
  });
});

describe("toContainerStatus: identity fields", () => {
  it("names the image, an empty imageID, the restart count and the podvisor container ID while running", () => {
    const status = toContainerStatus(
      app,
      record({ restartCount: 4, state: { kind: "running", startedAtMs: T0, id: "4f2a" } }),
      plainPod,
    );
    expect(status).toMatchObject({
      name: "c",
      image: "busybox",
      imageID: "",
      restartCount: 4,
      containerID: "podvisor://4f2a",
    });
  });

  it("A16: names the image the instance runs, until the instance with the spec's new image starts", () => {
    const updated: Container = { ...app, image: "busybox:2" };
    const running = record({ image: "busybox", state: { kind: "running", startedAtMs: T0, id: "c-1" } });
    const next = record({ image: "busybox:2", state: { kind: "starting", sinceMs: T0 } });
    expect(toContainerStatus(updated, running, plainPod).image).toBe("busybox");
    expect(toContainerStatus(updated, next, plainPod).image).toBe("busybox:2");
    expect(toContainerStatus(updated, record({ state: { kind: "notCreated" } }), plainPod).image).toBe(
      "busybox:2",
    );
  });

  it("imageID is the runtime's reference of the instance's image, kept after its exit; empty before any instance", () => {
    const imageRef = "localhost/podvisor/busybox@sha256:b5601c46";
    const running = record({ imageRef, state: { kind: "running", startedAtMs: T0, id: "c-1" } });
    const exited = record({ imageRef, state: { kind: "exited", termination: exit(0) } });
    const failedStart = record({
      imageRef,
      state: { kind: "startFailed", reason: "ErrImagePull", message: "m", atMs: T0 },
    });
    expect(toContainerStatus(app, running, plainPod).imageID).toBe(imageRef);
    expect(toContainerStatus(app, exited, plainPod).imageID).toBe(imageRef);
    expect(toContainerStatus(app, failedStart, plainPod).imageID).toBe("");
  });

  it("leaves containerID out when no instance id is known", () => {
    const status = toContainerStatus(app, record({ state: { kind: "notCreated" } }), plainPod);
    expect(status).not.toHaveProperty("containerID");
  });
});

describe("containerID", () => {
  it("names the running instance, then the one that ended last — also while it waits in back-off", () => {
    const running = record({ state: { kind: "running", startedAtMs: T0, id: "c-1" } });
    const ended = record({ state: { kind: "exited", termination: exit(1, { containerId: "c-1" }) } });
    const backingOff = {
      ...ended,
      backOff: { message: "back-off 10s restarting failed container=c pod=p", untilMs: T0 + 10_000 },
    };
    expect(toContainerStatus(app, running, plainPod).containerID).toBe("podvisor://c-1");
    expect(toContainerStatus(app, ended, plainPod).containerID).toBe("podvisor://c-1");
    expect(toContainerStatus(app, backingOff, plainPod).containerID).toBe("podvisor://c-1");
  });
});

describe("toContainerStatus after a failed postStart (F3, D8: the start is reported as PostStartHookError)", () => {
  const message =
    'Exec lifecycle hook ([no-such-command]) for Container "c" in Pod "p_default(u)" failed - error: command \'no-such-command\' exited with 127: , message: ""';
  const startError = { reason: "PostStartHookError" as const, message };
  const killed = exit(137, { reason: "Error", killedFor: "FailedPostStartHook", containerId: "c-1" });
  const policy = (restartPolicy: "Always" | "OnFailure" | "Never"): Pod => ({
    ...plainPod,
    spec: { ...plainPod.spec, restartPolicy },
  });

  it("F2, F3: while the failed instance is being killed it is not reported Running — a first start still reads as D5", () => {
    const status = toContainerStatus(
      app,
      record({ state: { kind: "running", startedAtMs: T0, id: "c-1" }, startError }),
      podWith([{ name: "setup" }]),
    );
    expect(status.state).toEqual({ waiting: { reason: "PodInitializing" } });
    expect(status).toMatchObject({ started: false, ready: false, restartCount: 0 });
    expect(status).not.toHaveProperty("containerID");
  });

  it("D8: once it ended and will be restarted: Waiting PostStartHookError with the hook's message, the killed run as lastState", () => {
    const status = toContainerStatus(
      app,
      record({ state: { kind: "exited", termination: killed }, startError }),
      policy("Always"),
    );
    expect(status.state).toEqual({ waiting: { reason: "PostStartHookError", message } });
    expect(status.lastState).toEqual({
      terminated: {
        exitCode: 137,
        reason: "Error",
        startedAt: "2026-01-01T00:00:01Z",
        finishedAt: "2026-01-01T00:00:09Z",
        containerID: "podvisor://c-1",
      },
    });
    expect(status).toMatchObject({ started: false, ready: false, containerID: "podvisor://c-1" });
  });

  it("B2: under restartPolicy Never nothing restarts, so it shows the terminated run (kubelet ShouldContainerBeRestarted)", () => {
    const status = toContainerStatus(
      app,
      record({ state: { kind: "exited", termination: killed }, startError }),
      policy("Never"),
    );
    expect(status.state).toEqual({ terminated: expect.objectContaining({ exitCode: 137 }) as object });
    expect(status.lastState).toEqual({});
  });

  it("B1: a sidecar restarts whatever the pod's policy, so it shows PostStartHookError under Never too", () => {
    const status = toContainerStatus(
      { ...app, restartPolicy: "Always" },
      record({ role: "sidecar", state: { kind: "exited", termination: killed }, startError }),
      policy("Never"),
    );
    expect(status.state).toEqual({ waiting: { reason: "PostStartHookError", message } });
  });

  it("D8: a restart in flight keeps showing why the last start failed, with the killed run as lastState", () => {
    const status = toContainerStatus(
      app,
      record({
        restartCount: 1,
        state: { kind: "starting", sinceMs: T0 },
        lastTermination: killed,
        startError,
      }),
      policy("Always"),
    );
    expect(status.state).toEqual({ waiting: { reason: "PostStartHookError", message } });
    expect(status.lastState?.terminated?.exitCode).toBe(137);
  });

  it("B4: a CrashLoopBackOff hold is shown rather than the start error", () => {
    const status = toContainerStatus(
      app,
      record({
        state: { kind: "exited", termination: killed },
        startError,
        backOff: { message: "back-off 10s restarting failed container=c pod=p", untilMs: T0 + 10_000 },
      }),
      policy("Always"),
    );
    expect(status.state?.waiting?.reason).toBe("CrashLoopBackOff");
  });
});
