/**
 * Probes and hooks through the pod worker, on the fake runtime and the fake clock: exec probes
 * answer from a script keyed by their argv, so each rule reads as a timeline.
 */
import http from "node:http";
import type net from "node:net";
import { describe, expect, it, vi } from "vitest";
import type { Container, Pod } from "../api/index.js";
import { container, makePod, sidecar } from "../lifecycle/testing/make-pod.js";
import { FakeRuntime, behaviourFromArgv, type FakeBehaviour } from "../runtime/fake/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { testPodWorkerDeps } from "./testing/test-pod-worker-deps.js";
import { PodWorker } from "./pod-worker.js";
import { ProbeWorkers } from "./probe-workers.js";

type ExecScript = (
  argv: string[],
  sinceStartMs: number,
) => { exitCode: number; output?: string; delayMs?: number };

function harness(pod: Pod, scripts: Record<string, ExecScript> = {}) {
  const clock = new FakeClock(0);
  const startedAt = new Map<string, number>();
  const runtime = new FakeRuntime(clock, {
    behaviourFor: (spec) => {
      startedAt.set(spec.name, clock.now());
      const script = scripts[spec.name];
      const behaviour: FakeBehaviour = behaviourFromArgv(spec.argv);
      if (script)
        behaviour.exec = (argv) => {
          const {
            exitCode,
            output = "",
            delayMs,
          } = script(argv, clock.now() - (startedAt.get(spec.name) ?? 0));
          return delayMs === undefined
            ? { exitCode, output, timedOut: false }
            : { exitCode, output, timedOut: false, delayMs };
        };
      return behaviour;
    },
  });
  const events: PodvisorEvent[] = [];
  const published: Pod[] = [];
  const worker = new PodWorker(
    pod,
    testPodWorkerDeps(runtime, clock, {
      onEvent: (event) => events.push(event),
      onStatus: (p) => published.push(p),
    }),
  );
  const starts = (name: string) =>
    runtime.calls.filter((c) => c.op === "startContainer" && c.container === name).length;
  const execs = (name: string, probe: string) =>
    runtime.calls.filter((c) => c.op === "execInContainer" && c.container === name && c.argv[0] === probe)
      .length;
  const status = (name: string) =>
    [
      ...(worker.pod.status?.initContainerStatuses ?? []),
      ...(worker.pod.status?.containerStatuses ?? []),
    ].find((s) => s.name === name);
  const messages = (reason: string) => events.filter((e) => e.reason === reason).map((e) => e.message);
  /** Every status the worker published for `name`, in order. */
  const history = (name: string) =>
    published.flatMap((p) =>
      [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].filter(
        (s) => s.name === name,
      ),
    );
  return { clock, runtime, events, worker, starts, execs, status, messages, history };
}

const probe = (command: string, extra: Record<string, number> = {}) => ({
  exec: { command: [command] },
  periodSeconds: 1,
  failureThreshold: 1,
  ...extra,
});
const ok = { exitCode: 0 };
const fail = (output = "") => ({ exitCode: 1, output });

