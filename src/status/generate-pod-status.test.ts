/** generatePodStatus from hand-made engine states (docs/rules/lifecycle.md §B4, B10, C1, C9, D1–D14). */
import { describe, expect, it } from "vitest";
import type { Container, Pod, PodStatus, RestartPolicy } from "../api/index.js";
import type { ContainerRecord, PodRuntimeState, Termination } from "../lifecycle/index.js";
import { generatePodStatus } from "./generate-pod-status.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const at = (seconds: number): number => T0 + seconds * 1000;
const iso = (seconds: number): string => new Date(at(seconds)).toISOString().replace(/\.\d{3}Z$/, "Z");

function podOf(
  restartPolicy: RestartPolicy,
  extra: { readinessGates?: { conditionType: string }[] } = {},
): Pod {
  const initContainers: Container[] = [
    { name: "setup", image: "busybox" },
    { name: "proxy", image: "envoy", restartPolicy: "Always" },
  ];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "job-pod", uid: "u1" },
    spec: { restartPolicy, initContainers, containers: [{ name: "app", image: "app:1" }], ...extra },
  };
}

const probes = { startup: "Unknown", liveness: "Success", readiness: "Failure" } as const;
const exit = (
  exitCode: number,
  startedS: number,
  finishedS: number,
  extra: Partial<Termination> = {},
): Termination => ({
  exitCode,
  reason: exitCode === 0 ? "Completed" : "Error",
  startedAtMs: at(startedS),
  finishedAtMs: at(finishedS),
  ...extra,
});
const rec = (
  name: string,
  role: ContainerRecord["role"],
  fields: Partial<ContainerRecord> = {},
): ContainerRecord => ({
  name,
  role,
  state: { kind: "notCreated" },
  restartCount: 0,
  probes,
  ...fields,
});
const running = (startedS: number, id: string): ContainerRecord["state"] => ({
  kind: "running",
  startedAtMs: at(startedS),
  id,
});
const exited = (termination: Termination): ContainerRecord["state"] => ({ kind: "exited", termination });

function stateOf(records: ContainerRecord[], extra: Partial<PodRuntimeState> = {}): PodRuntimeState {
  return {
    admittedAtMs: T0,
    sandboxReadyAtMs: at(1),
    hostIP: "127.0.0.1",
    podIP: "127.0.0.1",
    containers: Object.fromEntries(records.map((r) => [r.name, r])),
    ...extra,
  };
}

/** The initialized pod: setup done, proxy started, app running. */
const initialized = (
  app: Partial<ContainerRecord> = {},
  proxy: Partial<ContainerRecord> = {},
): ContainerRecord[] => [
  rec("setup", "init", { state: exited(exit(0, 2, 3)) }),
  rec("proxy", "sidecar", { state: running(4, "p1"), ...proxy }),
  rec("app", "regular", { state: running(5, "a1"), ...app }),
];

const conditionsOf = (status: PodStatus): Record<string, string> =>
  Object.fromEntries(
    (status.conditions ?? []).map((c) => [
      c.type,
      [c.status, c.reason, c.message].filter((x) => x !== undefined).join(" | "),
    ]),
  );

