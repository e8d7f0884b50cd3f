/**
 * Issue 17: the pod worker's status publication stays off a reaction's path. A state that a later
 * observation overwrites is still published, in order, before any later state — but after the step
 * that observation announces (the stop signal of a kill, the start of a restart) was handed to
 * the runtime, so generating the status does not delay it.
 */
import { describe, expect, it } from "vitest";
import type { ContainerStatus, Pod } from "../api/index.js";
import { container, makePod } from "../lifecycle/testing/make-pod.js";
import { FakeRuntime, behaviourFromArgv, type FakeBehaviour } from "../runtime/fake/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { testPodWorkerDeps } from "./testing/test-pod-worker-deps.js";
import { PodWorker } from "./pod-worker.js";

/** `app`'s status in each publication, with the number of runtime calls made before it. */
interface Publication {
  app: ContainerStatus | undefined;
  callsBefore: number;
}

function harness(pod: Pod, behaviour: (instance: number) => FakeBehaviour) {
  const clock = new FakeClock(0);
  let instances = 0;
  const runtime = new FakeRuntime(clock, {
    behaviourFor: (spec) => ({ ...behaviourFromArgv(spec.argv), ...behaviour(instances++) }),
  });
  const publications: Publication[] = [];
  const worker = new PodWorker(
    pod,
    testPodWorkerDeps(runtime, clock, {
      onStatus: (p) =>
        publications.push({
          app: p.status?.containerStatuses?.find((s) => s.name === "app"),
          callsBefore: runtime.calls.length,
        }),
    }),
  );
  /** The index in runtime.calls of the `nth` call (0: the first) with this `op`. */
  const callIndex = (op: string, nth: number) =>
    runtime.calls.map((c, i) => (c.op === op ? i : -1)).filter((i) => i >= 0)[nth] ?? -1;
  return { clock, runtime, worker, publications, callIndex };
}

describe("PodWorker: publishing a status does not hold up the reaction (issue 17)", () => {
  it("B1: a crashed container's restart is asked of the runtime before its exit is published; the exit is still published, before the restarted instance", async () => {
    const pod = makePod({ restartPolicy: "Always", containers: [container("app")] });
    const h = harness(pod, (instance) => (instance === 0 ? { exitAfterMs: 100, exitCode: 1 } : {}));
    h.worker.start();
    await h.clock.advance(100);
    await h.clock.advance(0);
    const restartCall = h.callIndex("startContainer", 1);
    expect(restartCall).toBeGreaterThan(0);
    const exitAt = h.publications.findIndex((p) => p.app?.state?.terminated?.exitCode === 1);
    const restartedAt = h.publications.findIndex((p) => p.app?.restartCount === 1);
    expect(exitAt).toBeGreaterThanOrEqual(0);
    expect(h.publications[exitAt]?.callsBefore).toBeGreaterThan(restartCall);
    expect(restartedAt).toBeGreaterThan(exitAt);
    expect(h.publications.at(-1)?.app?.state?.running).toBeDefined();
  });

  it("E7: from a failed liveness probe's result to the stop signal no status is generated; the kill's states are published after it, in order", async () => {
    const pod = makePod({
      restartPolicy: "Always",
      containers: [
        container("app", {
          livenessProbe: { exec: { command: ["live"] }, periodSeconds: 1, failureThreshold: 1 },
        }),
      ],
    });
    const h = harness(pod, (instance) => ({
      exec: () => ({ exitCode: instance === 0 ? 1 : 0, output: "", timedOut: false }),
    }));
    // The number of publications when the probe's failure came back, and when the stop signal went.
    const seen: Record<"probeFailed" | "stopSignal", number | undefined> = {
      probeFailed: undefined,
      stopSignal: undefined,
    };
    const exec = h.runtime.execInContainer.bind(h.runtime);
    h.runtime.execInContainer = async (id, argv, timeoutMs) => {
      const result = await exec(id, argv, timeoutMs);
      if (result.exitCode !== 0) seen.probeFailed ??= h.publications.length;
      return result;
    };
    const stop = h.runtime.stopContainer.bind(h.runtime);
    h.runtime.stopContainer = (id, gracePeriodMs) => {
      seen.stopSignal ??= h.publications.length;
      return stop(id, gracePeriodMs);
    };
    h.worker.start();
    await h.clock.advance(100);
    expect(seen.probeFailed).toBeDefined();
    expect(seen.stopSignal).toBe(seen.probeFailed);
    // The kill and the restart were all published afterwards: the old instance, then the new one.
    const restarts = h.publications.slice(seen.probeFailed).map((p) => p.app?.restartCount);
    expect(restarts.length).toBeGreaterThan(1);
    expect(restarts).toEqual([...restarts].sort());
    expect(h.publications.at(-1)?.app).toMatchObject({ restartCount: 1, lastState: { terminated: {} } });
  });
});
