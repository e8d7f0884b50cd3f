/**
 * Restates kubernetes/kubernetes `pkg/kubelet/kubelet_pods_test.go` `TestPodPhaseWith*`
 * (the ContainerRestartRules/RestartAllContainers variants are out of scope, docs/rules/phase.md "Not covered").
 * Upstream passes `podHasInitialized` explicitly; so do these tables, through `hasInitialized`.
 */
import { describe, expect, it } from "vitest";
import type { ContainerStatus, Pod, PodPhase, PodSpec } from "../api/index.js";
import { getPodPhase } from "./pod-phase.js";

const base = (name: string): ContainerStatus => ({
  name,
  ready: false,
  restartCount: 0,
  image: "",
  imageID: "",
});
const runningState = (name: string): ContainerStatus => ({ ...base(name), state: { running: {} } });
const startedState = (name: string): ContainerStatus => ({ ...runningState(name), started: true });
const stoppedState = (name: string): ContainerStatus => ({
  ...base(name),
  state: { terminated: { exitCode: 0 } },
});
const succeededState = stoppedState;
const failedState = (name: string): ContainerStatus => ({
  ...base(name),
  state: { terminated: { exitCode: -1 } },
});
const waitingState = (name: string): ContainerStatus => ({ ...base(name), state: { waiting: {} } });
const waitingStateWithLastTermination = (name: string): ContainerStatus => ({
  ...waitingState(name),
  lastState: { terminated: { exitCode: 0 } },
});
const waitingStateWithNonZeroTermination = (name: string): ContainerStatus => ({
  ...waitingState(name),
  lastState: { terminated: { exitCode: -1 } },
});

type Case = [
  name: string,
  init: ContainerStatus[],
  regular: ContainerStatus[],
  expected: PodPhase,
  opts?: { terminal?: boolean; hasInitialized?: boolean },
];

function podOf(spec: PodSpec, init: ContainerStatus[], regular: ContainerStatus[]): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec,
    status: { initContainerStatuses: init, containerStatuses: regular },
  };
}

function table(title: string, spec: PodSpec, cases: Case[], defaults: { hasInitialized: boolean }): void {
  describe(title, () => {
    it.each(cases)("%s", (_name, init, regular, expected, opts) => {
      const phase = getPodPhase(podOf(spec, init, regular), {
        terminal: opts?.terminal ?? false,
        hasInitialized: opts?.hasInitialized ?? defaults.hasInitialized,
      });
      expect(phase).toBe(expected);
    });
  });
}

const ab = [{ name: "containerA" }, { name: "containerB" }];
const x = [{ name: "containerX" }];
const sidecarX = [{ name: "containerX", restartPolicy: "Always" }];

table(
  "TestPodPhaseWithRestartAlways",
  { nodeName: "machine", containers: ab, restartPolicy: "Always" },
  [
    ["waiting", [], [], "Pending"],
    ["all running", [], [runningState("containerA"), runningState("containerB")], "Running"],
    [
      "all stopped with restart always",
      [],
      [stoppedState("containerA"), stoppedState("containerB")],
      "Running",
    ],
    [
      "all succeeded with restart always, but the pod is terminal",
      [],
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
      { terminal: true },
    ],
    [
      "all stopped with restart always, but the pod is terminal",
      [],
      [succeededState("containerA"), failedState("containerB")],
      "Failed",
      { terminal: true },
    ],
    [
      "mixed state #1 with restart always",
      [],
      [runningState("containerA"), stoppedState("containerB")],
      "Running",
    ],
    ["mixed state #2 with restart always", [], [runningState("containerA")], "Pending"],
    [
      "mixed state #3 with restart always",
      [],
      [runningState("containerA"), waitingState("containerB")],
      "Pending",
    ],
    [
      "backoff crashloop container with restart always",
      [],
      [runningState("containerA"), waitingStateWithLastTermination("containerB")],
      "Running",
    ],
  ],
  { hasInitialized: false },
);

table(
  "TestPodPhaseWithRestartAlwaysInitContainers",
  { nodeName: "machine", initContainers: x, containers: ab, restartPolicy: "Always" },
  [
    ["empty, waiting", [], [], "Pending"],
    ["init container running", [runningState("containerX")], [], "Pending"],
    ["init container terminated non-zero", [failedState("containerX")], [], "Pending"],
    [
      "init container waiting, terminated zero",
      [waitingStateWithLastTermination("containerX")],
      [],
      "Pending",
    ],
    [
      "init container waiting, terminated non-zero",
      [waitingStateWithNonZeroTermination("containerX")],
      [],
      "Pending",
    ],
    ["init container waiting, not terminated", [waitingState("containerX")], [], "Pending"],
    [
      "init container succeeded",
      [succeededState("containerX")],
      [runningState("containerA"), runningState("containerB")],
      "Running",
    ],
  ],
  { hasInitialized: false },
);

