/**
 * The status of a pod restarting in place (KEP-5532, rule I4, D15): kubelet
 * `GenerateAllContainersRestartingCondition`, `GeneratePodInitializedCondition` and
 * `convertToAPIContainerStatuses` with RestartAllContainersOnContainerExits on (v1.36 default).
 */
import { describe, expect, it } from "vitest";
import type { Pod, PodStatus } from "../api/index.js";
import { computePodActions } from "../lifecycle/index.js";
import { createPodRuntimeState } from "../lifecycle/index.js";
import type { PodRuntimeState } from "../lifecycle/index.js";
import { exitOf, observeAll } from "../lifecycle/testing/apply-actions.js";
import { generatePodStatus } from "./generate-pod-status.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", uid: "u1" },
  spec: {
    restartPolicy: "Never",
    initContainers: [{ name: "init", image: "busybox" }],
    containers: [
      {
        name: "source",
        image: "busybox",
        restartPolicy: "Never",
        restartPolicyRules: [{ action: "RestartAllContainers", exitCodes: { operator: "In", values: [42] } }],
      },
      { name: "other", image: "busybox" },
    ],
  },
};

const run = (state: PodRuntimeState, name: string, atMs: number) =>
  observeAll(state, [
    { type: "containerStarting", name, atMs, backoff: undefined },
    { type: "containerRunning", name, id: `${name}-${atMs}`, startedAtMs: atMs },
  ]);

function runningPod(): PodRuntimeState {
  let state = observeAll(createPodRuntimeState(pod, T0), [
    { type: "sandboxReady", atMs: T0, podIP: "10.0.0.2" },
  ]);
  state = observeAll(run(state, "init", T0), [exitOf("init", 0, T0, T0 + 1_000)]);
  return run(run(state, "source", T0 + 1_000), "other", T0 + 1_000);
}

const condition = (status: PodStatus, type: string) => status.conditions?.find((c) => c.type === type);

describe("a pod restarting in place (RestartAllContainers)", () => {
  it("AllContainersRestarting is False while nothing matched, True from the matching exit until the containers are removed, then False again", () => {
    let state = runningPod();
    const before = generatePodStatus(pod, state, T0 + 2_000);
    expect(condition(before, "AllContainersRestarting")).toMatchObject({ status: "False" });
    expect(condition(before, "AllContainersRestarting")?.reason).toBeUndefined();

    state = observeAll(state, [exitOf("source", 42, T0 + 1_000, T0 + 5_000)]);
    const during = generatePodStatus(pod, state, T0 + 5_000, before);
    expect(condition(during, "AllContainersRestarting")).toMatchObject({
      status: "True",
      reason: "RestartAllContainersStarted",
      message: "container exited with restart policy rule",
    });
    expect(during.phase).toBe("Running");

    state = observeAll(state, [
      { type: "killStarted", name: "other", reason: "RestartAllContainers", atMs: T0 + 5_000 },
      exitOf("other", 137, T0 + 1_000, T0 + 7_000),
    ]);
    expect(computePodActions(pod, state, T0 + 7_000).resetContainers).toBe(true);
    state = observeAll(state, [{ type: "containersReset", atMs: T0 + 7_000 }]);
    const after = generatePodStatus(pod, state, T0 + 7_000, during);
    expect(condition(after, "AllContainersRestarting")).toMatchObject({ status: "False" });
    // Same pod, same sandbox: the IP stays.
    expect(after.podIP).toBe(before.podIP);
    // An initialized pod stays Initialized while its init containers run again.
    expect(condition(after, "Initialized")).toMatchObject({ status: "True" });
    // Every container that ran counts a restart and shows its removal as the last state.
    const all = [...(after.initContainerStatuses ?? []), ...(after.containerStatuses ?? [])];
    expect(all.map((s) => [s.name, s.restartCount, s.state?.waiting?.reason])).toEqual([
      ["init", 1, "PodInitializing"],
      ["other", 1, "PodInitializing"],
      ["source", 1, "PodInitializing"],
    ]);
    for (const s of all)
      expect(s.lastState?.terminated).toEqual({
        exitCode: 137,
        reason: "RestartingAllContainers",
        message: "The container is removed because RestartAllContainers in place",
      });
    expect(after.phase).toBe("Running");

    // The init container runs again: the pod is Pending (kubelet getPhase counts it as pending init).
    state = run(state, "init", T0 + 7_000);
    expect(generatePodStatus(pod, state, T0 + 7_000, after).phase).toBe("Pending");
  });

  it("a pod without a RestartAllContainers rule has no AllContainersRestarting condition", () => {
    const plain: Pod = { ...pod, spec: { ...pod.spec, containers: [{ name: "app", image: "busybox" }] } };
    const state = observeAll(createPodRuntimeState(plain, T0), [
      { type: "sandboxReady", atMs: T0, podIP: "10.0.0.2" },
    ]);
    expect(condition(generatePodStatus(plain, state, T0), "AllContainersRestarting")).toBeUndefined();
  });
});
