/**
 * A17 on a runtime that keeps a container whose start failed (the container backend, as
 * containerd): the failed start is an exited instance — `StartError`, exit code 128, the runtime's
 * message, no start time — shown as `Waiting RunContainerError` with that instance as `lastState`
 * while it is to be restarted; the next start is a new instance (`restartCount` 1) after the
 * crash back-off; under `restartPolicy: Never` it is not restarted and the pod fails.
 * (containerd internal/cri/server/container_start.go; kubelet kuberuntime_container.go
 * `startContainer`, kubelet_pods.go `convertToAPIContainerStatuses`.)
 */
import { expect, it } from "vitest";
import type { ContainerStatus, Pod } from "../api/index.js";
import { container, makePod } from "../lifecycle/testing/make-pod.js";
import { behaviourFromArgv, FakeRuntime } from "../runtime/fake/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { testPodWorkerDeps } from "./testing/test-pod-worker-deps.js";
import { PodWorker } from "./pod-worker.js";

const MESSAGE = 'exec: "no-such-tool": executable file not found in $PATH';

/** `app` fails its first `failures` starts after being created, then runs. */
function run(pod: Pod, failures: number) {
  const clock = new FakeClock(0);
  let starts = 0;
  const runtime = new FakeRuntime(clock, {
    behaviourFor: (spec) =>
      starts++ < failures
        ? { failStart: { reason: "RunContainerError", message: MESSAGE, leftExited: true } }
        : behaviourFromArgv(spec.argv),
  });
  const published: Pod[] = [];
  const worker = new PodWorker(
    pod,
    testPodWorkerDeps(runtime, clock, { onStatus: (p) => published.push(p) }),
  );
  worker.start();
  const app = (): ContainerStatus | undefined =>
    published.at(-1)?.status?.containerStatuses?.find((s) => s.name === "app");
  return { clock, runtime, worker, published, app };
}

const startError = {
  exitCode: 128,
  reason: "StartError",
  message: MESSAGE,
  startedAt: "1970-01-01T00:00:00Z",
  finishedAt: "1970-01-01T00:00:00Z",
};

it("a start that failed after the create: Waiting RunContainerError, lastState terminated StartError 128; the next start is instance 1, then held by the crash back-off", async () => {
  const { clock, runtime, published, app } = run(makePod({ containers: [container("app")] }), 2);
  await clock.advance(0);
  const apps = published.map((p) => p.status?.containerStatuses?.find((s) => s.name === "app"));
  expect(apps).toContainEqual(
    expect.objectContaining({
      restartCount: 0,
      state: { waiting: { reason: "RunContainerError", message: MESSAGE } },
      lastState: {
        terminated: { ...startError, containerID: expect.stringMatching(/^podvisor:\/\//) as unknown },
      },
    }),
  );
  // doBackOff: the first exit is restarted at once, the second held 10 s from its finish.
  expect(app()).toMatchObject({
    restartCount: 1,
    state: { waiting: { reason: "CrashLoopBackOff" } },
    lastState: { terminated: startError },
  });
  await clock.advance(9_999);
  expect(runtime.calls.filter((c) => c.op === "startContainer")).toHaveLength(2);
  await clock.advance(1);
  expect(runtime.calls.filter((c) => c.op === "startContainer")).toHaveLength(3);
  expect(app()).toMatchObject({
    restartCount: 2,
    state: { running: {} },
    lastState: { terminated: startError },
  });
});

it("restartPolicy Never: the StartError instance is not restarted; it is the container's terminated state and the pod fails", async () => {
  const { clock, runtime, worker, app } = run(
    makePod({ restartPolicy: "Never", containers: [container("app")] }),
    1,
  );
  await clock.advance(0);
  expect(worker.isFinished).toBe(true);
  const finished = await worker.finished;
  expect(runtime.calls.filter((c) => c.op === "startContainer")).toHaveLength(1);
  expect(finished.status?.phase).toBe("Failed");
  expect(app()).toMatchObject({ restartCount: 0, state: { terminated: startError } });
});
