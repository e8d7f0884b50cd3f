import { expect, it } from "vitest";
import type { Container, Pod } from "../api/index.js";
import { container, makePod, sidecar } from "../lifecycle/testing/make-pod.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import type { ContainerLaunchSpec, LogSink, PodSandbox, StartedContainer } from "../runtime/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { PodWorker } from "./pod-worker.js";
import { testPodWorkerDeps } from "./testing/test-pod-worker-deps.js";

/** The fake runtime with a `prepareContainer` that records what it was asked, in order. */
class PreparingRuntime extends FakeRuntime {
  readonly prepared: ContainerLaunchSpec[] = [];
  readonly started: ContainerLaunchSpec[] = [];
  /** Each preparation ends when this does (a test holds the queue on one container with it). */
  hold: Promise<void> = Promise.resolve();

  prepareContainer(_sandbox: PodSandbox, spec: ContainerLaunchSpec): Promise<void> {
    this.prepared.push(spec);
    return this.hold;
  }

  override startContainer(
    sandbox: PodSandbox,
    spec: ContainerLaunchSpec,
    onLog: LogSink,
  ): Promise<StartedContainer> {
    this.started.push(spec);
    return super.startContainer(sandbox, spec, onLog);
  }
}

const tagged = (extra: Partial<Container> = {}): Partial<Container> => ({
  image: "busybox:1.36",
  imagePullPolicy: "IfNotPresent",
  ...extra,
});

function run(pod: Pod, clock = new FakeClock(), script?: (runtime: PreparingRuntime) => void) {
  const runtime = new PreparingRuntime(clock, { podIP: "10.88.0.5" });
  script?.(runtime);
  const worker = new PodWorker(pod, testPodWorkerDeps(runtime, clock));
  worker.start();
  return { clock, runtime, worker };
}

it("once the sandbox is up, the containers after the first are prepared in the engine's start order, with the launch spec their turn then uses", async () => {
  const podIP = { name: "POD_IP", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "status.podIP" } } };
  const pod = makePod({
    restartPolicy: "Never",
    init: [
      container("setup", tagged({ command: ["exit-after", "1000"] })),
      sidecar("proxy", tagged()),
      sidecar("logs", tagged()),
    ],
    containers: [container("app", tagged({ env: [podIP], command: ["exit-after", "10"] }))],
  });
  const { clock, runtime } = run(pod);
  await clock.advance(0);
  expect(runtime.prepared.map((s) => s.name)).toEqual(["proxy", "logs", "app"]);
  expect(runtime.started.map((s) => s.name)).toEqual(["setup"]);
  await clock.advance(1000);
  expect(runtime.started.map((s) => s.name)).toEqual(["setup", "proxy", "logs", "app"]);
  // The same builder at both moments: what was prepared is what each turn asks for.
  expect(runtime.started.slice(1)).toEqual(runtime.prepared);
  expect(runtime.prepared[2]?.env).toContainEqual(["POD_IP", "10.88.0.5"]);
});

it("a container pulled at its turn (Always) or with a subPath mount is not prepared; a pod whose runtime cannot prepare starts as before", async () => {
  const pod = makePod({
    init: [container("setup", tagged({ command: ["exit-after", "1000"] }))],
    containers: [
      container("latest", { image: "busybox:latest" }),
      container("always", tagged({ imagePullPolicy: "Always" })),
      container("sub", tagged({ volumeMounts: [{ name: "work", mountPath: "/w", subPath: "a" }] })),
      container("expr", tagged({ volumeMounts: [{ name: "work", mountPath: "/w", subPathExpr: "$(X)" }] })),
      container("never", tagged({ imagePullPolicy: "Never" })),
    ],
  });
  pod.spec.volumes = [{ name: "work", emptyDir: {} }];
  const { clock, runtime } = run(pod);
  await clock.advance(0);
  expect(runtime.prepared.map((s) => s.name)).toEqual(["never"]);
});

it("each container is checked again just before its preparation: none is prepared once the pod terminates", async () => {
  const pod = makePod({
    init: [container("setup", tagged({ command: ["exit-after", "1000"] }))],
    containers: [container("a", tagged()), container("b", tagged())],
  });
  const clock = new FakeClock();
  let release!: () => void;
  const { runtime, worker } = run(pod, clock, (r) => {
    r.hold = new Promise((resolve) => (release = resolve));
  });
  await clock.advance(0);
  expect(runtime.prepared.map((s) => s.name)).toEqual(["a"]);
  worker.delete(0);
  release();
  await clock.advance(2000);
  expect(runtime.prepared.map((s) => s.name)).toEqual(["a"]);
  expect(runtime.started.map((s) => s.name)).toEqual(["setup"]);
});
