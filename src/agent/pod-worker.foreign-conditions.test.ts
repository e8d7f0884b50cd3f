/**
 * D14 on a node: a readiness gate's condition is written by someone else, and the kubelet reads
 * it from the pod it syncs. The worker takes those conditions from podvisor node
 * (`setForeignConditions`) and decides Ready again.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import { container, makePod } from "../lifecycle/testing/make-pod.js";
import { FakeRuntime, behaviourFromArgv } from "../runtime/fake/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { testPodWorkerDeps } from "./testing/test-pod-worker-deps.js";
import { PodWorker } from "./pod-worker.js";

const gate = "example.com/feature-ready";

function gatedPodWorker() {
  const clock = new FakeClock(0);
  const runtime = new FakeRuntime(clock, { behaviourFor: (spec) => behaviourFromArgv(spec.argv) });
  const pod: Pod = makePod({ containers: [container("app")] });
  pod.spec.readinessGates = [{ conditionType: gate }];
  const published: Pod[] = [];
  const worker = new PodWorker(
    pod,
    testPodWorkerDeps(runtime, clock, { onStatus: (p) => published.push(p) }),
  );
  const ready = () => published.at(-1)?.status?.conditions?.find((c) => c.type === "Ready");
  return { clock, worker, ready };
}

describe("PodWorker: conditions others own (D14 readiness gates)", () => {
  it("a running pod is not Ready until its readiness gate's condition comes True from the API; False again makes it not Ready", async () => {
    const { clock, worker, ready } = gatedPodWorker();
    worker.start();
    await clock.advance(0);
    expect(ready()).toMatchObject({
      status: "False",
      reason: "ReadinessGatesNotReady",
      message: `corresponding condition of pod readiness gate "${gate}" does not exist.`,
    });
    worker.setForeignConditions([{ type: gate, status: "True" }]);
    await clock.advance(0);
    expect(ready()).toMatchObject({ status: "True" });
    worker.setForeignConditions([{ type: gate, status: "False" }]);
    await clock.advance(0);
    expect(ready()).toMatchObject({
      status: "False",
      message: `the status of pod readiness gate "${gate}" is not "True", but False`,
    });
  });

  it("conditions the kubelet owns are never taken from the API: a Ready written there decides nothing", async () => {
    const { clock, worker, ready } = gatedPodWorker();
    worker.start();
    await clock.advance(0);
    worker.setForeignConditions([{ type: "Ready", status: "True" }]);
    await clock.advance(0);
    expect(ready()).toMatchObject({ status: "False", reason: "ReadinessGatesNotReady" });
  });
});
