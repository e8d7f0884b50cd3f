/** Conditions as kubelet `pkg/kubelet/status/generate.go` words them (docs/rules/lifecycle.md §D10–D14). */
import { describe, expect, it } from "vitest";
import type { ContainerStatus, Pod, PodSpec } from "../api/index.js";
import {
  generateContainersReadyCondition,
  generateInitializedCondition,
  generateReadyCondition,
  stampCondition,
} from "./pod-conditions.js";

const cs = (name: string, fields: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name,
  ready: false,
  restartCount: 0,
  image: "",
  imageID: "",
  ...fields,
});
const podOf = (spec: PodSpec): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec });
const spec: PodSpec = {
  initContainers: [
    { name: "setup" },
    { name: "proxy", restartPolicy: "Always" },
    { name: "logs", restartPolicy: "Always" },
  ],
  containers: [{ name: "app" }, { name: "worker" }],
};

describe("Initialized (D12)", () => {
  it.each<[string, ContainerStatus[], string, object]>([
    [
      "lists init containers without status as unknown, the others as incomplete",
      [cs("setup", { state: { running: {} } })],
      "Pending",
      {
        status: "False",
        reason: "ContainersNotInitialized",
        message: "containers with unknown status: [proxy logs], containers with incomplete status: [setup]",
      },
    ],
    [
      "a sidecar counts as initialized once started",
      [
        cs("setup", { ready: true, state: { terminated: { exitCode: 0 } } }),
        cs("proxy", { started: true }),
        cs("logs", { started: false, state: { running: {} } }),
      ],
      "Pending",
      {
        status: "False",
        reason: "ContainersNotInitialized",
        message: "containers with incomplete status: [logs]",
      },
    ],
    [
      "is True once every init container is initialized",
      [cs("setup", { ready: true }), cs("proxy", { started: true }), cs("logs", { started: true })],
      "Pending",
      { status: "True" },
    ],
    [
      "stays True while a sidecar restarts after a regular container started",
      [
        cs("setup", { ready: true }),
        cs("proxy", { started: false, state: { waiting: { reason: "CrashLoopBackOff" } } }),
        cs("logs", { started: true }),
        cs("app", { state: { running: {} } }),
      ],
      "Running",
      { status: "True" },
    ],
    [
      "is True with reason PodCompleted on Succeeded",
      [cs("setup"), cs("proxy"), cs("logs")],
      "Succeeded",
      { status: "True", reason: "PodCompleted" },
    ],
  ])("%s", (_name, statuses, phase, expected) => {
    expect(generateInitializedCondition(podOf(spec), statuses, phase as "Pending")).toEqual({
      type: "Initialized",
      ...expected,
    });
  });

  it("is True at once for a pod without init containers", () => {
    expect(generateInitializedCondition(podOf({ containers: [{ name: "app" }] }), [], "Pending")).toEqual({
      type: "Initialized",
      status: "True",
    });
  });
});

describe("ContainersReady and Ready (D13, D14, B9)", () => {
  const allReady = [
    cs("setup", { ready: true }),
    cs("proxy", { ready: true }),
    cs("logs", { ready: true }),
    cs("app", { ready: true }),
    cs("worker", { ready: true }),
  ];
  it.each<[string, ContainerStatus[], string, object]>([
    [
      "counts sidecars and regular containers, not regular init containers",
      [cs("setup"), cs("proxy"), cs("logs", { ready: true }), cs("app"), cs("worker", { ready: true })],
      "Running",
      {
        status: "False",
        reason: "ContainersNotReady",
        message: "containers with unready status: [proxy app]",
      },
    ],
    [
      "names containers without status as unknown first",
      [cs("proxy", { ready: true }), cs("logs", { ready: true }), cs("app")],
      "Pending",
      {
        status: "False",
        reason: "ContainersNotReady",
        message: "containers with unknown status: [worker], containers with unready status: [app]",
      },
    ],
    ["is True when all are ready", allReady, "Running", { status: "True" }],
    [
      "is False PodCompleted on Succeeded",
      allReady,
      "Succeeded",
      { status: "False", reason: "PodCompleted" },
    ],
    ["is False PodFailed on Failed", allReady, "Failed", { status: "False", reason: "PodFailed" }],
  ])("%s", (_name, statuses, phase, expected) => {
    const pod = podOf(spec);
    expect(generateContainersReadyCondition(pod, statuses, phase as "Running")).toEqual({
      type: "ContainersReady",
      ...expected,
    });
    expect(generateReadyCondition(pod, [], statuses, phase as "Running")).toEqual({
      type: "Ready",
      ...expected,
    });
  });

  it("holds Ready False until every readiness gate is True", () => {
    const pod = podOf({
      ...spec,
      readinessGates: [{ conditionType: "example.com/lb" }, { conditionType: "example.com/dns" }],
    });
    expect(
      generateReadyCondition(pod, [{ type: "example.com/lb", status: "False" }], allReady, "Running"),
    ).toEqual({
      type: "Ready",
      status: "False",
      reason: "ReadinessGatesNotReady",
      message:
        'the status of pod readiness gate "example.com/lb" is not "True", but False, corresponding condition of pod readiness gate "example.com/dns" does not exist.',
    });
    const gatesTrue = [
      { type: "example.com/lb", status: "True" as const },
      { type: "example.com/dns", status: "True" as const },
    ];
    expect(generateReadyCondition(pod, gatesTrue, allReady, "Running")).toEqual({
      type: "Ready",
      status: "True",
    });
  });
});

describe("stampCondition", () => {
  const t = (iso: string): number => Date.parse(iso);
  it("keeps lastTransitionTime while the status is unchanged, even if the reason changes", () => {
    const previous = [
      {
        type: "Ready",
        status: "False" as const,
        lastTransitionTime: "2026-01-01T00:00:00Z",
        reason: "ContainersNotReady",
      },
    ];
    expect(
      stampCondition(
        { type: "Ready", status: "False", reason: "PodCompleted" },
        t("2026-01-01T00:05:00Z"),
        previous,
      ),
    ).toEqual({
      type: "Ready",
      status: "False",
      reason: "PodCompleted",
      lastProbeTime: null,
      lastTransitionTime: "2026-01-01T00:00:00Z",
    });
  });

  it("moves lastTransitionTime to now when the status flips", () => {
    const previous = [
      { type: "Ready", status: "False" as const, lastTransitionTime: "2026-01-01T00:00:00Z" },
    ];
    expect(
      stampCondition({ type: "Ready", status: "True" }, t("2026-01-01T00:05:00.700Z"), previous)
        .lastTransitionTime,
    ).toBe("2026-01-01T00:05:00Z");
  });
});