describe("probes through the pod worker (E, B7–B9, H4)", () => {
  it("A2, E5, H4: the proxy's startup probe gates the app, which starts the moment the probe succeeds", async () => {
    const pod = makePod({
      init: [sidecar("proxy", { startupProbe: probe("start", { failureThreshold: 30 }) })],
      containers: [container("app")],
    });
    const h = harness(pod, { proxy: (_argv, since) => (since >= 3000 ? ok : fail("not yet")) });
    h.worker.start();
    await h.clock.advance(2500);
    expect(h.starts("app")).toBe(0);
    expect(h.status("proxy")?.started).toBe(false);
    expect(h.messages("Unhealthy")).toContain("Startup probe failed: not yet");
    await h.clock.advance(500);
    // The clock does not move: the app starts in the instant of the probe's success.
    await h.clock.settle();
    await h.clock.settle();
    expect(h.starts("app")).toBe(1);
    expect(h.status("proxy")?.started).toBe(true);
    // E5: the startup probe stops once it succeeded.
    const startupRuns = h.execs("proxy", "start");
    await h.clock.advance(5000);
    expect(h.execs("proxy", "start")).toBe(startupRuns);
  });

  it("E6, B1: a sidecar whose startup probe fails failureThreshold times is killed and restarted", async () => {
    const pod = makePod({
      init: [sidecar("proxy", { startupProbe: probe("start", { failureThreshold: 2 }) })],
      containers: [container("app")],
    });
    const h = harness(pod, { proxy: () => fail("down") });
    h.worker.start();
    await h.clock.advance(1500);
    expect(h.messages("Killing")).toContain("Container proxy failed startup probe, will be restarted");
    await h.clock.advance(3000);
    expect(h.starts("proxy")).toBeGreaterThanOrEqual(2);
    expect(h.starts("app")).toBe(0);
  });

  it("E7, B7: a failing liveness probe restarts the sidecar; the app keeps running", async () => {
    const pod = makePod({
      init: [sidecar("proxy", { livenessProbe: probe("live", { failureThreshold: 2 }) })],
      containers: [container("app")],
    });
    const h = harness(pod, { proxy: (_argv, since) => (since >= 4000 ? fail("wedged") : ok) });
    h.worker.start();
    await h.clock.advance(3000);
    expect(h.status("proxy")?.restartCount).toBe(0);
    await h.clock.advance(2500);
    expect(h.messages("Unhealthy")).toEqual([
      "Liveness probe failed: wedged",
      "Liveness probe failed: wedged",
    ]);
    expect(h.messages("Killing")).toEqual(["Container proxy failed liveness probe, will be restarted"]);
    await h.clock.advance(100);
    expect(h.status("proxy")?.restartCount).toBe(1);
    expect(h.status("proxy")?.state?.running).toBeDefined();
    expect(h.starts("app")).toBe(1);
    expect(h.runtime.calls.some((c) => c.op === "stopContainer" && c.container === "app")).toBe(false);
  });

  it("E7: after the liveness failure the old instance is not probed again; the new one is", async () => {
    const pod = makePod({ containers: [container("app", { livenessProbe: probe("live") })] });
    let calls = 0;
    const h = harness(pod, {
      app: () => {
        calls++;
        return calls === 2 ? fail() : ok;
      },
    });
    h.worker.start();
    await h.clock.advance(1000);
    expect(h.status("app")?.restartCount).toBe(1);
    await h.clock.advance(2000);
    expect(h.status("app")?.restartCount).toBe(1);
    expect(calls).toBeGreaterThan(2);
  });

  it("E3a: the restarted instance's liveness probe first runs at the next tick of the period, not the moment it starts", async () => {
    const pod = makePod({
      containers: [container("app", { livenessProbe: probe("live", { periodSeconds: 5 }) })],
    });
    const execAtMs: number[] = [];
    const h = harness(pod, {
      app: (_argv, sinceStartMs) => {
        execAtMs.push(h.clock.now());
        // The first instance fails its second run (at 5 s); the new one always succeeds.
        return execAtMs.length === 2 && sinceStartMs >= 5000 ? fail() : ok;
      },
    });
    h.worker.start();
    await h.clock.advance(5000);
    expect(h.status("app")?.restartCount).toBe(1);
    expect(execAtMs).toEqual([0, 5000]);
    await h.clock.advance(4900);
    expect(execAtMs).toEqual([0, 5000]);
    await h.clock.advance(100);
    expect(execAtMs).toEqual([0, 5000, 10_000]);
  });

  it("E2, B7: the probe's terminationGracePeriodSeconds is the kill's grace period", async () => {
    const pod = makePod({
      graceSeconds: 30,
      containers: [container("app", { livenessProbe: probe("live", { terminationGracePeriodSeconds: 5 }) })],
    });
    const h = harness(pod, { app: () => fail() });
    h.worker.start();
    await h.clock.advance(100);
    const stop = h.runtime.calls.find((c) => c.op === "stopContainer");
    expect(stop).toMatchObject({ container: "app", gracePeriodMs: 5000 });
  });

  it("B8, B9, E8: readiness runs at once when the container becomes started and drives ready and pod Ready", async () => {
    const pod = makePod({
      init: [
        sidecar("proxy", {
          startupProbe: probe("start", { periodSeconds: 10 }),
          readinessProbe: probe("ready", { periodSeconds: 10 }),
        }),
      ],
      containers: [container("app")],
    });
    const h = harness(pod, {
      proxy: (argv, since) => (argv[0] === "ready" && since >= 15_000 ? fail() : ok),
    });
    h.worker.start();
    await h.clock.advance(0);
    // Startup succeeded at 0 ms; readiness ran in the same instant instead of a period later.
    expect(h.execs("proxy", "ready")).toBe(1);
    expect(h.status("proxy")?.ready).toBe(true);
    const ready = () => h.worker.pod.status?.conditions?.find((c) => c.type === "Ready")?.status;
    expect(ready()).toBe("True");
    await h.clock.advance(20_000);
    expect(h.status("proxy")?.ready).toBe(false);
    expect(ready()).toBe("False");
    expect(h.messages("Killing")).toEqual([]);
  });

  it("C4, E10: during termination readiness keeps running while liveness stops", async () => {
    const pod = makePod({
      graceSeconds: 30,
      containers: [
        container("app", {
          livenessProbe: probe("live", { failureThreshold: 3 }),
          readinessProbe: probe("ready"),
          lifecycle: { preStop: { sleep: { seconds: 5 } } },
        }),
      ],
    });
    const h = harness(pod, { app: () => ok });
    h.worker.start();
    await h.clock.advance(2000);
    h.worker.delete();
    const live = h.execs("app", "live");
    const ready = h.execs("app", "ready");
    await h.clock.advance(4000);
    expect(h.execs("app", "live")).toBe(live);
    expect(h.execs("app", "ready")).toBeGreaterThanOrEqual(ready + 3);
  });

  it("E2: an exec probe that hangs past timeoutSeconds fails with the kubelet's text, and podvisor goes on", async () => {
    const pod = makePod({
      containers: [container("app", { readinessProbe: probe("ready", { timeoutSeconds: 1 }) })],
    });
    const h = harness(pod, { app: () => ({ exitCode: 0, delayMs: 60_000 }) });
    h.worker.start();
    await h.clock.advance(1000);
    expect(h.messages("Unhealthy")[0]).toBe('Readiness probe failed: command "ready" timed out');
    expect(h.status("app")?.ready).toBe(false);
  });

  it("E9: when the pod finishes no probe timer is left", async () => {
    const pod = makePod({
      restartPolicy: "Never",
      containers: [
        container("app", { command: ["exit-after", "2000", "0"], readinessProbe: probe("ready") }),
      ],
    });
    const h = harness(pod, { app: () => ok });
    h.worker.start();
    await h.clock.advance(5000);
    expect(h.worker.isFinished).toBe(true);
    expect(h.clock.pendingSleeps).toBe(0);
  });
});

