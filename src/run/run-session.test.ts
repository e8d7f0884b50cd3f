/**
 * The agent carries out the engine's plan against a runtime. These tests drive a whole run on
 * the fake runtime and the fake clock and assert what a user would see: the order of runtime
 * calls, the events, and the final objects — never wall-clock timing.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { loadRunInput } from "../admission/index.js";
import type { Job, Pod } from "../api/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import { RunSession, type RunResult } from "./run-session.js";

interface Harness {
  clock: FakeClock;
  runtime: FakeRuntime;
  session: RunSession;
  events: PodvisorEvent[];
  logs: string[];
  result: Promise<RunResult>;
  startTimes: (container: string) => number[];
  stops: () => { container: string; gracePeriodMs: number; atMs: number }[];
}

function startRun(yaml: string, configure?: (runtime: FakeRuntime) => void): Harness {
  const clock = new FakeClock();
  const runtime = new FakeRuntime(clock);
  configure?.(runtime);
  let uid = 0;
  const input = loadRunInput([{ name: "test.yaml", text: yaml }], {
    nowMs: clock.now(),
    ids: () => `uid-${++uid}`,
  });
  expect(input.errors).toEqual([]);
  const events: PodvisorEvent[] = [];
  const logs: string[] = [];
  const stopTimes: { container: string; gracePeriodMs: number; atMs: number }[] = [];
  const originalStop = runtime.stopContainer.bind(runtime);
  runtime.stopContainer = (id, gracePeriodMs) => {
    const call = runtime.calls.find((c) => c.op === "startContainer" && c.id === id);
    stopTimes.push({
      container: call && "container" in call ? call.container : id,
      gracePeriodMs,
      atMs: clock.now(),
    });
    return originalStop(id, gracePeriodMs);
  };
  let suffix = 0;
  const session = new RunSession(input, {
    runtime,
    clock,
    nodeName: "node-1",
    hostIP: "127.0.0.1",
    randomSuffix: () => `p${++suffix}xyz`.slice(0, 5),
    newUid: () => `uid-${++uid}`,
    onEvent: (event) => events.push(event),
    onLog: (pod, container, line) => logs.push(`${pod.metadata.name ?? ""} ${container} ${line.text}`),
  });
  const result = session.run();
  const startTimes = (container: string) =>
    events
      .filter((e) => e.reason === "Started" && e.message === `Started container ${container}`)
      .map((e) => e.timeMs);
  return { clock, runtime, session, events, logs, result, startTimes, stops: () => stopTimes };
}

const podWithSidecars = (restartPolicy: string, app: string[], extra = "") => `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  restartPolicy: ${restartPolicy}
  terminationGracePeriodSeconds: 30
  initContainers:
    - {name: proxy, image: envoy, restartPolicy: Always, command: [serve]}
    - {name: metrics, image: statsd, restartPolicy: Always, command: [serve]}
  containers:
    - {name: app, image: app, command: ${JSON.stringify(app)}}
${extra}`;

function phaseOf(result: RunResult, name: string): string | undefined {
  return result.pods.find((p) => p.metadata.name === name)?.status?.phase;
}

describe("a run on the fake runtime", () => {
  it("A2/A5: sidecars start in order before the app; C1/C5: once the app exits they stop in reverse order", async () => {
    const run = startRun(podWithSidecars("Never", ["exit-after", "5000", "0"]));
    await run.clock.advance(5000);
    await run.clock.advance(1000);
    const result = await run.result;
    const starts = run.runtime.calls
      .filter((c) => c.op === "startContainer")
      .map((c) => ("container" in c ? c.container : ""));
    expect(starts).toEqual(["proxy", "metrics", "app"]);
    expect(run.stops().map((s) => s.container)).toEqual(["metrics", "proxy"]);
    expect(phaseOf(result, "web")).toBe("Succeeded");
    expect(result.succeeded).toBe(true);
    // A1/D10: the pod is bound to the node before anything starts, as the scheduler binds it.
    expect(result.pods[0]?.spec.nodeName).toBe("node-1");
  });

  it("C2: the phase comes from the regular containers only — a sidecar's non-zero exit on SIGTERM still Succeeds", async () => {
    const run = startRun(podWithSidecars("Never", ["exit-after", "1000", "0"]), (runtime) =>
      runtime.script("proxy", { onStop: { exitCode: 1 } }),
    );
    await run.clock.advance(2000);
    const result = await run.result;
    const proxy = result.pods[0]?.status?.initContainerStatuses?.find((s) => s.name === "proxy");
    expect(proxy?.state?.terminated?.exitCode).toBe(1);
    expect(phaseOf(result, "web")).toBe("Succeeded");
  });

  it("B1/B4: a sidecar that keeps crashing restarts at once, then after 10 s, then 20 s", async () => {
    const run = startRun(podWithSidecars("Never", ["exit-after", "60000", "0"]), (runtime) =>
      runtime.script("metrics", { exitAfterMs: 1000, exitCode: 1 }),
    );
    await run.clock.advance(40_000);
    const starts = run.startTimes("metrics");
    const t0 = starts[0] ?? 0;
    // exits at +1 s, restarts at once; exits at +2 s, waits 10 s; exits at +13 s, waits 20 s.
    expect(starts.slice(0, 4).map((t) => t - t0)).toEqual([0, 1000, 12_000, 33_000]);
    expect(
      run.events.some(
        (e) => e.reason === "BackOff" && e.message.startsWith("Back-off restarting failed container metrics"),
      ),
    ).toBe(true);
    run.session.deleteAll();
    await run.clock.advance(60_000);
    await run.result;
  });

  it("C4/C5: deletion stops the app first, then each sidecar in reverse order, each with the grace left", async () => {
    const run = startRun(podWithSidecars("Always", ["serve"]), (runtime) => {
      runtime.script("app", { onStop: { exitCode: 0, afterMs: 3000 } });
      runtime.script("metrics", { onStop: { exitCode: 0, afterMs: 1000 } });
    });
    await run.clock.advance(100);
    run.session.deleteAll();
    await run.clock.advance(60_000);
    const result = await run.result;
    expect(run.stops().map((s) => [s.container, s.gracePeriodMs])).toEqual([
      ["app", 30_000],
      ["metrics", 27_000], // waited 3 s for the app (whole seconds)
      ["proxy", 26_000], // then 1 s for metrics
    ]);
    // C9: a deleted pod whose containers exited 0 ends Succeeded, whatever its restartPolicy.
    expect(phaseOf(result, "web")).toBe("Succeeded");
  });

  it("C6: a container that ignores SIGTERM is killed when its grace runs out (137), and the pod Fails", async () => {
    const run = startRun(podWithSidecars("Always", ["ignore-sigterm"]));
    await run.clock.advance(100);
    run.session.deleteAll();
    await run.clock.advance(40_000);
    const result = await run.result;
    const app = result.pods[0]?.status?.containerStatuses?.find((s) => s.name === "app");
    expect(app?.state?.terminated?.exitCode).toBe(137);
    expect(phaseOf(result, "web")).toBe("Failed");
  });

  it('C6, upstream e2e "should terminate sidecars simultaneously if prestop doesn\'t exit": the kubelet stops waiting for the hooks at the grace, stops the sidecars with 2 s, and the hooks die with them at grace + 2 s', async () => {
    const loopingPreStop = "lifecycle: {preStop: {exec: {command: [loop-forever]}}}";
    const sidecar = (name: string) =>
      `    - {name: ${name}, image: busybox, restartPolicy: Always, command: [serve], ${loopingPreStop}}`;
    const yaml = `
apiVersion: v1
kind: Pod
metadata: {name: serialize-termination}
spec:
  restartPolicy: Never
  initContainers:
${["restartable-init-1", "restartable-init-2", "restartable-init-3"].map(sidecar).join("\n")}
  containers:
    - {name: regular-1, image: busybox, command: [exit-after, "5000", "0"]}
`;
    const run = startRun(yaml, (runtime) => {
      // Each sidecar exits 5 s after SIGTERM (TerminationSeconds: 5); its preStop loops forever.
      const looping = {
        onStop: { exitCode: 0, afterMs: 5_000 },
        exec: () => ({ exitCode: 0, output: "", timedOut: false, delayMs: Infinity }),
      };
      for (const name of ["restartable-init-1", "restartable-init-2", "restartable-init-3"])
        runtime.script(name, looping);
    });
    const hooks: { container: string; startedAtMs: number; endedAtMs: number; exitCode: number }[] = [];
    const exec = run.runtime.execInContainer.bind(run.runtime);
    run.runtime.execInContainer = async (id, argv, timeoutMs) => {
      const startedAtMs = run.clock.now();
      const result = await exec(id, argv, timeoutMs);
      const call = run.runtime.calls.find((c) => c.op === "startContainer" && c.id === id);
      const container = call && "container" in call ? call.container : id;
      hooks.push({ container, startedAtMs, endedAtMs: run.clock.now(), exitCode: result.exitCode });
      return result;
    };
    await run.clock.advance(60_000);
    const result = await run.result;
    const t0 = run.startTimes("regular-1")[0] ?? 0;
    // The regular container exits at 5 s; every preStop starts then and is never killed by podvisor.
    expect(run.stops().map((s) => [s.container, s.atMs - t0, s.gracePeriodMs])).toEqual([
      ["restartable-init-1", 35_000, 2_000],
      ["restartable-init-2", 35_000, 2_000],
      ["restartable-init-3", 35_000, 2_000],
    ]);
    // The hooks' last moment is the SIGKILL at grace + 2 s, all within the e2e's 1 s of each other.
    expect(hooks.map((h) => [h.container, h.endedAtMs - h.startedAtMs, h.exitCode]).sort()).toEqual([
      ["restartable-init-1", 32_000, 137],
      ["restartable-init-2", 32_000, 137],
      ["restartable-init-3", 32_000, 137],
    ]);
    for (const status of result.pods[0]?.status?.initContainerStatuses ?? [])
      expect(status.state?.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    expect(phaseOf(result, "serialize-termination")).toBe("Succeeded");
  });

  it("F4/C6 (kubelet lifecycle handlers.go: the HTTP client has no timeout): an httpGet preStop that gets no answer is not dropped at the budget; the request ends when its container exits", async () => {
    const server = createServer(() => undefined); // never answers
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const yaml = `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 5
  containers:
    - {name: app, image: busybox, command: [serve], lifecycle: {preStop: {httpGet: {path: /quit, port: ${port}}}}}
`;
      const run = startRun(yaml, (runtime) => runtime.script("app", { onStop: "ignore" }));
      await run.clock.advance(100);
      const arrived = once(server, "request") as Promise<[IncomingMessage]>;
      run.session.deleteAll();
      const [request] = await arrived;
      let closedAtMs: number | undefined;
      request.socket.once("close", () => (closedAtMs = run.clock.now()));
      const deletedAtMs = run.clock.now();
      await run.clock.advance(5_000);
      // The budget is spent: the stop signal goes out while the request is still open.
      expect(run.stops().map((s) => [s.container, s.atMs - deletedAtMs, s.gracePeriodMs])).toEqual([
        ["app", 5_000, 2_000],
      ]);
      expect(closedAtMs).toBeUndefined();
      // The container ignores SIGTERM and is SIGKILLed 2 s later; the request goes with it.
      const closed = closedAtMs === undefined ? once(request.socket, "close") : Promise.resolve();
      await run.clock.advance(2_000);
      await closed;
      await run.result;
      expect((closedAtMs ?? 0) - deletedAtMs).toBe(7_000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('I4, upstream e2e "should restart all containers on regular container exit": the pod restarts in place — same UID, same sandbox — and every container counts one restart', async () => {
    const yaml = `
apiVersion: v1
kind: Pod
metadata: {name: restart-all}
spec:
  restartPolicy: Never
  initContainers:
    - {name: init, image: busybox, command: [exit-after, "0", "0"]}
    - {name: sidecar, image: busybox, restartPolicy: Always, command: [serve]}
  containers:
    - name: source-container
      image: busybox
      command: [serve]
      restartPolicy: Never
      restartPolicyRules: [{action: RestartAllContainers, exitCodes: {operator: In, values: [42]}}]
    - {name: regular, image: busybox, command: [serve]}
`;
    const run = startRun(yaml, (runtime) =>
      runtime.script("source-container", { exitAfterMs: 5_000, exitCode: 42 }, {}),
    );
    await run.clock.advance(5_000);
    await run.clock.advance(100);
    const t0 = run.startTimes("init")[0] ?? 0;
    // Killed without grace (no preStop), with the 2 s minimum window; then everything starts again.
    expect(run.stops().map((s) => [s.container, s.atMs - t0, s.gracePeriodMs])).toEqual([
      ["regular", 5_000, 2_000],
      ["sidecar", 5_000, 2_000],
    ]);
    expect(
      run.events.filter((e) => e.reason === "Killing").map((e) => [e.message, e.involvedObject.fieldPath]),
    ).toEqual([
      ["killing", "spec.containers{regular}"],
      ["killing", "spec.initContainers{sidecar}"],
    ]);
    for (const name of ["init", "sidecar", "source-container", "regular"])
      expect(run.startTimes(name).map((t) => t - t0)).toEqual([0, 5_000]);
    expect(run.runtime.calls.filter((c) => c.op === "createSandbox")).toHaveLength(1);
    run.session.deleteAll();
    await run.clock.advance(60_000);
    const result = await run.result;
    const pod = result.pods[0];
    expect(pod?.metadata.uid).toBe("uid-1");
    const statuses = [
      ...(pod?.status?.initContainerStatuses ?? []),
      ...(pod?.status?.containerStatuses ?? []),
    ];
    expect(statuses.map((s) => [s.name, s.restartCount])).toEqual([
      ["init", 1],
      ["sidecar", 1],
      ["regular", 1],
      ["source-container", 1],
    ]);
    expect(statuses.find((s) => s.name === "init")?.lastState?.terminated?.reason).toBe(
      "RestartingAllContainers",
    );
  });

  it("A11: a failing init container fails a Never pod; the app is never started and the sidecar before it is stopped", async () => {
    const run = startRun(`
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  restartPolicy: Never
  initContainers:
    - {name: proxy, image: envoy, restartPolicy: Always, command: [serve]}
    - {name: migrate, image: m, command: [exit-after, "500", "3"]}
  containers:
    - {name: app, image: app, command: [serve]}
`);
    await run.clock.advance(5000);
    const result = await run.result;
    expect(
      run.runtime.calls.some((c) => c.op === "startContainer" && "container" in c && c.container === "app"),
    ).toBe(false);
    expect(run.stops().map((s) => s.container)).toEqual(["proxy"]);
    expect(phaseOf(result, "web")).toBe("Failed");
    expect(result.succeeded).toBe(false);
  });

  it("Jobs: restartPolicy Never retries with new pods until backoffLimit, then Fails with BackoffLimitExceeded", async () => {
    const run = startRun(`
apiVersion: batch/v1
kind: Job
metadata: {name: flaky}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: task, image: t, command: [exit-after, "100", "1"]}
`);
    await run.clock.advance(10 * 60_000);
    const result = await run.result;
    const job: Job | undefined = result.jobs[0];
    expect(result.pods.length).toBe(3);
    expect(job?.status?.failed).toBe(3);
    expect(job?.status?.conditions?.find((c) => c.type === "Failed")).toMatchObject({
      status: "True",
      reason: "BackoffLimitExceeded",
    });
    expect(result.succeeded).toBe(false);
  });

  it("Jobs: completions 3 with parallelism 2 never runs more than two pods at once, and Completes", async () => {
    const run = startRun(`
apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: task, image: t, command: [exit-after, "1000", "0"]}
`);
    let maxRunning = 0;
    for (let i = 0; i < 50; i++) {
      await run.clock.advance(100);
      maxRunning = Math.max(maxRunning, run.runtime.running.length);
    }
    const result = await run.result;
    expect(maxRunning).toBe(2);
    expect(result.pods.map((p: Pod) => p.status?.phase)).toEqual(["Succeeded", "Succeeded", "Succeeded"]);
    expect(result.jobs[0]?.status?.succeeded).toBe(3);
    expect(result.succeeded).toBe(true);
  });

  it("Jobs: activeDeadlineSeconds deletes the running pod and Fails the Job with DeadlineExceeded", async () => {
    const run = startRun(`
apiVersion: batch/v1
kind: Job
metadata: {name: slow}
spec:
  activeDeadlineSeconds: 5
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
        - {name: task, image: t, command: [serve]}
`);
    await run.clock.advance(10_000);
    const result = await run.result;
    expect(result.jobs[0]?.status?.conditions?.find((c) => c.type === "Failed")).toMatchObject({
      reason: "DeadlineExceeded",
    });
    expect(run.stops().map((s) => s.container)).toEqual(["task"]);
  });

  it("container output reaches the log sink line by line, attributed to pod and container", async () => {
    const run = startRun(podWithSidecars("Never", ["exit-after", "1000", "0"]), (runtime) =>
      runtime.script("app", { exitAfterMs: 1000, logs: [{ text: "hello" }, { text: "world", atMs: 500 }] }),
    );
    await run.clock.advance(2000);
    await run.result;
    expect(run.logs).toEqual(["web app hello", "web app world"]);
  });
});
