import { describe, expect, it } from "vitest";
import {
  defaultFeatureGates,
  encodeBase64Text,
  type FeatureGates,
  type Pod,
  type Secret,
} from "../api/index.js";
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
    secrets?: Secret[];
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
    objects: lookupInLists({ configMaps: [], secrets: options.secrets ?? [] }),
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

  it("deleting a 2000-container pod, whose containers all exit at once, copies records and generates statuses a few times per container, not once per exit", async () => {
    // Issue 17 keeps a state a later observation overwrites, to publish it in order after the
    // reaction: kept once per publication request (as publishing it on the spot did), the burst
    // of 2000 exits keeps one whole state, not 2000 (which took minutes and GiBs at 4000).
    async function deleteBigPod(count: number) {
      const containers = Array.from({ length: count }, (_, i) => container(`c${i}`));
      let recordsCopied = 0;
      const { clock, worker, published, last } = startWorker(makePod({ containers }), undefined, {
        onRecordsCopied: (n) => {
          recordsCopied += n;
        },
      });
      await settle(clock);
      const [copiedBefore, publishedBefore] = [recordsCopied, published.length];
      worker.delete(5_000);
      await settle(clock);
      await clock.advance(5_000);
      await settle(clock);
      const statuses = published
        .slice(publishedBefore)
        .reduce((sum, p) => sum + (p.status?.containerStatuses?.length ?? 0), 0);
      return { recordsCopied: recordsCopied - copiedBefore, statuses, last: last() };
    }
    const deleted = await deleteBigPod(2000);
    expect(deleted.last?.status?.containerStatuses?.every((s) => s.state?.terminated !== undefined)).toBe(
      true,
    );
    expect(deleted.recordsCopied).toBeLessThanOrEqual(6 * 2000);
    expect(deleted.statuses).toBeLessThanOrEqual(6 * 2000);
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

describe("ErrImageNeverPull through the pod worker: no back-off, retried on each failed sync", () => {
  it("waits with ErrImageNeverPull, asks again every 10 s with the kubelet's events, never CrashLoopBackOff", async () => {
    const { clock, events, last } = startWorker(
      makePod({ containers: [container("app", { image: IMAGE, imagePullPolicy: "Never" })] }),
      undefined,
      { runtime: { capabilities: { pullsImages: true } } },
    );
    const message = `Container image "${IMAGE}" is not present with pull policy of Never`;
    const attempts = () => events.filter((e) => e.reason === "ErrImageNeverPull").length;
    await clock.advance(0);
    const pod = () => last();
    expect(pod()?.status?.containerStatuses?.[0]?.state?.waiting).toEqual({
      reason: "ErrImageNeverPull",
      message,
    });
    expect(printPodRow(pod() as Pod, { now: clock.now() }).STATUS).toBe("ErrImageNeverPull");
    await clock.advance(9_000);
    expect(attempts()).toBe(1);
    for (let i = 0; i < 6; i++) await clock.advance(10_000);
    expect(attempts()).toBe(7);
    expect(events.filter((e) => e.reason === "BackOff")).toEqual([]);
    expect(events.slice(1, 3).map((e) => `${e.type} ${e.reason}: ${e.message}`)).toEqual([
      `Warning ErrImageNeverPull: ${message}`,
      "Warning Failed: Error: ErrImageNeverPull",
    ]);
  });
});

describe("imagePullSecrets through the pod worker (kubelet getPullSecretsForPod, kuberuntime PullImage)", () => {
  const REGISTRY_IMAGE = "registry.local:5000/team/app:1";
  const regcred = (auths: Record<string, unknown>): Secret => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "regcred", namespace: "default" },
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": encodeBase64Text(JSON.stringify({ auths })) },
  });
  const pullingPod = (secrets: Secret[], failPull: Record<string, string> = {}) => {
    const pod = makePod({ containers: [container("app", { image: REGISTRY_IMAGE })] });
    pod.spec.imagePullSecrets = [{ name: "regcred" }];
    return startWorker(pod, undefined, {
      runtime: { capabilities: { pullsImages: true }, images: { failPull } },
      secrets,
    });
  };
  const pulls = (runtime: FakeRuntime) => runtime.calls.filter((c) => c.op === "pullImage");

  it("the login for the image's registry goes with the pull", async () => {
    const { clock, runtime } = pullingPod([
      regcred({ "registry.local:5000": { auth: encodeBase64Text("u:p") } }),
    ]);
    await clock.advance(0);
    expect(pulls(runtime)).toEqual([
      { op: "pullImage", image: REGISTRY_IMAGE, auth: { username: "u", password: "p" } },
    ]);
  });

  it("a login for another registry is not sent: the pull is anonymous", async () => {
    const { clock, runtime } = pullingPod([regcred({ "quay.io": { username: "u", password: "p" } })]);
    await clock.advance(0);
    expect(pulls(runtime)).toEqual([{ op: "pullImage", image: REGISTRY_IMAGE }]);
  });

  it("logins are tried in turn until one pulls; failures of all are joined as the kubelet's aggregate", async () => {
    const secret = regcred({
      "registry.local:5000/team": { username: "team", password: "p" },
      "registry.local:5000": { username: "host", password: "p" },
    });
    const second = pullingPod([secret], { [`${REGISTRY_IMAGE} as team`]: "unauthorized" });
    await second.clock.advance(0);
    expect(pulls(second.runtime).map((c) => c.op === "pullImage" && c.auth?.username)).toEqual([
      "team",
      "host",
    ]);
    expect(second.runtime.running).toEqual(["app"]);
    const none = pullingPod([secret], {
      [`${REGISTRY_IMAGE} as team`]: "unauthorized",
      [`${REGISTRY_IMAGE} as host`]: "denied",
    });
    await none.clock.advance(0);
    expect(none.last()?.status?.containerStatuses?.[0]?.state?.waiting).toEqual({
      reason: "ErrImagePull",
      message: "[unauthorized, denied]",
    });
  });

  it("a missing Secret: a Warning FailedToRetrieveImagePullSecret, and the pull goes ahead anonymously", async () => {
    const { clock, runtime, events } = pullingPod([]);
    await clock.advance(0);
    expect(
      events
        .filter((e) => e.reason === "FailedToRetrieveImagePullSecret")
        .map((e) => [e.type, e.message, e.involvedObject.fieldPath]),
    ).toEqual([
      [
        "Warning",
        "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.",
        undefined,
      ],
    ]);
    expect(pulls(runtime)).toEqual([{ op: "pullImage", image: REGISTRY_IMAGE }]);
    expect(runtime.running).toEqual(["app"]);
  });

  it("a Secret whose login cannot be read fails the sync before any pull, and is retried on the next one", async () => {
    const { clock, runtime, last } = pullingPod([regcred({ "registry.local:5000": { auth: "pants" } })]);
    await clock.advance(0);
    const reason =
      'imagePullSecrets "regcred": .dockerconfigjson: "registry.local:5000": unable to parse auth field, must be formatted as base64(username:password)';
    expect(last()?.status?.containerStatuses?.[0]?.state?.waiting).toEqual({ reason, message: reason });
    expect(pulls(runtime)).toEqual([]);
  });
});
