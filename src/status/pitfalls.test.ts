import { describe, expect, it } from "vitest";
import type { Container, ContainerStatus, Pod } from "../api/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import { explainPitfalls, type PitfallKind } from "./pitfalls.js";
import { parseBackOffDelayMs } from "./pitfall-format.js";

const T0 = Date.parse("2026-12-07T12:00:00Z");
const at = (ms: number) => new Date(T0 + ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function pod(options: {
  grace?: number;
  init?: Container[];
  containers?: Container[];
  initStatuses?: ContainerStatus[];
  statuses?: ContainerStatus[];
}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default" },
    spec: {
      terminationGracePeriodSeconds: options.grace ?? 30,
      ...(options.init ? { initContainers: options.init } : {}),
      containers: options.containers ?? [{ name: "app", image: "busybox" }],
    },
    status: {
      ...(options.initStatuses ? { initContainerStatuses: options.initStatuses } : {}),
      containerStatuses: options.statuses ?? [],
    },
  };
}

function event(reason: PodvisorEvent["reason"], container: string, ms: number, message = ""): PodvisorEvent {
  const field = container === "proxy" ? "initContainers" : "containers";
  return {
    type: reason === "Unhealthy" ? "Warning" : "Normal",
    reason,
    message,
    source: "kubelet",
    timeMs: T0 + ms,
    involvedObject: {
      kind: "Pod",
      namespace: "default",
      name: "web",
      fieldPath: `spec.${field}{${container}}`,
    },
  };
}

function terminated(name: string, exitCode: number, startedMs: number, finishedMs: number): ContainerStatus {
  return {
    name,
    ready: false,
    restartCount: 0,
    image: "busybox",
    imageID: "",
    state: {
      terminated: {
        exitCode,
        ...(exitCode === 137 ? { signal: 9 } : {}),
        reason: "Error",
        startedAt: at(startedMs),
        finishedAt: at(finishedMs),
      },
    },
  };
}

const preStop = { lifecycle: { preStop: { exec: { command: ["sleep", "60"] } } } };
const kinds = (hints: { kind: PitfallKind; container: string }[]) =>
  hints.map((h) => `${h.kind}:${h.container}`);

