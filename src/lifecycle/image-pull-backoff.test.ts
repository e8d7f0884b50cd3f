import { describe, expect, it } from "vitest";
import { computePodActions } from "./compute-pod-actions.js";
import { createPodRuntimeState } from "./initial-state.js";
import { observe } from "./observe.js";
import { observationsForActions } from "./action-observations.js";
import type { Observation, PodRuntimeState } from "./pod-state.js";
import { container, makePod, sidecar } from "./testing/make-pod.js";

const IMAGE = "127.0.0.1:1/nope:1";
const PULL_ERROR = "pinging container registry 127.0.0.1:1: connection refused";
const BACK_OFF = `Back-off pulling image "${IMAGE}": ErrImagePull: ${PULL_ERROR}`;

const NEVER_PULL = `Container image "${IMAGE}" is not present with pull policy of Never`;

type StartFailure =
  | "ErrImagePull"
  | "ErrImageNeverPull"
  | "CreateContainerError"
  | "CreateContainerConfigError"
  | "RunContainerError";

/** What the pod worker records when a start fails in `failure`'s way (agent/container-start.ts). */
function failedStart(name: string, failure: StartFailure, atMs: number): Observation {
  if (failure === "ErrImagePull")
    return { type: "imagePullFailed", name, image: IMAGE, message: PULL_ERROR, atMs };
  if (failure === "RunContainerError")
    return { type: "containerStartFailed", name, reason: failure, message: "exec: not found", atMs };
  // No container was created: the agent records these with retriesOnSync.
  const message = failure === "ErrImageNeverPull" ? NEVER_PULL : "no command specified";
  return { type: "containerStartFailed", name, reason: failure, message, atMs, retriesOnSync: true };
}

/**
 * Drives the engine as the pod worker does, each second up to `untilMs`, with every start failing
 * at once in `failure`'s way (an ErrImagePull: the pull failed); a hold is recorded as such.
 * Returns the state and a log of the starts tried and the holds.
 */
function drive(
  pod = makePod({ containers: [container("app", { image: IMAGE })] }),
  untilMs = 0,
  failure: StartFailure = "ErrImagePull",
) {
  let state: PodRuntimeState = observe(createPodRuntimeState(pod, 0), {
    type: "sandboxReady",
    atMs: 0,
    podIP: "10.0.0.1",
  });
  const log: string[] = [];
  for (let nowMs = 0; nowMs <= untilMs; nowMs += 1000) {
    const actions = computePodActions(pod, state, nowMs);
    for (const observation of observationsForActions(actions, nowMs)) state = observe(state, observation);
    for (const hold of actions.imagePullBackOff) log.push(`${nowMs / 1000}s ${hold.name} ImagePullBackOff`);
    for (const hold of actions.backOff) log.push(`${nowMs / 1000}s ${hold.name} CrashLoopBackOff`);
    for (const start of actions.startContainers) {
      state = observe(state, {
        type: "containerStarting",
        name: start.name,
        atMs: nowMs,
        backoff: start.backoff,
        image: IMAGE,
      });
      state = observe(state, failedStart(start.name, failure, nowMs));
      log.push(`${nowMs / 1000}s ${start.name} ${failure}`);
    }
  }
  return { state, log };
}

