/**
 * `podvisor controller` against a real control plane: SidecarSet rollouts in place, observed
 * through the API. The pods are injected offline (`podvisor inject`, the same injection as the
 * webhook) and bound to a node that does not exist; a test node in this process plays the
 * kubelet's part on the API (support/test-kubelet.ts), which lets these tests choose when a
 * restarted sidecar becomes ready. The same rollout over pods `podvisor node` really runs is in
 * node.test.ts. The controller reconciles only the SidecarSets labelled for this run.
 * docs/sidecarsets.md.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { installSidecarSetCrds } from "./support/sidecarset-crds.js";
import { startController, type ControllerProcess } from "./controller-process.js";
import { pollUntil } from "./support/poll-until.js";
import { watchObjects, watchPods } from "./support/pod-watch.js";
import { useSharedControlPlane } from "./support/shared-control-plane.js";
import { TestKubelet, type KubeletPod } from "./support/test-kubelet.js";
import { cliPath } from "./webhook-process.js";

type Json = Record<string, unknown>;
interface SidecarSetStatusJson {
  metadata: { generation: number };
  status?: {
    matchedPods?: number;
    updatedPods?: number;
    readyPods?: number;
    updatedReadyPods?: number;
    observedGeneration?: number;
    latestRevision?: string;
  };
}

const cluster = useSharedControlPlane();
const run = randomBytes(3).toString("hex");
const runLabel = `podvisor-rollout-test=${run}`;
const nodeName = "podvisor-rollout-test-node";
let dir: string;
let leaseNamespace: string;
const cleanups: (() => Promise<void>)[] = [];

function podvisor(args: string[]): string {
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`podvisor ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

function sidecarSet(name: string, app: string, spec: Json): Json {
  return {
    apiVersion: "apps.kruise.io/v1beta1",
    kind: "SidecarSet",
    metadata: { name: `${name}-${run}`, labels: { "podvisor-rollout-test": run } },
    spec: { selector: { matchLabels: { app } }, ...spec },
  };
}

/** Creates the SidecarSet, then `count` pods injected with it by `podvisor inject`. */
async function createInjectedPods(ns: string, set: Json, count: number, podSpec: Json = {}): Promise<void> {
  await cluster.kubectl(["create", "-f", "-"], { stdin: JSON.stringify(set) });
  await injectPods(ns, set, count, { podSpec });
}

/**
 * A Deployment of `replicas` pods whose template `podvisor inject` injected with `set`; its pods
 * are bound to the test node by the template's nodeName (the scheduler leaves them alone).
 */
async function createInjectedDeployment(ns: string, set: Json, replicas: number): Promise<void> {
  const app = ((set.spec as Json).selector as { matchLabels: { app: string } }).matchLabels.app;
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: app, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: { nodeName, containers: [{ name: "app", image: "registry.invalid/app:1" }] },
      },
    },
  };
  const file = join(dir, `${ns}-${app}-deployment.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: [set, deployment] }));
  // inject prints the workloads only: here the Deployment alone.
  await cluster.kubectl(["create", "-f", "-"], { stdin: podvisor(["inject", "-f", file, "-o", "json"]) });
}

/**
 * Creates pods `${app}-${first}` .. injected by `podvisor inject` with `set` as given (which may
 * differ from the stored SidecarSet, as a pod injected from an older spec does).
 */
async function injectPods(
  ns: string,
  set: Json,
  count: number,
  options: { podSpec?: Json; first?: number; labels?: (i: number) => Record<string, string> } = {},
): Promise<void> {
  const app = ((set.spec as Json).selector as { matchLabels: { app: string } }).matchLabels.app;
  const first = options.first ?? 0;
  const pods = Array.from({ length: count }, (_, i) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `${app}-${first + i}`, namespace: ns, labels: { app, ...options.labels?.(first + i) } },
    spec: { nodeName, containers: [{ name: "app", image: "registry.invalid/app:1" }], ...options.podSpec },
  }));
  const file = join(dir, `${ns}-${app}-${first}.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: [set, ...pods] }));
  const injected = podvisor(["inject", "-f", file, "-o", "json"]);
  await cluster.kubectl(["create", "-f", "-"], { stdin: injected });
}

async function sidecarSetStatus(name: string): Promise<SidecarSetStatusJson> {
  return cluster.getJson<SidecarSetStatusJson>(["sidecarsets.apps.kruise.io", `${name}-${run}`]);
}