table(
  "TestPodPhaseWithRestartAlwaysRestartableInitContainers",
  { nodeName: "machine", initContainers: sidecarX, containers: ab, restartPolicy: "Always" },
  [
    ["empty, waiting", [], [], "Pending"],
    ["restartable init container running", [runningState("containerX")], [], "Pending"],
    ["restartable init container stopped", [stoppedState("containerX")], [], "Pending"],
    [
      "restartable init container waiting, terminated zero",
      [waitingStateWithLastTermination("containerX")],
      [],
      "Pending",
    ],
    [
      "restartable init container waiting, terminated non-zero",
      [waitingStateWithNonZeroTermination("containerX")],
      [],
      "Pending",
    ],
    ["restartable init container waiting, not terminated", [waitingState("containerX")], [], "Pending"],
    [
      "restartable init container started, 1/2 regular container running",
      [startedState("containerX")],
      [runningState("containerA")],
      "Pending",
      { hasInitialized: true },
    ],
    [
      "restartable init container started, all regular containers running",
      [startedState("containerX")],
      [runningState("containerA"), runningState("containerB")],
      "Running",
      { hasInitialized: true },
    ],
    [
      "restartable init container running, all regular containers running",
      [runningState("containerX")],
      [runningState("containerA"), runningState("containerB")],
      "Running",
      { hasInitialized: true },
    ],
    [
      "restartable init container stopped, all regular containers running",
      [stoppedState("containerX")],
      [runningState("containerA"), runningState("containerB")],
      "Running",
      { hasInitialized: true },
    ],
    [
      "backoff crashloop restartable init container, all regular containers running",
      [waitingStateWithLastTermination("containerX")],
      [runningState("containerA"), runningState("containerB")],
      "Running",
      { hasInitialized: true },
    ],
    [
      "all regular containers succeeded and restartable init container failed with restart always, but the pod is terminal",
      [failedState("containerX")],
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
      { terminal: true, hasInitialized: true },
    ],
    [
      "all regular containers succeeded and restartable init container succeeded with restart always, but the pod is terminal",
      [succeededState("containerX")],
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
      { terminal: true, hasInitialized: true },
    ],
    [
      "re-initializing the pod after the sandbox is recreated",
      [runningState("containerX")],
      [runningState("containerA"), runningState("containerB")],
      "Pending",
    ],
  ],
  { hasInitialized: false },
);

table(
  "TestPodPhaseWithRestartAlwaysAndPodHasRun",
  {
    nodeName: "machine",
    initContainers: [{ name: "containerX" }, { name: "containerY", restartPolicy: "Always" }],
    containers: [{ name: "containerA" }],
    restartPolicy: "Always",
  },
  [
    [
      "regular init containers, restartable init container and regular container are all running",
      [runningState("containerX"), runningState("containerY")],
      [runningState("containerA")],
      "Pending",
    ],
    [
      "regular containers is stopped, restartable init container and regular int container are both running",
      [runningState("containerX"), runningState("containerY")],
      [stoppedState("containerA")],
      "Pending",
    ],
    [
      "re-created sandbox: regular init container is succeeded, restartable init container is running, old regular containers is stopped",
      [succeededState("containerX"), runningState("containerY")],
      [stoppedState("containerA")],
      "Pending",
    ],
    [
      "regular init container is succeeded, restartable init container is running, regular containers is stopped",
      [succeededState("containerX"), runningState("containerY")],
      [stoppedState("containerA")],
      "Running",
      { hasInitialized: true },
    ],
    [
      "regular init container is succeeded, restartable init container and regular containers are both running",
      [succeededState("containerX"), runningState("containerY")],
      [runningState("containerA")],
      "Running",
      { hasInitialized: true },
    ],
  ],
  { hasInitialized: false },
);

table(
  "TestPodPhaseWithRestartNever",
  { nodeName: "machine", containers: ab, restartPolicy: "Never" },
  [
    ["waiting", [], [], "Pending"],
    [
      "all running with restart never",
      [],
      [runningState("containerA"), runningState("containerB")],
      "Running",
    ],
    [
      "all succeeded with restart never",
      [],
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
    ],
    ["all failed with restart never", [], [failedState("containerA"), failedState("containerB")], "Failed"],
    [
      "mixed state #1 with restart never",
      [],
      [runningState("containerA"), succeededState("containerB")],
      "Running",
    ],
    ["mixed state #2 with restart never", [], [runningState("containerA")], "Pending"],
    [
      "mixed state #3 with restart never",
      [],
      [runningState("containerA"), waitingState("containerB")],
      "Pending",
    ],
  ],
  { hasInitialized: false },
);