describe("A18: ErrImagePull → ImagePullBackOff (kubelet image back-off 10 s doubling to 300 s, syncs retried after 10 s)", () => {
  // image_manager_test.go pullerTestCases "image missing, unable to fetch", at the kubelet's 10 s scale.
  it("pulls at 0 s and 10 s, backs off at 20 s, pulls at 30 s, backs off for 40 s, pulls at 70 s", () => {
    expect(drive(undefined, 75_000).log).toEqual([
      "0s app ErrImagePull",
      "10s app ErrImagePull",
      "20s app ImagePullBackOff",
      "30s app ErrImagePull",
      "40s app ImagePullBackOff",
      "50s app ImagePullBackOff",
      "60s app ImagePullBackOff",
      "70s app ErrImagePull",
    ]);
  });

  it("the back-off window doubles up to 300 s and no further", () => {
    const { state } = drive(undefined, 3_600_000);
    expect(state.imagePullBackoff?.[IMAGE]?.delayMs).toBe(300_000);
  });

  it("the waiting state: ErrImagePull with the runtime's message, then ImagePullBackOff quoting it as the kubelet's prevPullErrMsg", () => {
    const waiting = (untilMs: number) => drive(undefined, untilMs).state.containers.app?.state;
    expect(waiting(0)).toMatchObject({ kind: "startFailed", reason: "ErrImagePull", message: PULL_ERROR });
    expect(waiting(20_000)).toMatchObject({
      kind: "startFailed",
      reason: "ImagePullBackOff",
      message: BACK_OFF,
    });
  });

  it("between syncs the engine only asks to be woken at the retry", () => {
    const { state } = drive(undefined, 0);
    const actions = computePodActions(
      makePod({ containers: [container("app", { image: IMAGE })] }),
      state,
      4_000,
    );
    expect(actions).toMatchObject({ startContainers: [], imagePullBackOff: [], wakeAtMs: 10_000 });
  });

  it("the crash-loop back-off entry is not touched: image failures are not crashes", () => {
    expect(drive(undefined, 75_000).state.containers.app?.backoff).toBeUndefined();
  });

  it("a sidecar stuck on its image holds the app back; the next init container does not start", () => {
    const pod = makePod({
      init: [sidecar("proxy", { image: IMAGE })],
      containers: [container("app")],
    });
    const { log, state } = drive(pod, 20_000);
    expect(log).toEqual(["0s proxy ErrImagePull", "10s proxy ErrImagePull", "20s proxy ImagePullBackOff"]);
    expect(state.containers.app?.state.kind).toBe("notCreated");
  });

  it("a pull that gets through starts the container; the image's entry stays for the next failure (GC only drops expired ones)", () => {
    const pod = makePod({ containers: [container("app", { image: IMAGE })] });
    let { state } = drive(pod, 10_000);
    state = observe(state, {
      type: "containerStarting",
      name: "app",
      atMs: 70_000,
      backoff: undefined,
      image: IMAGE,
    });
    state = observe(state, { type: "containerRunning", name: "app", id: "c1", startedAtMs: 70_000 });
    expect(state.containers.app?.state.kind).toBe("running");
    expect(state.imagePullBackoff?.[IMAGE]).toMatchObject({ delayMs: 20_000, lastUpdateMs: 10_000 });
  });
});

describe("ErrImageNeverPull: retried on every sync, no back-off of any kind (image_manager.go imagePullPrecheck, kuberuntime doBackOff)", () => {
  it.each([
    [
      "ErrImageNeverPull is tried again each time the failed sync comes round (10 s), never held",
      "ErrImageNeverPull",
      ["0s", "10s", "20s", "30s", "40s", "50s", "60s"].map((t) => `${t} app ErrImageNeverPull`),
    ],
    [
      "so is a create the runtime refused (A17: CreateContainerError, no container exists to back off from)",
      "CreateContainerError",
      ["0s", "10s", "20s", "30s", "40s", "50s", "60s"].map((t) => `${t} app CreateContainerError`),
    ],
    [
      "and a CreateContainerConfigError",
      "CreateContainerConfigError",
      ["0s", "10s", "20s", "30s", "40s", "50s", "60s"].map((t) => `${t} app CreateContainerConfigError`),
    ],
    [
      "unlike a failed start of a created container (RunContainerError: it exited), which backs off as a crash does",
      "RunContainerError",
      [
        "0s app RunContainerError",
        "1s app RunContainerError",
        "2s app CrashLoopBackOff",
        "11s app RunContainerError",
        "12s app CrashLoopBackOff",
        "31s app RunContainerError",
        "32s app CrashLoopBackOff",
      ],
    ],
  ] as const)("%s", (_rule, failure, log) => {
    expect(drive(undefined, 65_000, failure).log).toEqual(log);
  });

  it("the container waits with reason ErrImageNeverPull and the kubelet's message; the crash-loop and image entries stay untouched", () => {
    const { state } = drive(undefined, 65_000, "ErrImageNeverPull");
    expect(state.containers.app?.state).toMatchObject({
      kind: "startFailed",
      reason: "ErrImageNeverPull",
      message: NEVER_PULL,
    });
    expect(state.containers.app?.backoff).toBeUndefined();
    expect(state.imagePullBackoff).toBeUndefined();
  });

  it("between syncs the engine only asks to be woken at the retry", () => {
    const pod = makePod({ containers: [container("app", { image: IMAGE })] });
    const { state } = drive(pod, 0, "ErrImageNeverPull");
    expect(computePodActions(pod, state, 4_000)).toMatchObject({
      startContainers: [],
      backOff: [],
      imagePullBackOff: [],
      wakeAtMs: 10_000,
    });
  });

  it("a restart after an exit that meets ErrImageNeverPull keeps the crash-loop entry the exit left", () => {
    const pod = makePod({ containers: [container("app", { image: IMAGE })] });
    let state = drive(pod, 0, "ErrImageNeverPull").state;
    state = observe(state, {
      type: "containerStarting",
      name: "app",
      atMs: 10_000,
      backoff: { delayMs: 20_000, lastUpdateMs: 9_000 },
      image: IMAGE,
    });
    state = observe(state, failedStart("app", "ErrImageNeverPull", 10_000));
    expect(computePodActions(pod, state, 20_000).startContainers).toEqual([
      { name: "app", backoff: { delayMs: 20_000, lastUpdateMs: 9_000 } },
    ]);
  });
});

