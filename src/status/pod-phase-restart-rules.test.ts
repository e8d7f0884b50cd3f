/**
 * Restates kubernetes/kubernetes v1.36 `pkg/kubelet/kubelet_pods_test.go`
 * `TestPodPhaseWithContainerRestartPolicy`, `TestPodPhaseWithContainerRestartPolicyInitContainers`
 * and `TestPodPhaseWithRestartAllContainers` (ContainerRestartRules and
 * RestartAllContainersOnContainerExits on, as by default in v1.36). As upstream, every status goes
 * in one list and `podHasInitialized` is true.
 */
import { describe, expect, it } from "vitest";
import type { Container, ContainerStatus, PodPhase, PodSpec } from "../api/index.js";
import { RESTARTING_ALL_CONTAINERS_REASON as RESTARTING_ALL_CONTAINERS } from "../lifecycle/index.js";
import { getPodPhase } from "./pod-phase.js";

const base = (name: string): ContainerStatus => ({
  name,
  ready: false,
  restartCount: 0,
  image: "",
  imageID: "",
});
const runningState = (name: string): ContainerStatus => ({ ...base(name), state: { running: {} } });
const succeededState = (name: string): ContainerStatus => ({
  ...base(name),
  state: { terminated: { exitCode: 0 } },
});
const failedStateWithExitCode = (name: string, exitCode: number): ContainerStatus => ({
  ...base(name),
  state: { terminated: { exitCode } },
});
const failedState = (name: string) => failedStateWithExitCode(name, -1);
const waitingState = (name: string): ContainerStatus => ({ ...base(name), state: { waiting: {} } });
const removed = "The container is removed because RestartAllContainers in place";
const waitingStateWithRestartingAllContainers = (name: string): ContainerStatus => ({
  ...base(name),
  state: { waiting: { reason: RESTARTING_ALL_CONTAINERS, message: removed } },
  lastState: { terminated: { reason: RESTARTING_ALL_CONTAINERS, message: removed, exitCode: 137 } },
});

type Case = [name: string, spec: PodSpec, statuses: ContainerStatus[], expected: PodPhase];

function phaseOf(spec: PodSpec, statuses: ContainerStatus[]): PodPhase {
  return getPodPhase(
    { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec, status: { containerStatuses: statuses } },
    { terminal: false, hasInitialized: true },
  );
}

const named = (name: string, extra: Partial<Container> = {}): Container => ({ name, ...extra });

describe("TestPodPhaseWithContainerRestartPolicy", () => {
  it.each<Case>([
    [
      "container with restart policy Never failed",
      { containers: [named("failed-container", { restartPolicy: "Never" })], restartPolicy: "Always" },
      [failedState("failed-container")],
      "Failed",
    ],
    [
      "container with restart policy OnFailure failed",
      { containers: [named("failed-container", { restartPolicy: "OnFailure" })], restartPolicy: "Always" },
      [failedState("failed-container")],
      "Running",
    ],
    [
      "container with restart policy Always failed",
      { containers: [named("failed-container", { restartPolicy: "Always" })], restartPolicy: "Always" },
      [failedState("failed-container")],
      "Running",
    ],
    [
      "At least one container with restartable container-level restart policy failed",
      {
        containers: [named("containerA", { restartPolicy: "Always" }), named("containerB")],
        restartPolicy: "Never",
      },
      [succeededState("containerA"), failedState("containerB")],
      "Running",
    ],
    [
      "All containers without restartable container-level restart policy failed",
      {
        containers: [
          named("containerA", { restartPolicy: "Never" }),
          named("containerB", { restartPolicy: "OnFailure" }),
        ],
        restartPolicy: "Always",
      },
      [failedState("containerA"), succeededState("containerB")],
      "Failed",
    ],
    [
      "All containers succeeded",
      {
        containers: [
          named("containerA", { restartPolicy: "Never" }),
          named("containerB", { restartPolicy: "OnFailure" }),
        ],
        restartPolicy: "Always",
      },
      [succeededState("containerA"), succeededState("containerB")],
      "Succeeded",
    ],
  ])("%s", (_name, spec, statuses, expected) => {
    expect(phaseOf(spec, statuses)).toBe(expected);
  });
});

describe("TestPodPhaseWithContainerRestartPolicyInitContainers", () => {
  it.each<Case>([
    [
      "init container with restart policy Never failed",
      {
        initContainers: [named("failed-container", { restartPolicy: "Never" })],
        containers: [named("container")],
        restartPolicy: "Always",
      },
      [failedState("failed-container")],
      "Failed",
    ],
    [
      "init container with restart policy OnFailure failed",
      {
        initContainers: [named("failed-container", { restartPolicy: "OnFailure" })],
        containers: [named("container")],
        restartPolicy: "Never",
      },
      [failedState("failed-container")],
      "Pending",
    ],
    [
      "container with restart policy Always failed",
      {
        initContainers: [named("failed-container", { restartPolicy: "Always" })],
        containers: [named("container")],
        restartPolicy: "Never",
      },
      [failedState("failed-container")],
      "Pending",
    ],
  ])("%s", (_name, spec, statuses, expected) => {
    expect(phaseOf(spec, statuses)).toBe(expected);
  });
});