describe("the probe manager on its own", () => {
  it("E3, E9: one timer per probe of an instance, all cancelled with it", () => {
    const clock = new FakeClock(0);
    const runtime = new FakeRuntime(clock);
    const workers = new ProbeWorkers({
      runtime,
      clock,
      onResult: () => undefined,
      onUnhealthy: () => undefined,
      onWarning: () => undefined,
    });
    const app: Container = {
      name: "app",
      image: "app",
      livenessProbe: probe("live", { initialDelaySeconds: 5 }),
      readinessProbe: probe("ready", { initialDelaySeconds: 5 }),
    };
    workers.startInstance(app, "app-1", 0, "127.0.0.1");
    expect(workers.armedTimers).toBe(2);
    workers.stopInstance("app", "other-id");
    expect(workers.armedTimers).toBe(2);
    workers.stopInstance("app", "app-1");
    expect(workers.armedTimers).toBe(0);
    expect(clock.pendingSleeps).toBe(0);
  });
});

describe("an httpGet probe that ends on a redirect to another host (E1, prober.go probe.Warning)", () => {
  it("E1: each run is a Success — the container becomes ready — and emits ProbeWarning with the kubelet's text", async () => {
    const server = http.createServer((_req, res) =>
      res.writeHead(302, { Location: "http://0.0.0.0/" }).end('<a href="http://0.0.0.0/">Found</a>.\n'),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const pod = makePod({
        containers: [
          container("app", { readinessProbe: { httpGet: { port, path: "/redirect" }, periodSeconds: 1 } }),
        ],
      });
      const h = harness(pod);
      h.worker.start();
      await h.clock.advance(10);
      // The request is real I/O: wait for it in real time.
      await vi.waitFor(() => expect(h.messages("ProbeWarning")).toHaveLength(1));
      await h.clock.settle();
      expect(h.events.find((e) => e.reason === "ProbeWarning")).toMatchObject({
        type: "Warning",
        message:
          'Readiness probe warning: Probe terminated redirects, Response body: <a href="http://0.0.0.0/">Found</a>.',
        involvedObject: { fieldPath: "spec.containers{app}" },
      });
      expect(h.messages("Unhealthy")).toEqual([]);
      await vi.waitFor(async () => {
        await h.clock.settle();
        expect(h.status("app")?.ready).toBe(true);
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("lifecycle hooks through the pod worker (F)", () => {
  it("F3: a failing postStart → FailedPostStartHook, Killing FailedPostStartHook, restart with backoff", async () => {
    const pod = makePod({
      containers: [
        container("app", { lifecycle: { postStart: { exec: { command: ["no-such-command"] } } } }),
      ],
    });
    const h = harness(pod, { app: () => ({ exitCode: 127, output: "exec: no-such-command: not found" }) });
    h.worker.start();
    await h.clock.advance(100);
    expect(h.messages("FailedPostStartHook")[0]).toBe("PostStartHook failed");
    expect(h.messages("Killing")[0]).toBe("FailedPostStartHook");
    await h.clock.advance(60_000);
    expect(h.starts("app")).toBeGreaterThanOrEqual(3);
    expect(h.messages("BackOff").length).toBeGreaterThan(0);
  });

  it("F3, D8: the container is never reported Running; it waits as PostStartHookError with the hook's message until its restart, then CrashLoopBackOff", async () => {
    const pod = makePod({
      containers: [
        container("app", { lifecycle: { postStart: { exec: { command: ["no-such-command"] } } } }),
      ],
    });
    const h = harness(pod, { app: () => ({ exitCode: 127, output: "exec: no-such-command: not found" }) });
    h.worker.start();
    await h.clock.advance(100);
    const history = h.history("app");
    expect(history.some((s) => s.state?.running !== undefined || s.started === true)).toBe(false);
    const hookError = history.find((s) => s.state?.waiting?.reason === "PostStartHookError");
    expect(hookError).toMatchObject({
      restartCount: 0,
      ready: false,
      state: {
        waiting: {
          message:
            'Exec lifecycle hook ([no-such-command]) for Container "app" in Pod "web_default(uid-1)" failed - error: command \'no-such-command\' exited with 127: exec: no-such-command: not found, message: "exec: no-such-command: not found"',
        },
      },
      lastState: { terminated: { reason: "Error" } },
    });
    // B4: the second failure is held in back-off; the hold replaces the start error.
    expect(h.status("app")).toMatchObject({
      restartCount: 1,
      state: { waiting: { reason: "CrashLoopBackOff" } },
    });
    // The hook's output stays out of the event (it may hold secrets).
    expect(h.messages("FailedPostStartHook")).toEqual(["PostStartHook failed", "PostStartHook failed"]);
  });

  it("F3, D8: a restart whose postStart succeeds runs normally; the PostStartHookError is gone", async () => {
    const pod = makePod({
      containers: [container("app", { lifecycle: { postStart: { exec: { command: ["warm-up"] } } } })],
    });
    let calls = 0;
    const h = harness(pod, { app: () => (++calls === 1 ? fail("cold") : ok) });
    h.worker.start();
    await h.clock.advance(100);
    expect(h.history("app").some((s) => s.state?.waiting?.reason === "PostStartHookError")).toBe(true);
    expect(h.status("app")).toMatchObject({ restartCount: 1, started: true, ready: true });
    expect(h.status("app")?.state?.running).toBeDefined();
    expect(h.status("app")?.lastState?.terminated).toBeDefined();
  });

  it("F2: postStart blocks the next start until it returns", async () => {
    const pod = makePod({
      init: [sidecar("proxy", { lifecycle: { postStart: { sleep: { seconds: 3 } } } })],
      containers: [container("app")],
    });
    const h = harness(pod);
    h.worker.start();
    await h.clock.advance(2900);
    expect(h.starts("app")).toBe(0);
    await h.clock.advance(100);
    expect(h.starts("app")).toBe(1);
  });

  it("C7, F4: a failing preStop is only a FailedPreStopHook warning; the container is still stopped", async () => {
    const pod = makePod({
      containers: [container("app", { lifecycle: { preStop: { exec: { command: ["drain"] } } } })],
    });
    const h = harness(pod, { app: () => fail("drain failed") });
    h.worker.start();
    await h.clock.advance(100);
    h.worker.delete();
    await h.clock.advance(5000);
    expect(h.messages("FailedPreStopHook")).toEqual(["PreStopHook failed"]);
    expect(h.worker.isFinished).toBe(true);
  });

  it("F4: preStop consumes the grace budget; the stop signal gets what is left (at least 2 s)", async () => {
    const pod = makePod({
      graceSeconds: 10,
      containers: [container("app", { lifecycle: { preStop: { exec: { command: ["drain"] } } } })],
    });
    const h = harness(pod, { app: () => ({ exitCode: 0, delayMs: 3000 }) });
    h.worker.start();
    await h.clock.advance(100);
    h.worker.delete();
    await h.clock.advance(3100);
    expect(h.runtime.calls.find((c) => c.op === "stopContainer")).toMatchObject({ gracePeriodMs: 7000 });
  });

  it("F6: a sleep preStop ends early when the container exits", async () => {
    const pod = makePod({
      graceSeconds: 60,
      restartPolicy: "Never",
      containers: [
        container("app", {
          command: ["exit-after", "3000", "0"],
          lifecycle: { preStop: { sleep: { seconds: 50 } } },
        }),
      ],
    });
    const h = harness(pod);
    h.worker.start();
    await h.clock.advance(1000);
    h.worker.delete();
    await h.clock.advance(2500);
    expect(h.worker.isFinished).toBe(true);
  });
});