describe("generatePodStatus", () => {
  it("reports a just-admitted pod as Pending with every container waiting for initialization", () => {
    const { sandboxReadyAtMs: _none, ...noSandbox } = stateOf([]);
    const status = generatePodStatus(podOf("Always"), noSandbox, at(0));
    expect(status.phase).toBe("Pending");
    expect(status.podIP).toBeUndefined();
    expect(status.hostIP).toBe("127.0.0.1");
    expect(status.startTime).toBe(iso(0));
    expect(status.qosClass).toBe("BestEffort");
    expect(status.initContainerStatuses?.map((s) => s.state)).toEqual([
      { waiting: { reason: "PodInitializing" } },
      { waiting: { reason: "PodInitializing" } },
    ]);
    expect(status.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: "PodInitializing" } });
    expect(conditionsOf(status)).toEqual({
      PodReadyToStartContainers: "False",
      Initialized: "False | ContainersNotInitialized | containers with incomplete status: [setup proxy]",
      Ready: "False | ContainersNotReady | containers with unready status: [proxy app]",
      ContainersReady: "False | ContainersNotReady | containers with unready status: [proxy app]",
      PodScheduled: "True",
    });
    expect(status.conditions?.map((c) => c.type)).toEqual([
      "PodReadyToStartContainers",
      "Initialized",
      "Ready",
      "ContainersReady",
      "PodScheduled",
    ]);
  });

  it("reports the node's and the sandbox's addresses as given, never an assumed loopback", () => {
    const state = stateOf(initialized(), { hostIP: "192.168.1.7", podIP: "10.88.0.5" });
    const status = generatePodStatus(podOf("Always"), state, at(6));
    expect([status.hostIP, status.hostIPs]).toEqual(["192.168.1.7", [{ ip: "192.168.1.7" }]]);
    expect([status.podIP, status.podIPs]).toEqual(["10.88.0.5", [{ ip: "10.88.0.5" }]]);
  });

  it("reports a running pod with all containers ready as Running and Ready, with the loopback pod IP", () => {
    const status = generatePodStatus(podOf("Always"), stateOf(initialized()), at(6));
    expect(status.phase).toBe("Running");
    expect(status.podIP).toBe("127.0.0.1");
    expect(status.podIPs).toEqual([{ ip: "127.0.0.1" }]);
    expect(conditionsOf(status)).toEqual({
      PodReadyToStartContainers: "True",
      Initialized: "True",
      Ready: "True",
      ContainersReady: "True",
      PodScheduled: "True",
    });
    expect(status.initContainerStatuses?.map((s) => [s.name, s.ready, s.started])).toEqual([
      ["setup", true, false],
      ["proxy", true, true],
    ]);
  });

  it("keeps a pod whose sidecar crash-loops after initialization Running with Initialized True (B10)", () => {
    const backOff = {
      message: "back-off 20s restarting failed container=proxy pod=job-pod_default(u1)",
      untilMs: at(40),
    };
    const state = stateOf(
      initialized(
        {},
        { restartCount: 2, state: exited(exit(1, 10, 20)), lastTermination: exit(1, 6, 8), backOff },
      ),
    );
    const status = generatePodStatus(podOf("Always"), state, at(21));
    expect(status.phase).toBe("Running");
    expect(conditionsOf(status)).toMatchObject({
      Initialized: "True",
      ContainersReady: "False | ContainersNotReady | containers with unready status: [proxy]",
      Ready: "False | ContainersNotReady | containers with unready status: [proxy]",
    });
    const proxy = status.initContainerStatuses?.[1];
    expect(proxy).toMatchObject({
      name: "proxy",
      ready: false,
      started: false,
      restartCount: 2,
      state: { waiting: { reason: "CrashLoopBackOff", message: backOff.message } },
      lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: iso(10), finishedAt: iso(20) } },
    });
  });

  it("shows a regular container held in CrashLoopBackOff as waiting with its last termination; the pod stays Running", () => {
    const backOff = {
      message: "back-off 10s restarting failed container=app pod=job-pod_default(u1)",
      untilMs: at(30),
    };
    const state = stateOf(
      initialized({ restartCount: 1, state: exited(exit(3, 5, 20, { message: "bad config" })), backOff }),
    );
    const status = generatePodStatus(podOf("Always"), state, at(21));
    expect(status.phase).toBe("Running");
    expect(status.containerStatuses?.[0]).toMatchObject({
      state: { waiting: { reason: "CrashLoopBackOff" } },
      lastState: { terminated: { exitCode: 3, reason: "Error", message: "bad config", finishedAt: iso(20) } },
    });
  });

  it("ends a Job-style pod Succeeded when the app exited 0 and the sidecar was SIGKILLed (137)", () => {
    const state = stateOf(
      initialized(
        { state: exited(exit(0, 5, 30)) },
        { state: exited(exit(137, 4, 33, { signal: "SIGKILL" })) },
      ),
      { termination: { reason: "Completed", startedAtMs: at(30), gracePeriodMs: 30_000 } },
    );
    const status = generatePodStatus(podOf("Never"), state, at(34));
    expect(status.phase).toBe("Succeeded");
    expect(status.initContainerStatuses?.[1]?.state).toEqual({
      terminated: { exitCode: 137, signal: 9, reason: "Error", startedAt: iso(4), finishedAt: iso(33) },
    });
    expect(conditionsOf(status)).toEqual({
      PodReadyToStartContainers: "False",
      Initialized: "True | PodCompleted",
      Ready: "False | PodCompleted",
      ContainersReady: "False | PodCompleted",
      PodScheduled: "True",
    });
  });

  it("keeps the pod Running while its sidecar is still being stopped after the app finished (D2.3)", () => {
    const state = stateOf(initialized({ state: exited(exit(0, 5, 30)) }), {
      termination: { reason: "Completed", startedAtMs: at(30), gracePeriodMs: 30_000 },
    });
    expect(generatePodStatus(podOf("Never"), state, at(31)).phase).toBe("Running");
  });

  it("fails the pod at once with DeadlineExceeded when the active deadline passes", () => {
    const state = stateOf(initialized(), {
      termination: { reason: "DeadlineExceeded", startedAtMs: at(60), gracePeriodMs: 30_000 },
    });
    const status = generatePodStatus(podOf("Always"), state, at(60));
    expect(status).toMatchObject({
      phase: "Failed",
      reason: "DeadlineExceeded",
      message: "Pod was active on the node longer than the specified deadline",
    });
    expect(conditionsOf(status)).toMatchObject({
      Ready: "False | PodFailed",
      ContainersReady: "False | PodFailed",
    });
  });

  it("ends a deleted restartPolicy Always pod Succeeded when its app exited 0 on SIGTERM (C9)", () => {
    const state = stateOf(initialized({ state: exited(exit(0, 5, 40)) }, { state: exited(exit(0, 4, 41)) }), {
      termination: { reason: "Deleted", startedAtMs: at(40), gracePeriodMs: 30_000 },
    });
    expect(generatePodStatus(podOf("Always"), state, at(42)).phase).toBe("Succeeded");
  });

  it("ends a deleted pod Failed when its app was SIGKILLed after the grace period (C9)", () => {
    const state = stateOf(
      initialized(
        { state: exited(exit(137, 5, 72, { signal: "SIGKILL" })) },
        { state: exited(exit(0, 4, 73)) },
      ),
      {
        termination: { reason: "Deleted", startedAtMs: at(40), gracePeriodMs: 30_000 },
      },
    );
    expect(generatePodStatus(podOf("Always"), state, at(74)).phase).toBe("Failed");
  });

  it("marks a pod deleted during initialization Failed once nothing runs (status manager TerminatePod)", () => {
    const state = stateOf(
      [rec("setup", "init", { state: exited(exit(137, 2, 10, { signal: "SIGKILL" })) })],
      {
        termination: { reason: "Deleted", startedAtMs: at(8), gracePeriodMs: 2_000 },
      },
    );
    const status = generatePodStatus(podOf("Always"), state, at(11));
    expect(status.phase).toBe("Failed");
    expect(status.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: "PodInitializing" } });
  });

  it("shows a held restart as the exit it followed once the pod terminates, since nothing restarts (C4)", () => {
    const backOff = {
      message: "back-off 10s restarting failed container=app pod=job-pod_default(u1)",
      untilMs: at(30),
    };
    const state = stateOf(
      initialized(
        { restartCount: 1, state: exited(exit(1, 5, 20)), backOff },
        { state: exited(exit(0, 4, 22)) },
      ),
      {
        termination: { reason: "Deleted", startedAtMs: at(21), gracePeriodMs: 30_000 },
      },
    );
    const status = generatePodStatus(podOf("Always"), state, at(23));
    expect(status.containerStatuses?.[0]?.state).toEqual({
      terminated: { exitCode: 1, reason: "Error", startedAt: iso(5), finishedAt: iso(20) },
    });
    expect(status.phase).toBe("Failed");
  });

  it("fails a restartPolicy Never pod whose regular init container exited non-zero (A11)", () => {
    const state = stateOf([rec("setup", "init", { state: exited(exit(2, 2, 3)) })], {
      termination: { reason: "InitFailed", startedAtMs: at(3), gracePeriodMs: 30_000 },
    });
    const status = generatePodStatus(podOf("Never"), state, at(4));
    expect(status.phase).toBe("Failed");
    expect(conditionsOf(status).Initialized).toBe(
      "False | ContainersNotInitialized | containers with incomplete status: [setup proxy]",
    );
  });

  it("never leaves a terminal phase that was already reported (D3)", () => {
    const previous: PodStatus = { phase: "Succeeded", reason: "Whatever", message: "kept" };
    const status = generatePodStatus(podOf("Always"), stateOf(initialized()), at(50), previous);
    expect(status).toMatchObject({ phase: "Succeeded", reason: "Whatever", message: "kept" });
  });

  it("does not relabel a pod that already Succeeded when the deadline passes afterwards", () => {
    const state = stateOf(initialized(), {
      termination: { reason: "DeadlineExceeded", startedAtMs: at(60), gracePeriodMs: 30_000 },
    });
    const status = generatePodStatus(podOf("Never"), state, at(61), { phase: "Succeeded" });
    expect(status.phase).toBe("Succeeded");
    expect(status).not.toHaveProperty("reason");
    expect(status).not.toHaveProperty("message");
  });

  it("does not take a phase from the manifest's own status", () => {
    const pod: Pod = { ...podOf("Always"), status: { phase: "Failed" } };
    expect(generatePodStatus(pod, stateOf(initialized()), at(6)).phase).toBe("Running");
  });

  it("keeps condition transition times while statuses hold and moves them when a status flips", () => {
    const pod = podOf("Always");
    const first = generatePodStatus(
      pod,
      stateOf(initialized({ state: { kind: "starting", sinceMs: at(5) } })),
      at(5),
    );
    const second = generatePodStatus(pod, stateOf(initialized()), at(9), first);
    const times = (s: PodStatus): Record<string, string | undefined> =>
      Object.fromEntries((s.conditions ?? []).map((c) => [c.type, c.lastTransitionTime]));
    expect(times(first)).toEqual({
      PodReadyToStartContainers: iso(5),
      Initialized: iso(5),
      Ready: iso(5),
      ContainersReady: iso(5),
      PodScheduled: iso(0),
    });
    expect(times(second)).toEqual({
      PodReadyToStartContainers: iso(5),
      Initialized: iso(5),
      Ready: iso(9),
      ContainersReady: iso(9),
      PodScheduled: iso(0),
    });
    expect(second.startTime).toBe(iso(0));
  });

  it("carries readiness-gate conditions from the previous status and holds Ready on them", () => {
    const pod = podOf("Always", { readinessGates: [{ conditionType: "example.com/lb" }] });
    const previous: PodStatus = {
      conditions: [{ type: "example.com/lb", status: "False", lastTransitionTime: iso(1) }],
    };
    const status = generatePodStatus(pod, stateOf(initialized()), at(6), previous);
    expect(status.conditions?.[0]).toEqual({
      type: "example.com/lb",
      status: "False",
      lastTransitionTime: iso(1),
    });
    expect(conditionsOf(status).Ready).toBe(
      'False | ReadinessGatesNotReady | the status of pod readiness gate "example.com/lb" is not "True", but False',
    );
    expect(conditionsOf(status).ContainersReady).toBe("True");
  });

  it("lists regular container statuses sorted by name, as the kubelet does", () => {
    const pod: Pod = { ...podOf("Always"), spec: { containers: [{ name: "zeta" }, { name: "alpha" }] } };
    const status = generatePodStatus(pod, stateOf([]), at(1));
    expect(status.containerStatuses?.map((s) => s.name)).toEqual(["alpha", "zeta"]);
    expect(status.initContainerStatuses).toBeUndefined();
    expect(status.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: "ContainerCreating" } });
  });
});