table(
  "TestPodPhaseWithRestartNeverInitContainers",
  { nodeName: "machine", initContainers: x, containers: ab, restartPolicy: "Never" },
  [
    ["empty, waiting", [], [], "Pending"],
    ["init container running", [runningState("containerX")], [], "Pending"],
    ["init container terminated non-zero", [failedState("containerX")], [], "Failed"],
    [
      "init container waiting, terminated zero",
      [waitingStateWithLastTermination("containerX")],
      [],
      "Pending",
    ],
    [
      "init container waiting, terminated non-zero",
      [waitingStateWithNonZeroTermination("containerX")],
      [],
      "Failed",
    ],
    ["init container waiting, not terminated", [waitingState("containerX")], [], "Pending"],
    [
      "init container succeeded",
      [succeededState("containerX")],
      [runningState("containerA"), runningState("containerB")],
      "Running",
    ],
  ],
  { hasInitialized: false },
);

table(
  "TestPodPhaseWithRestartNeverRestartableInitContainers",
  { nodeName: "machine", initContainers: sidecarX, containers: ab, restartPolicy: "Never" },
  [
    ["empty, waiting", [], [], "Pending"],
    ["restartable init container running", [runningState("containerX")], [], "Pending"],
    ["restartable init container stopped", [stoppedState("containerX")], [], "Pending"],
    [
      "restartable init container waiting, terminated zero",
      [waitingStateWithLastTermination("containerX")],
      [],
      "Pending",
    ],
    [
      "restartable init container waiting, terminated non-zero",
      [waitingStateWithNonZeroTermination("containerX")],
      [],
      "Pending",
    ],
    ["restartable init container waiting, not terminated", [waitingState("containerX")], [], "Pending"],
    [
      "restartable init container started, one main container running",
      [startedState("containerX")],
      [runningState("containerA")],
      "Pending",
      { hasInitialized: true },
    ],
    [
      "restartable init container started, main containers succeeded",
      [startedState("containerX")],
      [succeededState("containerA"), succeededState("containerB")],
      "Running",
      { hasInitialized: true },
    ],
    [
      "restartable init container re-running, main containers succeeded",
      [runningState("containerX")],
      [succeededState("containerA"), succeededState("containerB")],
      "Running",
      { hasInitialized: true },
    ],
    [
      "all containers succeeded",
      [succeededState("containerX")],
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
      { hasInitialized: true },
    ],
    [
      "restartable init container terminated non-zero, main containers succeeded",
      [failedState("containerX")],
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
      { hasInitialized: true },
    ],
    [
      "backoff crashloop restartable init container, main containers succeeded",
      [waitingStateWithLastTermination("containerX")],
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
      { hasInitialized: true },
    ],
    [
      "backoff crashloop with non-zero restartable init container, main containers succeeded",
      [waitingStateWithNonZeroTermination("containerX")],
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
      { hasInitialized: true },
    ],
  ],
  { hasInitialized: false },
);

table(
  "TestPodPhaseWithRestartOnFailure",
  { nodeName: "machine", containers: ab, restartPolicy: "OnFailure" },
  [
    ["waiting", [], [], "Pending"],
    [
      "all running with restart onfailure",
      [],
      [runningState("containerA"), runningState("containerB")],
      "Running",
    ],
    [
      "all succeeded with restart onfailure",
      [],
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
    ],
    ["all failed with restart never", [], [failedState("containerA"), failedState("containerB")], "Running"],
    [
      "mixed state #1 with restart onfailure",
      [],
      [runningState("containerA"), succeededState("containerB")],
      "Running",
    ],
    ["mixed state #2 with restart onfailure", [], [runningState("containerA")], "Pending"],
    [
      "mixed state #3 with restart onfailure",
      [],
      [runningState("containerA"), waitingState("containerB")],
      "Pending",
    ],
    [
      "backoff crashloop container with restart onfailure",
      [],
      [runningState("containerA"), waitingStateWithLastTermination("containerB")],
      "Running",
    ],
  ],
  { hasInitialized: false },
);

describe("podHasInitialized derived from the statuses (HasAnyRegularContainerStarted)", () => {
  const spec: PodSpec = { initContainers: sidecarX, containers: ab, restartPolicy: "Always" };
  it.each<Case>([
    [
      "a sidecar running but not started keeps the pod Pending before any regular container ran",
      [runningState("containerX")],
      [waitingState("containerA"), waitingState("containerB")],
      "Pending",
    ],
    [
      "a sidecar restarting after the regular containers started does not bring back Pending",
      [runningState("containerX")],
      [runningState("containerA"), runningState("containerB")],
      "Running",
    ],
    [
      "a crash-looping sidecar after initialization leaves the pod Running",
      [waitingStateWithNonZeroTermination("containerX")],
      [runningState("containerA"), runningState("containerB")],
      "Running",
    ],
  ])("%s", (_name, init, regular, expected) => {
    expect(getPodPhase(podOf(spec, init, regular))).toBe(expected);
  });

  it("a pod with no status at all is Pending", () => {
    const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: {}, spec };
    expect(getPodPhase(pod)).toBe("Pending");
  });

  it("a missing restartPolicy means Always (API default)", () => {
    const pod = podOf({ containers: ab }, [], [stoppedState("containerA"), failedState("containerB")]);
    expect(getPodPhase(pod)).toBe("Running");
  });
});