/** Waits until the SidecarSet's status shows `updated` of `matched` pods updated and all ready. */
async function waitForStatus(name: string, matched: number, updated: number, timeoutMs = 90_000) {
  return pollUntil(
    `sidecarset ${name}: ${updated}/${matched} updated, all ready`,
    async () => {
      const set = await sidecarSetStatus(name);
      const s = set.status ?? {};
      return s.observedGeneration === set.metadata.generation &&
        s.matchedPods === matched &&
        s.updatedPods === updated &&
        s.readyPods === matched &&
        s.updatedReadyPods === updated
        ? set
        : undefined;
    },
    { timeoutMs },
  );
}

async function setImage(name: string, path: string, image: string): Promise<void> {
  const patch = [{ op: "replace", path, value: image }];
  await cluster.kubectl([
    "patch",
    "sidecarsets.apps.kruise.io",
    `${name}-${run}`,
    "--type",
    "json",
    "-p",
    JSON.stringify(patch),
  ]);
}

async function listPods(ns: string): Promise<KubeletPod[]> {
  return (await cluster.getJson<{ items: KubeletPod[] }>(["pods", "-n", ns])).items;
}

function imageOf(pod: KubeletPod, name: string): string | undefined {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((c) => c.name === name)?.image;
}

/** Unavailable as Kruise counts it: not Ready, or a container not (yet) running its spec image. */
function isUnavailable(pod: KubeletPod): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  return !ready || spec.some((c) => statuses.some((s) => s.name === c.name && s.image !== c.image));
}

function startKubelet(ns: string, restartDelayMs: number): TestKubelet {
  const kubelet = new TestKubelet(cluster.connection, { namespace: ns, restartDelayMs });
  kubelet.start();
  cleanups.push(() => kubelet.stop());
  return kubelet;
}

async function controller(leaseName: string): Promise<ControllerProcess> {
  const process = await startController({
    kubeconfig: cluster.connection.kubeconfigPath,
    leaseNamespace,
    leaseName,
    sidecarSetSelector: runLabel,
  });
  cleanups.push(async () => {
    await process.kill("SIGKILL");
    // Kept for a failure's post-mortem, beside the control plane's own logs.
    writeFileSync(join(dir, `${leaseName}.log`), process.output());
  });
  return process;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "podvisor-rollout-cluster-"));
  console.log(`rollout test: controller logs in ${dir}`);
  await installSidecarSetCrds(cluster);
  leaseNamespace = await cluster.createNamespace("rollout-leases");
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await cluster.kubectlResult(["delete", "sidecarsets.apps.kruise.io", "-l", runLabel, "--ignore-not-found"]);
});

