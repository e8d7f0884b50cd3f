import { describe, expect, it } from "vitest";
import { defaultFeatureGates, type FeatureGates, type Pod } from "../api/index.js";
import { container, makePod, sidecar } from "../lifecycle/testing/make-pod.js";
import type { PodvisorEvent } from "../shared/index.js";
import { lookupInLists } from "../podspec/index.js";
import { FakeRuntime, type FakeRuntimeOptions } from "../runtime/fake/index.js";
import { printPodRow } from "../status/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { PodWorker } from "./pod-worker.js";

function startWorker(
  pod: Pod,
  podIP = "10.88.0.5",
  options: {
    script?: (runtime: FakeRuntime) => void;
    featureGates?: FeatureGates;
    onRecordsCopied?: (count: number) => void;
    runtime?: FakeRuntimeOptions;
  } = {},
) {
  const { script, featureGates, onRecordsCopied } = options;
  const clock = new FakeClock();
  const runtime = new FakeRuntime(clock, { podIP, ...options.runtime });
  script?.(runtime);
  const published: Pod[] = [];
  const events: PodvisorEvent[] = [];
  const worker = new PodWorker(pod, {
    runtime,
    clock,
    objects: lookupInLists({ configMaps: [], secrets: [] }),
    nodeName: "node-a",
    hostIP: "192.168.1.7",
    ...(featureGates ? { featureGates } : {}),
    onEvent: (event) => events.push(event),
    onLog: () => undefined,
    onStatus: (current) => published.push(current),
    ...(onRecordsCopied ? { onRecordsCopied } : {}),
  });
  worker.start();
  return { clock, runtime, worker, published, events, last: () => published[published.length - 1] };
}

const settle = (clock: FakeClock) => clock.advance(0);