describe("a container being restarted", () => {
  it("keeps the status last reported (the crash) until it runs, as one kubelet sync publishes it", () => {
    const pod = podOf("Never");
    const crashed = generatePodStatus(
      pod,
      stateOf(initialized({}, { state: exited(exit(1, 4, 8)), restartCount: 0 })),
      at(8),
    );
    const restarting = generatePodStatus(
      pod,
      stateOf(
        initialized(
          {},
          { state: { kind: "starting", sinceMs: at(8) }, restartCount: 1, lastTermination: exit(1, 4, 8) },
        ),
      ),
      at(8),
      crashed,
    );
    expect(restarting.initContainerStatuses?.[1]).toEqual(crashed.initContainerStatuses?.[1]);
    expect(restarting.initContainerStatuses?.[1]?.state?.terminated?.reason).toBe("Error");
  });

  it("without a reported status to keep, waits as ContainerCreating", () => {
    const status = generatePodStatus(
      podOf("Never"),
      stateOf(
        initialized(
          {},
          { state: { kind: "starting", sinceMs: at(8) }, restartCount: 1, lastTermination: exit(1, 4, 8) },
        ),
      ),
      at(8),
    );
    expect(status.initContainerStatuses?.[1]?.state).toEqual({ waiting: { reason: "ContainerCreating" } });
  });
});