describe("pitfall hints from the pod's spec, status and events", () => {
  it.each<[string, Pod, PodvisorEvent[], string[]]>([
    [
      "a PID 1 without a trap: SIGKILL 2 s after Killing (grace 2 s) — it ignored SIGTERM",
      pod({ grace: 2, statuses: [terminated("app", 137, 0, 12_000)] }),
      [event("Killing", "app", 10_000, "Stopping container app")],
      ["IgnoredSigterm:app"],
    ],
    [
      "exit 143 on SIGTERM is a clean stop: no hint",
      pod({ grace: 2, statuses: [terminated("app", 143, 0, 10_000)] }),
      [event("Killing", "app", 10_000)],
      [],
    ],
    [
      "SIGKILL without a Killing event for the instance (killed from outside): no hint",
      pod({ statuses: [terminated("app", 137, 0, 10_000)] }),
      [],
      [],
    ],
    [
      "a KEP-4438 restarted sidecar SIGKILLed at once at its turn: not an ignored SIGTERM",
      pod({ statuses: [terminated("app", 137, 0, 10_000)] }),
      [event("Killing", "app", 9_900)],
      [],
    ],
    [
      "a preStop hook that outlived the 5 s grace, then SIGKILL after the 2 s window: both hints",
      pod({
        grace: 5,
        containers: [{ name: "app", image: "busybox", ...preStop }],
        statuses: [terminated("app", 137, 0, 17_000)],
      }),
      [event("Killing", "app", 10_000)],
      ["PreStopOutlivedGrace:app", "IgnoredSigterm:app"],
    ],
    [
      "a short preStop hook, then SIGTERM ignored: SIGKILL at the grace period, not after it",
      pod({
        grace: 5,
        containers: [{ name: "app", image: "busybox", ...preStop }],
        statuses: [terminated("app", 137, 0, 15_000)],
      }),
      [event("Killing", "app", 10_000)],
      ["IgnoredSigterm:app"],
    ],
    [
      "a preStop hook that outlived the grace, then a clean exit on SIGTERM",
      pod({
        grace: 5,
        containers: [{ name: "app", image: "busybox", ...preStop }],
        statuses: [terminated("app", 0, 0, 15_000)],
      }),
      [event("Killing", "app", 10_000)],
      ["PreStopOutlivedGrace:app"],
    ],
    [
      "a preStop hook that returned early, then a clean exit: no hint",
      pod({
        grace: 30,
        containers: [{ name: "app", image: "busybox", ...preStop }],
        statuses: [terminated("app", 0, 0, 13_000)],
      }),
      [event("Killing", "app", 10_000)],
      [],
    ],
  ])("%s", (_name, subject, events, expected) => {
    expect(kinds(explainPitfalls(subject, events, T0 + 60_000))).toEqual(expected);
  });

  it("the ignored-SIGTERM hint names the fixes and the job-sidecar.yaml example", () => {
    const [hint] = explainPitfalls(
      pod({ grace: 2, statuses: [terminated("app", 137, 0, 12_000)] }),
      [event("Killing", "app", 10_000)],
      T0 + 60_000,
    );
    expect(hint?.message).toBe(
      'container "app" ignored SIGTERM: SIGKILL ended it when its stop window ran out (terminationGracePeriodSeconds: 2); a shell as PID 1 without a trap ignores SIGTERM (the official job-sidecar.yaml example waits out its full 30s for this reason) — exec the program, trap TERM, or set a shorter terminationGracePeriodSeconds',
    );
  });

  describe("a sidecar whose probe does not pass", () => {
    const proxy: Container = {
      name: "proxy",
      image: "busybox",
      restartPolicy: "Always",
      readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
    };
    const running = (ready: boolean, started = true): ContainerStatus => ({
      name: "proxy",
      ready,
      started,
      restartCount: 0,
      image: "busybox",
      imageID: "",
      state: { running: { startedAt: at(0) } },
    });
    const failures = (n: number, label = "Readiness") =>
      Array.from({ length: n }, (_, i) =>
        event(
          "Unhealthy",
          "proxy",
          1_000 * (i + 1),
          `${label} probe failed: HTTP probe failed with statuscode: 503`,
        ),
      );

    it("readiness failed failureThreshold (3) times and never passed: the pod is not Ready; the probe is named", () => {
      const hints = explainPitfalls(
        pod({ init: [proxy], initStatuses: [running(false)] }),
        failures(3),
        T0 + 5_000,
      );
      expect(hints.map((h) => h.message)).toEqual([
        'sidecar "proxy": its readinessProbe (httpGet :8080/ready) has not passed (3 failures, last: "Readiness probe failed: HTTP probe failed with statuscode: 503"); pod web is not Ready until it passes',
      ]);
    });

    it.each([
      ["fewer failures than the threshold", false, 2],
      ["the sidecar is ready", true, 5],
    ])("no hint when %s", (_name, ready, n) => {
      expect(
        explainPitfalls(pod({ init: [proxy], initStatuses: [running(ready)] }), failures(n), T0),
      ).toEqual([]);
    });

    it("a startup probe that does not pass holds the next containers", () => {
      const hints = explainPitfalls(
        pod({
          init: [{ ...proxy, startupProbe: { exec: { command: ["cat", "/tmp/up"] }, failureThreshold: 2 } }],
          initStatuses: [running(false, false)],
        }),
        failures(2, "Startup"),
        T0 + 5_000,
      );
      expect(hints.map((h) => h.message)).toEqual([
        'sidecar "proxy": its startupProbe (exec [cat /tmp/up]) has not passed (2 failures, last: "Startup probe failed: HTTP probe failed with statuscode: 503"); the containers after it wait until it passes',
      ]);
    });
  });

  describe("CrashLoopBackOff is what the pod waits for", () => {
    const crashLooping: ContainerStatus = {
      name: "app",
      ready: false,
      restartCount: 3,
      image: "busybox",
      imageID: "",
      state: {
        waiting: {
          reason: "CrashLoopBackOff",
          message: "back-off 40s restarting failed container=app pod=web_default(uid-1)",
        },
      },
      lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: at(0), finishedAt: at(10_000) } },
    };

    it.each([
      [
        "13 s into a 40 s back-off: 27 s left",
        23_000,
        'container "app" is in CrashLoopBackOff: waiting 27s more for its back-off before restarting it (back-off 40s after exit code 1; each crash doubles the delay up to the node\'s maximum, 5m by default)',
      ],
      [
        "after the back-off ran out",
        60_000,
        'container "app" is in CrashLoopBackOff: its back-off is over; it restarts on the next sync (back-off 40s after exit code 1; each crash doubles the delay up to the node\'s maximum, 5m by default)',
      ],
    ])("%s", (_name, nowMs, message) => {
      const hints = explainPitfalls(pod({ statuses: [crashLooping] }), [], T0 + nowMs);
      expect(hints).toEqual([
        { kind: "CrashLoopBackOffWait", container: "app", key: "CrashLoopBackOffWait/app/3", message },
      ]);
    });
  });

  it.each([
    ["back-off 10s restarting failed container=app pod=x", 10_000],
    ["back-off 1m20s restarting failed container=app pod=x", 80_000],
    ["back-off 5m0s restarting failed container=app pod=x", 300_000],
    ["back-off 500ms restarting failed container=app pod=x", 500],
    ["Back-off pulling image", undefined],
  ])("the back-off delay of %j is %s ms", (message, delayMs) => {
    expect(parseBackOffDelayMs(message)).toBe(delayMs);
  });
});