describe("PodWorker, the seam a pod source drives (kubelet UpdatePod)", () => {
  it("reports the node's configured address and the address the runtime gave the sandbox", async () => {
    const { clock, last } = startWorker(makePod({ containers: [container("app")] }));
    await settle(clock);
    expect([last()?.status?.hostIP, last()?.status?.podIP]).toEqual(["192.168.1.7", "10.88.0.5"]);
  });

  it("update(pod) takes the new labels and keeps the published status", async () => {
    const pod = makePod({ containers: [container("app")] });
    const { clock, worker, last } = startWorker(pod);
    await settle(clock);
    worker.update({
      ...pod,
      metadata: { ...pod.metadata, labels: { tier: "web" } },
      status: { phase: "Unknown" },
    });
    await settle(clock);
    expect(last()?.metadata.labels).toEqual({ tier: "web" });
    expect(last()?.status?.phase).toBe("Running");
  });

  it("delete(gracePeriodMs) terminates with the deletion's own grace period", async () => {
    const pod = makePod({ containers: [container("app")] });
    const { clock, runtime, worker, last } = startWorker(pod);
    await settle(clock);
    worker.delete(5_000);
    await settle(clock);
    expect(last()?.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(runtime.calls.filter((c) => c.op === "stopContainer").map((c) => c.gracePeriodMs)).toEqual([
      5_000,
    ]);
  });

  it("A16: update(pod) with a new image for a running sidecar restarts only the sidecar, with the kubelet's Killing message", async () => {
    const pod = makePod({
      restartPolicy: "Never",
      init: [sidecar("proxy", { image: "envoy:1" })],
      containers: [container("app")],
    });
    const { clock, runtime, worker, events, last } = startWorker(pod);
    await settle(clock);
    const restartCounts = () =>
      Object.fromEntries(
        [...(last()?.status?.initContainerStatuses ?? []), ...(last()?.status?.containerStatuses ?? [])].map(
          (s) => [s.name, s.restartCount],
        ),
      );
    expect(restartCounts()).toEqual({ proxy: 0, app: 0 });
    const initContainers = (pod.spec.initContainers ?? []).map((c) => ({ ...c, image: "envoy:2" }));
    worker.update({ ...pod, spec: { ...pod.spec, initContainers } });
    await settle(clock);
    await settle(clock);
    expect(restartCounts()).toEqual({ proxy: 1, app: 0 });
    expect(last()?.status?.initContainerStatuses?.[0]).toMatchObject({ image: "envoy:2", ready: true });
    expect(events.filter((e) => e.reason === "Killing").map((e) => e.message)).toEqual([
      "Init container proxy definition changed",
    ]);
    expect(runtime.calls.filter((c) => c.op === "stopContainer").map((c) => c.gracePeriodMs)).toEqual([
      30_000,
    ]);
    expect(last()?.status?.phase).toBe("Running");
  });
});

describe("PodWorker status publication scales with the pod's size (issue 10, item 12)", () => {
  /** Starts a pod of `count` long-running containers and counts the statuses it published. */
  async function startBigPod(count: number) {
    const containers = Array.from({ length: count }, (_, i) => container(`c${i}`));
    let recordsCopied = 0;
    const { clock, published, last } = startWorker(makePod({ containers }), undefined, {
      onRecordsCopied: (n) => {
        recordsCopied += n;
      },
    });
    await settle(clock);
    const statusesGenerated = published.reduce(
      (sum, p) => sum + (p.status?.containerStatuses?.length ?? 0),
      0,
    );
    return { publishes: published.length, statusesGenerated, recordsCopied, last: last() };
  }

  it("starting every container of a 1000-container pod publishes its status a bounded number of times, not once per container", async () => {
    const small = await startBigPod(500);
    const big = await startBigPod(1000);
    expect(big.last?.status?.phase).toBe("Running");
    expect(big.last?.status?.containerStatuses?.every((s) => s.state?.running !== undefined)).toBe(true);
    expect(big.publishes / small.publishes).toBeLessThanOrEqual(1.1);
    // The container statuses generated in all: linear in the containers, a few per container at most.
    expect(big.statusesGenerated).toBeLessThanOrEqual(4 * 1000);
  });

  it("starting every container of a 2000-container pod copies container records a few times per container, not once per observation", async () => {
    // Each start is two observations; folding each into a fresh copy of the pod's 2000 records
    // (what a reducer over a plain record does) copies 8 million records.
    const small = await startBigPod(1000);
    const big = await startBigPod(2000);
    expect(big.last?.status?.containerStatuses?.every((s) => s.state?.running !== undefined)).toBe(true);
    expect(big.recordsCopied).toBeGreaterThan(0);
    expect(big.recordsCopied).toBeLessThanOrEqual(4 * 2000);
    expect(big.recordsCopied / small.recordsCopied).toBeLessThanOrEqual(2.2);
  });
});

describe("PodWorker with SidecarContainers off: an old kubelet (v1.27) ignores an init container's restartPolicy", () => {
  const pod = makePod({
    restartPolicy: "Never",
    init: [sidecar("proxy"), container("setup")],
    containers: [container("app")],
  });
  const gatesOff: FeatureGates = { ...defaultFeatureGates, SidecarContainers: false };
  const names = (list: { name: string }[] | undefined) => (list ?? []).map((s) => s.name);

  it.each([
    ["gate on: the sidecar runs on while setup and the app start", undefined, ["proxy", "app"], "Running"],
    [
      "gate off: the never-exiting 'sidecar' holds setup and the app; the pod never finishes initializing",
      gatesOff,
      ["proxy"],
      "Pending",
    ],
  ] as const)("%s", async (_name, gates, running, phase) => {
    const { clock, runtime, last } = startWorker(pod, undefined, {
      script: (r) => r.script("setup", { exitAfterMs: 100 }),
      ...(gates ? { featureGates: gates } : {}),
    });
    for (let i = 0; i < 5; i++) await clock.advance(1_000);
    expect(runtime.running.sort()).toEqual([...running].sort());
    expect(last()?.status?.phase).toBe(phase);
  });

  it("gate off: a restartPolicy: Always init container that exits 0 completes like a plain one, and the next starts", async () => {
    const { clock, runtime, last } = startWorker(pod, undefined, {
      script: (r) => r.script("proxy", { exitAfterMs: 100 }).script("setup", { exitAfterMs: 100 }),
      featureGates: gatesOff,
    });
    for (let i = 0; i < 5; i++) await clock.advance(1_000);
    expect(runtime.running).toEqual(["app"]);
    const proxy = last()?.status?.initContainerStatuses?.find((s) => s.name === "proxy");
    expect([proxy?.restartCount, proxy?.state?.terminated?.reason]).toEqual([0, "Completed"]);
    expect(names(last()?.status?.initContainerStatuses)).toEqual(["proxy", "setup"]);
    expect(last()?.spec.initContainers?.[0]?.restartPolicy).toBeUndefined();
  });
});

const IMAGE = "127.0.0.1:1/nope:1";
const PULL_ERROR = "initializing source docker://127.0.0.1:1/nope:1: connection refused";

/** A pod whose only image cannot be pulled, on a runtime that pulls images, on a FakeClock. */
function startUnpullable() {
  const { clock, runtime, events, last } = startWorker(
    makePod({ containers: [container("app", { image: IMAGE })] }),
    undefined,
    { runtime: { capabilities: { pullsImages: true }, images: { failPull: { [IMAGE]: PULL_ERROR } } } },
  );
  return {
    clock,
    pulls: () => runtime.calls.filter((c) => c.op === "pullImage").length,
    waiting: () => last()?.status?.containerStatuses?.[0]?.state?.waiting,
    column: () => {
      const pod = last();
      return pod ? printPodRow(pod, { now: clock.now() }).STATUS : undefined;
    },
    events: () => events.map((e) => `${e.type} ${e.reason}: ${e.message}`),
  };
}

describe("ErrImagePull → ImagePullBackOff through the pod worker (A18)", () => {
  it("the waiting reason, message and STATUS column follow the kubelet's image back-off", async () => {
    const pod = startUnpullable();
    await pod.clock.advance(0);
    expect([pod.pulls(), pod.column(), pod.waiting()]).toEqual([
      1,
      "ErrImagePull",
      { reason: "ErrImagePull", message: PULL_ERROR },
    ]);
    await pod.clock.advance(10_000);
    expect([pod.pulls(), pod.column()]).toEqual([2, "ErrImagePull"]);
    await pod.clock.advance(10_000);
    expect([pod.pulls(), pod.column(), pod.waiting()]).toEqual([
      2,
      "ImagePullBackOff",
      {
        reason: "ImagePullBackOff",
        message: `Back-off pulling image "${IMAGE}": ErrImagePull: ${PULL_ERROR}`,
      },
    ]);
    await pod.clock.advance(10_000);
    expect([pod.pulls(), pod.column()]).toEqual([3, "ErrImagePull"]);
    await pod.clock.advance(30_000);
    expect([pod.pulls(), pod.column()]).toEqual([3, "ImagePullBackOff"]);
    await pod.clock.advance(10_000);
    expect([pod.pulls(), pod.column()]).toEqual([4, "ErrImagePull"]);
  });

  it("events as the kubelet words them: Pulling, Failed to pull, Error: ErrImagePull; then BackOff and Error: ImagePullBackOff", async () => {
    const pod = startUnpullable();
    await pod.clock.advance(20_000);
    const pullFailed = [
      `Normal Pulling: Pulling image "${IMAGE}"`,
      `Warning Failed: Failed to pull image "${IMAGE}": ${PULL_ERROR}`,
      "Warning Failed: Error: ErrImagePull",
    ];
    expect(pod.events().filter((e) => !e.includes("Scheduled"))).toEqual([
      ...pullFailed,
      ...pullFailed,
      `Normal BackOff: Back-off pulling image "${IMAGE}"`,
      "Warning Failed: Error: ImagePullBackOff",
    ]);
  });
});