describe("podvisor controller", () => {
  it("rolls a new sidecar image out over a 30-pod Deployment with maxUnavailable 3: never more than 3 pods unavailable at any pod update, the status right at every update, every pod ends on the new image", async () => {
    const ns = await cluster.createNamespace("rollout");
    startKubelet(ns, 1500);
    const set = sidecarSet("proxy", "web", {
      containers: [{ name: "proxy", image: "registry.invalid/proxy:1" }],
      updateStrategy: { type: "RollingUpdate", maxUnavailable: 3 },
    });
    await cluster.kubectl(["create", "-f", "-"], { stdin: JSON.stringify(set) });
    await createInjectedDeployment(ns, set, 30);
    const ctl = await controller(`rollout-${run}-1`);
    await waitForStatus("proxy", 30, 30);

    const unavailable = new Map<string, boolean>();
    let maxUnavailable = 0;
    const statuses: NonNullable<SidecarSetStatusJson["status"]>[] = [];
    const watching = new AbortController();
    const watches = [
      watchPods<KubeletPod>(
        cluster.connection,
        ns,
        (event) => {
          if (event.type === "DELETED") unavailable.delete(event.object.metadata.name);
          else unavailable.set(event.object.metadata.name, isUnavailable(event.object));
          maxUnavailable = Math.max(maxUnavailable, [...unavailable.values()].filter(Boolean).length);
        },
        watching.signal,
      ),
      watchObjects<SidecarSetStatusJson>(
        cluster.connection,
        "/apis/apps.kruise.io/v1beta1/sidecarsets",
        `metadata.name=proxy-${run}`,
        (event) => {
          if (event.object.status) statuses.push(event.object.status);
        },
        watching.signal,
      ),
    ];
    await pollUntil("the watches' first events", () =>
      unavailable.size === 30 && statuses.length > 0 ? true : undefined,
    );
    await setImage("proxy", "/spec/containers/0/image", "registry.invalid/proxy:2");
    const done = await waitForStatus("proxy", 30, 30, 110_000);
    watching.abort();
    await Promise.all(watches);

    expect(maxUnavailable).toBeGreaterThan(0);
    expect(maxUnavailable).toBeLessThanOrEqual(3);
    // Every status the controller wrote: all 30 matched, at most 3 not ready, updated pods only
    // ever more, and never more updated-and-ready than updated.
    expect(statuses.length).toBeGreaterThan(2);
    for (const [i, status] of statuses.entries()) {
      expect(status.matchedPods).toBe(30);
      expect(status.readyPods).toBeGreaterThanOrEqual(27);
      expect(status.updatedReadyPods ?? 0).toBeLessThanOrEqual(status.updatedPods ?? 0);
      if (i > 0 && statuses[i - 1]!.latestRevision === status.latestRevision)
        expect(status.updatedPods ?? 0).toBeGreaterThanOrEqual(statuses[i - 1]!.updatedPods ?? 0);
    }
    const pods = await listPods(ns);
    expect(pods).toHaveLength(30);
    expect(pods.map((p) => imageOf(p, "proxy"))).toEqual(pods.map(() => "registry.invalid/proxy:2"));
    expect(pods.map((p) => imageOf(p, "app"))).toEqual(pods.map(() => "registry.invalid/app:1"));
    expect(done.status?.latestRevision).toMatch(new RegExp(`^proxy-${run}-`));
    const revisions = await cluster.getJson<{ items: unknown[] }>([
      "controllerrevisions",
      "-n",
      "kruise-system",
      "-l",
      `kruise.io/sidecarset-name=proxy-${run}`,
    ]);
    expect(revisions.items).toHaveLength(2);
    expect(await ctl.metric("podvisor_sidecarset_pods_updated_total")).toBe(30);
    // Every reconcile is timed by stage: at least the ten rounds of three pods wrote.
    const timed = (stage: string) =>
      ctl.metric(`podvisor_sidecarset_reconcile_duration_seconds_count{stage="${stage}"}`);
    const writes = await timed("write");
    expect(writes).toBeGreaterThanOrEqual(10);
    expect(await timed("plan")).toBeGreaterThanOrEqual(writes);
    // kubectl's columns come from the CRD's additionalPrinterColumns, fed by the status written.
    const printed = await cluster.kubectl(["get", "sidecarsets.apps.kruise.io", `proxy-${run}`]);
    expect(printed).toMatch(/^NAME\s+MATCHED\s+UPDATED\s+READY\s+AGE\n/);
    expect(printed).toMatch(new RegExp(`\\nproxy-${run}\\s+30\\s+30\\s+30\\s+\\S+\\n`));
  });

  it("paused mid-rollout stops further updates; a partition of 4 leaves exactly 4 pods on the old revision", async () => {
    const ns = await cluster.createNamespace("rollout");
    startKubelet(ns, 2000);
    const set = sidecarSet("pausable", "api", {
      containers: [{ name: "proxy", image: "registry.invalid/proxy:1" }],
      updateStrategy: { type: "RollingUpdate", maxUnavailable: 1 },
    });
    await createInjectedPods(ns, set, 10);
    await controller(`rollout-${run}-2`);
    await waitForStatus("pausable", 10, 10);
    await setImage("pausable", "/spec/containers/0/image", "registry.invalid/proxy:2");
    const onNew = async () =>
      (await listPods(ns)).filter((p) => imageOf(p, "proxy") === "registry.invalid/proxy:2").length;
    await pollUntil("two pods updated", async () => ((await onNew()) >= 2 ? true : undefined));
    await cluster.kubectl([
      "patch",
      "sidecarsets.apps.kruise.io",
      `pausable-${run}`,
      "--type",
      "merge",
      "-p",
      JSON.stringify({ spec: { updateStrategy: { paused: true } } }),
    ]);
    // A patch already sent when the pause arrived may still land; after that, nothing moves.
    await waitForStatusSettled("pausable");
    const whenPaused = await onNew();
    await new Promise((done) => setTimeout(done, 5000));
    expect(await onNew()).toBe(whenPaused);
    expect(whenPaused).toBeLessThan(10);

    await cluster.kubectl([
      "patch",
      "sidecarsets.apps.kruise.io",
      `pausable-${run}`,
      "--type",
      "merge",
      "-p",
      JSON.stringify({ spec: { updateStrategy: { paused: false, partition: 4 } } }),
    ]);
    await waitForStatus("pausable", 10, 6);
    await new Promise((done) => setTimeout(done, 3000));
    expect(await onNew()).toBe(6);
  });

  it("upgrades a native sidecar (an init container with restartPolicy Always) in place; the app and a plain init container are untouched", async () => {
    const ns = await cluster.createNamespace("rollout");
    startKubelet(ns, 1000);
    const set = sidecarSet("native", "shop", {
      initContainers: [{ name: "mesh", image: "registry.invalid/mesh:1", restartPolicy: "Always" }],
      updateStrategy: { type: "RollingUpdate", maxUnavailable: 2 },
    });
    await createInjectedPods(ns, set, 4, {
      initContainers: [{ name: "setup", image: "registry.invalid/setup:1" }],
    });
    await controller(`rollout-${run}-3`);
    await waitForStatus("native", 4, 4);
    await setImage("native", "/spec/initContainers/0/image", "registry.invalid/mesh:2");
    await waitForStatus("native", 4, 4);
    for (const pod of await listPods(ns)) {
      expect(imageOf(pod, "mesh")).toBe("registry.invalid/mesh:2");
      expect(imageOf(pod, "setup")).toBe("registry.invalid/setup:1");
      const app = pod.status?.containerStatuses?.find((s) => s.name === "app");
      expect(app?.restartCount).toBe(0);
      const mesh = pod.status?.initContainerStatuses?.find((s) => s.name === "mesh");
      expect(mesh).toMatchObject({ image: "registry.invalid/mesh:2", restartCount: 1, ready: true });
    }
  });

  it("updateStrategy.selector: only the canary pods are updated; describe sidecarset says why the others stay", async () => {
    const ns = await cluster.createNamespace("rollout");
    startKubelet(ns, 1000);
    const set = sidecarSet("canary", "cafe", {
      containers: [{ name: "proxy", image: "registry.invalid/proxy:1" }],
      updateStrategy: {
        type: "RollingUpdate",
        maxUnavailable: 2,
        selector: { matchLabels: { canary: "true" } },
      },
    });
    await cluster.kubectl(["create", "-f", "-"], { stdin: JSON.stringify(set) });
    await injectPods(ns, set, 6, { labels: (i) => (i < 2 ? { canary: "true" } : {}) });
    await controller(`rollout-${run}-canary`);
    await waitForStatus("canary", 6, 6);
    await setImage("canary", "/spec/containers/0/image", "registry.invalid/proxy:2");
    await waitForStatus("canary", 6, 2);
    // Nothing more moves: the others are not selected, however many rounds pass.
    await waitForStatusSettled("canary");
    const pods = await listPods(ns);
    const onNew = pods
      .filter((p) => imageOf(p, "proxy") === "registry.invalid/proxy:2")
      .map((p) => p.metadata.name);
    expect(onNew.sort()).toEqual(["cafe-0", "cafe-1"]);

    const kubeconfig = cluster.connection.kubeconfigPath;
    const table = podvisor(["get", "sidecarsets", `canary-${run}`, "--kubeconfig", kubeconfig]);
    expect(table).toMatch(
      new RegExp(`^NAME +MATCHED +UPDATED +READY +AGE\\ncanary-${run} +6 +2 +6 +\\S+\\n$`),
    );
    const described = podvisor(["describe", "sidecarset", `canary-${run}`, "--kubeconfig", kubeconfig]);
    expect(described).toMatch(/\n {2}Pods: +6 matched, 2 updated, 6 ready, 2 updated and ready\n/);
    expect(described).toMatch(
      /\n {2}Strategy: +RollingUpdate, maxUnavailable 2, partition 0, selector set\n/,
    );
    // Not "in progress": every pod the canary selector matches is done.
    expect(described).toMatch(
      /\n {2}State: +updated all pods the update selector matches; 4 pods excluded by updateStrategy\.selector\n/,
    );
    for (const name of ["cafe-2", "cafe-3", "cafe-4", "cafe-5"])
      expect(described).toMatch(
        new RegExp(
          `${ns}/${name} +NotSelected +left on its revision: updateStrategy.selector does not select it\\n`,
        ),
      );
    expect(described).not.toContain(`${ns}/cafe-0 `);
  });

  it("a pod whose sidecar differs in more than the image is left alone, with SidecarSetUpgradable=False and a NotUpgradablePods event", async () => {
    const ns = await cluster.createNamespace("rollout");
    startKubelet(ns, 1000);
    const set = sidecarSet("odd", "books", {
      containers: [{ name: "proxy", image: "registry.invalid/proxy:1" }],
      updateStrategy: { type: "RollingUpdate", maxUnavailable: 2 },
    });
    await cluster.kubectl(["create", "-f", "-"], { stdin: JSON.stringify(set) });
    await injectPods(ns, set, 2);
    // Injected from an older spec whose proxy had args: more than the image differs.
    const older = structuredClone(set);
    ((older.spec as Json).containers as Json[])[0]!.args = ["--legacy"];
    await injectPods(ns, older, 1, { first: 2 });
    await controller(`rollout-${run}-odd`);
    await setImage("odd", "/spec/containers/0/image", "registry.invalid/proxy:2");
    await waitForStatus("odd", 3, 2);
    const odd = await pollUntil("books-2's SidecarSetUpgradable condition", async () => {
      const pod = await cluster.getJson<KubeletPod & { status: { conditions: Json[] } }>([
        "pod",
        "books-2",
        "-n",
        ns,
      ]);
      return pod.status.conditions.find((c) => c.type === "SidecarSetUpgradable") ? pod : undefined;
    });
    expect(odd.status.conditions.find((c) => c.type === "SidecarSetUpgradable")).toMatchObject({
      status: "False",
      reason: "UpdateImmutableField",
      message: JSON.stringify({ [`odd-${run}`]: false }),
    });
    expect(imageOf(odd, "proxy")).toBe("registry.invalid/proxy:1");
    const events = await pollUntil("the NotUpgradablePods event", async () => {
      const list = await cluster.getJson<{ items: { reason: string; message: string }[] }>([
        "events",
        "-A",
        "--field-selector",
        `involvedObject.kind=SidecarSet,involvedObject.name=odd-${run}`,
      ]);
      return list.items.some((e) => e.reason === "NotUpgradablePods") ? list.items : undefined;
    });
    expect(events.find((e) => e.reason === "NotUpgradablePods")?.message).toContain(
      "1 not upgradable pod(s)",
    );
    for (const name of ["books-0", "books-1"]) {
      const pod = await cluster.getJson<KubeletPod>(["pod", name, "-n", ns]);
      expect(imageOf(pod, "proxy")).toBe("registry.invalid/proxy:2");
    }
    const described = podvisor([
      "describe",
      "sidecarset",
      `odd-${run}`,
      "--kubeconfig",
      cluster.connection.kubeconfigPath,
    ]);
    expect(described).toMatch(new RegExp(`${ns}/books-2 +NotUpgradable +its sidecars differ`));
    expect(described).toMatch(
      /Normal +NotUpgradablePods +\S+.* +sidecarset-controller +SidecarSet in-place update detected/,
    );
  });

  it("a pod change that touches nothing a rollout plan reads (another tool's annotation) wakes no reconcile; a label change does, through a namespaceSelector", async () => {
    const ns = await cluster.createNamespace("rollout");
    const kubelet = startKubelet(ns, 0);
    const set = sidecarSet("quiet", "notes", {
      // Selecting by the namespace's labels: a pod event is matched with its namespace's labels.
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } },
      containers: [{ name: "proxy", image: "registry.invalid/proxy:1" }],
      updateStrategy: { type: "RollingUpdate" },
    });
    await createInjectedPods(ns, set, 1);
    const ctl = await controller(`rollout-${run}-quiet`);
    await waitForStatus("quiet", 1, 1);
    // From here on the test is the pod's only writer: a late status write of the test node (one
    // that raced its first) would wake the SidecarSet too.
    await kubelet.stop();
    const enqueued = () => ctl.metric('podvisor_sidecarset_pod_changes_total{outcome="enqueued"}');
    const before = await enqueued();
    await cluster.kubectl(["annotate", "pod", "notes-0", "-n", ns, "example.com/owner=team-a"]);
    await cluster.kubectl(["label", "pod", "notes-0", "-n", ns, "track=canary"]);
    // One watch stream delivers both in order: once the label has woken the SidecarSet, the
    // annotation has been seen before it.
    await pollUntil("the label change to wake the SidecarSet", async () =>
      (await enqueued()) > before ? true : undefined,
    );
    expect(await enqueued()).toBe(before + 1);
    expect(await ctl.metric('podvisor_sidecarset_pod_changes_total{outcome="ignored"}')).toBeGreaterThan(0);
  });

  it("HotUpgrade: the new image goes into the idle slot, which becomes the working one; the old slot is reset to the empty image", async () => {
    const ns = await cluster.createNamespace("rollout");
    startKubelet(ns, 1000);
    const empty = "registry.invalid/empty:1";
    const set = sidecarSet("hot", "games", {
      containers: [
        {
          name: "proxy",
          image: "registry.invalid/proxy:1",
          upgradeStrategy: { upgradeType: "HotUpgrade", hotUpgradeEmptyImage: empty },
        },
      ],
      updateStrategy: { type: "RollingUpdate", maxUnavailable: 1 },
    });
    await createInjectedPods(ns, set, 3);
    const working = (pod: KubeletPod) =>
      (
        JSON.parse(
          pod.metadata.annotations?.["kruise.io/sidecarset-working-hotupgrade-container"] ?? "{}",
        ) as Json
      ).proxy;
    for (const pod of await listPods(ns)) {
      expect([imageOf(pod, "proxy-1"), imageOf(pod, "proxy-2"), working(pod)]).toEqual([
        "registry.invalid/proxy:1",
        empty,
        "proxy-1",
      ]);
    }
    await controller(`rollout-${run}-hot`);
    await waitForStatus("hot", 3, 3);
    await setImage("hot", "/spec/containers/0/image", "registry.invalid/proxy:2");
    await waitForStatus("hot", 3, 3);
    // readyPods counts a pod only once its idle slot is back on the empty image.
    for (const pod of await listPods(ns)) {
      expect([imageOf(pod, "proxy-1"), imageOf(pod, "proxy-2"), working(pod)]).toEqual([
        empty,
        "registry.invalid/proxy:2",
        "proxy-2",
      ]);
      expect(pod.status?.containerStatuses?.find((s) => s.name === "app")?.restartCount).toBe(0);
    }
  });

  it("two controller processes: only the leader acts; killed, the other takes the lease over and finishes the rollout", async () => {
    const ns = await cluster.createNamespace("rollout");
    startKubelet(ns, 1500);
    const set = sidecarSet("ha", "cart", {
      containers: [{ name: "proxy", image: "registry.invalid/proxy:1" }],
      updateStrategy: { type: "RollingUpdate", maxUnavailable: 1 },
    });
    await createInjectedPods(ns, set, 8);
    const leaseName = `rollout-${run}-ha`;
    const first = await controller(leaseName);
    await pollUntil("the first controller leads", async () =>
      (await first.metric("podvisor_leader")) === 1 ? true : undefined,
    );
    const second = await controller(leaseName);
    await waitForStatus("ha", 8, 8);
    await setImage("ha", "/spec/containers/0/image", "registry.invalid/proxy:2");
    await pollUntil("two pods updated by the leader", async () =>
      (await first.metric("podvisor_sidecarset_pods_updated_total")) >= 2 ? true : undefined,
    );
    expect(await second.metric("podvisor_leader")).toBe(0);
    expect(await second.metric("podvisor_sidecarset_pods_updated_total")).toBe(0);

    await first.kill("SIGKILL");
    await pollUntil("the second controller leads", async () =>
      (await second.metric("podvisor_leader")) === 1 ? true : undefined,
    );
    await waitForStatus("ha", 8, 8);
    expect(await second.metric("podvisor_sidecarset_pods_updated_total")).toBeGreaterThan(0);
    const pods = await listPods(ns);
    expect(pods.map((p) => imageOf(p, "proxy"))).toEqual(pods.map(() => "registry.invalid/proxy:2"));
    const lease = await cluster.getJson<{ spec: { holderIdentity: string; leaseTransitions: number } }>([
      "lease",
      "-n",
      leaseNamespace,
      leaseName,
    ]);
    expect(second.output()).toContain(lease.spec.holderIdentity);
    expect(lease.spec.leaseTransitions).toBe(1);
  });
});

/** Until the status stops changing for two seconds (the pause took effect, patches in flight landed). */
async function waitForStatusSettled(name: string): Promise<void> {
  let last = "";
  let stableSince = Date.now();
  await pollUntil(`sidecarset ${name}'s status to settle`, async () => {
    const text = JSON.stringify((await sidecarSetStatus(name)).status);
    if (text !== last) {
      last = text;
      stableSince = Date.now();
      return undefined;
    }
    return Date.now() - stableSince >= 4000 ? true : undefined;
  });
}