describe("A17: a create that fails after the container ran is backed off from that run's exit (kuberuntime_manager.go doBackOff)", () => {
  /** The app ran and exited 1 at 0 s (restartPolicy Always); every create after it fails. */
  function driveAfterExit(untilMs: number) {
    const pod = makePod({ containers: [container("app", { image: IMAGE })] });
    let state: PodRuntimeState = observe(createPodRuntimeState(pod, 0), {
      type: "sandboxReady",
      atMs: 0,
      podIP: "10.0.0.1",
    });
    state = observe(state, {
      type: "containerStarting",
      name: "app",
      atMs: 0,
      backoff: undefined,
      image: IMAGE,
    });
    state = observe(state, { type: "containerRunning", name: "app", id: "c1", startedAtMs: 0 });
    state = observe(state, {
      type: "containerExited",
      name: "app",
      exit: { exitCode: 1, reason: "Error", startedAtMs: 0, finishedAtMs: 0 },
    });
    const log: string[] = [];
    for (let nowMs = 0; nowMs <= untilMs; nowMs += 1000) {
      const actions = computePodActions(pod, state, nowMs);
      for (const observation of observationsForActions(actions, nowMs)) state = observe(state, observation);
      for (const hold of actions.backOff)
        log.push(`${nowMs / 1000}s CrashLoopBackOff ${hold.message.split(" ")[1]}`);
      for (const start of actions.startContainers) {
        state = observe(state, {
          type: "containerStarting",
          name: "app",
          atMs: nowMs,
          backoff: start.backoff,
          image: IMAGE,
        });
        state = observe(state, failedStart("app", "CreateContainerError", nowMs));
        log.push(`${nowMs / 1000}s CreateContainerError`);
      }
    }
    return { state, log };
  }

  it("each retry moves the entry on (Next) with the exit as event time: tried at 0, 10, 20, 40, 80 s, held in between", () => {
    expect(driveAfterExit(85_000).log).toEqual([
      "0s CreateContainerError",
      "10s CreateContainerError",
      "20s CreateContainerError",
      "30s CrashLoopBackOff 40s",
      "40s CreateContainerError",
      "50s CrashLoopBackOff 1m20s",
      "80s CreateContainerError",
    ]);
  });

  it("no instance was created: restartCount stays 1 and the run that exited stays the last state", () => {
    const app = driveAfterExit(85_000).state.containers.app;
    expect(app?.restartCount).toBe(1);
    expect(app?.lastTermination).toMatchObject({ exitCode: 1, finishedAtMs: 0 });
  });
});
