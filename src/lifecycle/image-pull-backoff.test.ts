import { describe, expect, it } from "vitest";
import { computePodActions } from "./compute-pod-actions.js";
import { createPodRuntimeState } from "./initial-state.js";
import { observe } from "./observe.js";
import { observationsForActions } from "./action-observations.js";
import type { PodRuntimeState } from "./pod-state.js";
import { container, makePod, sidecar } from "./testing/make-pod.js";

const IMAGE = "127.0.0.1:1/nope:1";
const PULL_ERROR = "pinging container registry 127.0.0.1:1: connection refused";
const BACK_OFF = `Back-off pulling image "${IMAGE}": ErrImagePull: ${PULL_ERROR}`;

/**
 * Drives the engine as the pod worker does, with every pull of IMAGE failing at once: starts are
 * pulls, a hold is recorded as such. Returns what each second of `seconds` saw: "pull", the
 * container's waiting reason, or nothing new.
 */
function drive(pod = makePod({ containers: [container("app", { image: IMAGE })] }), untilMs = 0) {
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
    for (const start of actions.startContainers) {
      state = observe(state, {
        type: "containerStarting",
        name: start.name,
        atMs: nowMs,
        backoff: start.backoff,
        image: IMAGE,
      });
      state = observe(state, {
        type: "imagePullFailed",
        name: start.name,
        image: IMAGE,
        message: PULL_ERROR,
        atMs: nowMs,
      });
      log.push(`${nowMs / 1000}s ${start.name} ErrImagePull`);
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