describe("TestPodPhaseWithRestartAllContainers", () => {
  const rule42 = [
    { action: "RestartAllContainers" as const, exitCodes: { operator: "In" as const, values: [42] } },
  ];
  const containerWithRule = named("container", { restartPolicy: "Never", restartPolicyRules: rule42 });
  const sidecarContainerWithRule = named("container", {
    restartPolicy: "Always",
    restartPolicyRules: rule42,
  });
  const regular = named("regular");
  it.each<Case>([
    // Trigger RestartAllContainers
    [
      "regular container triggers RestartAllContainers",
      { containers: [containerWithRule], restartPolicy: "Never" },
      [failedStateWithExitCode("container", 42)],
      "Running",
    ],
    [
      "init container triggers RestartAllContainers",
      { initContainers: [containerWithRule], containers: [], restartPolicy: "Never" },
      [failedStateWithExitCode("container", 42), waitingState("regular")],
      "Pending",
    ],
    [
      "sidecar container triggers RestartAllContainers",
      { initContainers: [sidecarContainerWithRule], containers: [regular], restartPolicy: "Never" },
      [failedStateWithExitCode("container", 42), waitingState("regular")],
      "Pending",
    ],
    [
      "sidecar container triggers RestartAllContainers, kills another init container",
      {
        initContainers: [sidecarContainerWithRule, named("init")],
        containers: [regular],
        restartPolicy: "Never",
      },
      [failedStateWithExitCode("container", 42), waitingState("init"), waitingState("regular")],
      "Pending",
    ],
    // Cleanup phase
    [
      "regular container triggers RestartAllContainers, cleaned up",
      { containers: [containerWithRule], restartPolicy: "Never" },
      [waitingStateWithRestartingAllContainers("container")],
      "Running",
    ],
    [
      "init container triggers RestartAllContainers, cleaned up",
      { initContainers: [containerWithRule], containers: [], restartPolicy: "Never" },
      [waitingStateWithRestartingAllContainers("container"), waitingState("regular")],
      "Pending",
    ],
    [
      "sidecar container triggers RestartAllContainers, cleaned up",
      { initContainers: [sidecarContainerWithRule], containers: [regular], restartPolicy: "Never" },
      [waitingStateWithRestartingAllContainers("container"), waitingState("regular")],
      "Pending",
    ],
    [
      "sidecar container triggers RestartAllContainers, kills another init container, cleaned up",
      {
        initContainers: [sidecarContainerWithRule, named("init")],
        containers: [regular],
        restartPolicy: "Never",
      },
      [
        waitingStateWithRestartingAllContainers("container"),
        waitingStateWithRestartingAllContainers("container"),
        waitingState("regular"),
      ],
      "Pending",
    ],
    // Startup phase
    [
      "regular container triggered RestartAllContainers; init container succeeded",
      { initContainers: [named("init")], containers: [containerWithRule], restartPolicy: "Never" },
      [succeededState("init"), waitingStateWithRestartingAllContainers("container")],
      "Running",
    ],
    [
      "regular container triggered RestartAllContainers; init container failed",
      { initContainers: [named("init")], containers: [containerWithRule], restartPolicy: "Never" },
      [failedState("init"), waitingStateWithRestartingAllContainers("container")],
      "Failed",
    ],
    [
      "init container triggered RestartAllContainers",
      { initContainers: [containerWithRule], containers: [regular], restartPolicy: "Never" },
      [failedStateWithExitCode("container", 42), waitingState("regular")],
      "Pending",
    ],
    [
      "init container triggered RestartAllContainers; init container succeeds",
      { initContainers: [containerWithRule], containers: [regular], restartPolicy: "Never" },
      [succeededState("container"), waitingState("regular")],
      "Pending",
    ],
    [
      "sidecar container triggered RestartAllContainers kills regular container",
      { initContainers: [sidecarContainerWithRule], containers: [regular], restartPolicy: "Never" },
      [
        waitingStateWithRestartingAllContainers("container"),
        waitingStateWithRestartingAllContainers("regular"),
      ],
      "Running",
    ],
    [
      "sidecar container triggered RestartAllContainers kills regular container; sidecar running",
      { initContainers: [sidecarContainerWithRule], containers: [regular], restartPolicy: "Never" },
      [runningState("container"), waitingStateWithRestartingAllContainers("regular")],
      "Running",
    ],
    [
      "sidecar container triggered RestartAllContainers; kills init container; sidecar running",
      {
        initContainers: [sidecarContainerWithRule, named("init")],
        containers: [regular],
        restartPolicy: "Never",
      },
      [
        runningState("container"),
        waitingStateWithRestartingAllContainers("container"),
        waitingState("regular"),
      ],
      "Pending",
    ],
  ])("%s", (_name, spec, statuses, expected) => {
    expect(phaseOf(spec, statuses)).toBe(expected);
  });
});