describe("after a failed postStart (F3, D8)", () => {
  const startError = { reason: "PostStartHookError" as const, message: "HTTP lifecycle hook (/hook) failed" };
  const killed = exit(137, 5, 6, { killedFor: "FailedPostStartHook" });

  it("D8: the restart in flight keeps the PostStartHookError last reported, and its kill is never shown as Running", () => {
    const pod = podOf("Always");
    const failed = generatePodStatus(pod, stateOf(initialized({ state: exited(killed), startError })), at(6));
    expect(failed.containerStatuses?.[0]?.state).toEqual({
      waiting: { reason: "PostStartHookError", message: startError.message },
    });
    const restarting = generatePodStatus(
      pod,
      stateOf(
        initialized({
          state: { kind: "starting", sinceMs: at(6) },
          restartCount: 1,
          lastTermination: killed,
          startError,
        }),
      ),
      at(6),
      failed,
    );
    expect(restarting.containerStatuses?.[0]).toEqual(failed.containerStatuses?.[0]);
    // The restart's postStart failed as well: its kill is in flight, still not Running.
    const killing = generatePodStatus(
      pod,
      stateOf(initialized({ state: running(6, "a2"), restartCount: 1, lastTermination: killed, startError })),
      at(7),
      restarting,
    );
    expect(killing.containerStatuses?.[0]).toEqual(failed.containerStatuses?.[0]);
    expect(conditionsOf(killing).ContainersReady).toMatch(/^False/);
  });

  it("C4: once the pod terminates nothing restarts, so the failed instance shows as its exit", () => {
    const state = stateOf(initialized({ state: exited(killed), startError }), {
      termination: { reason: "Deleted", startedAtMs: at(6), gracePeriodMs: 30_000 },
    });
    const status = generatePodStatus(podOf("Always"), state, at(7));
    expect(status.containerStatuses?.[0]?.state).toEqual({
      terminated: { exitCode: 137, reason: "Error", startedAt: iso(5), finishedAt: iso(6) },
    });
  });
});
