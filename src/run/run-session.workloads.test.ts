/**
 * Workloads in a run, on the fake runtime and the fake clock: a Deployment's pod is named and
 * labelled as on a cluster, is replaced when it ends, runs until the run is deleted, and is then
 * stopped app first, sidecar after (C5).
 */
import { describe, expect, it } from "vitest";
import { loadRunInput } from "../admission/index.js";
import type { Deployment, Pod, ReplicaSet } from "../api/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import { RunSession } from "./run-session.js";

const deploymentSidecar = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: myapp, labels: {app.kubernetes.io/name: myapp}}
spec:
  replicas: 1
  selector: {matchLabels: {app.kubernetes.io/name: myapp}}
  template:
    metadata: {labels: {app.kubernetes.io/name: myapp}}
    spec:
      containers:
        - {name: myapp, image: alpine:latest, command: [serve], volumeMounts: [{name: data, mountPath: /opt}]}
      initContainers:
        - {name: logshipper, image: alpine:latest, restartPolicy: Always, command: [serve], volumeMounts: [{name: data, mountPath: /opt}]}
      volumes: [{name: data, emptyDir: {}}]
---
apiVersion: v1
kind: Service
metadata: {name: myapp}
spec: {selector: {app.kubernetes.io/name: myapp}, ports: [{port: 80}]}
`;

function start(yaml: string, configure?: (runtime: FakeRuntime) => void) {
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
  const stops: string[] = [];
  const stop = runtime.stopContainer.bind(runtime);
  runtime.stopContainer = (id, graceMs) => {
    const call = runtime.calls.find((c) => c.op === "startContainer" && c.id === id);
    stops.push(call && "container" in call ? call.container : id);
    return stop(id, graceMs);
  };
  const suffixes = ["abcde", "fghjk", "lmnpq"];
  let next = 0;
  const statuses = new Map<string, unknown>();
  const warnings: string[] = [];
  const session = new RunSession(input, {
    runtime,
    clock,
    nodeName: "node-1",
    hostIP: "127.0.0.1",
    randomSuffix: () => suffixes[next++] ?? `x${next}`,
    newUid: () => `uid-${++uid}`,
    onEvent: (event) => events.push(event),
    onLog: () => undefined,
    onWorkloadStatus: (workload) =>
      statuses.set(`${workload.kind}/${workload.metadata.name ?? ""}`, workload),
    onWarning: (warning) => warnings.push(warning),
  });
  return { clock, runtime, session, events, stops, statuses, input, warnings, result: session.run() };
}

describe("a Deployment in a run", () => {
  it("the official deployment-sidecar: one pod <rs>-<suffix> with pod-template-hash; the Service is reported, not run", async () => {
    const run = start(deploymentSidecar);
    expect(run.input.notRun).toEqual(["service/myapp"]);
    await run.clock.advance(1000);
    const rs = [...run.statuses.values()].find((w) => (w as ReplicaSet).kind === "ReplicaSet") as ReplicaSet;
    const hash = rs.metadata.labels?.["pod-template-hash"] ?? "";
    expect(rs.metadata.name).toBe(`myapp-${hash}`);
    const deployment = run.statuses.get("Deployment/myapp") as Deployment;
    expect(deployment.status).toMatchObject({
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
    });
    expect(deployment.status?.conditions?.find((c) => c.type === "Available")?.status).toBe("True");
    expect(run.events.slice(0, 2).map((e) => `${e.source} ${e.reason} ${e.message}`)).toEqual([
      `deployment-controller ScalingReplicaSet Scaled up replica set myapp-${hash} from 0 to 1`,
      `replicaset-controller SuccessfulCreate Created pod: myapp-${hash}-abcde`,
    ]);
    run.session.deleteAll();
    await run.clock.advance(60_000);
    const result = await run.result;
    expect(result.pods.map((p: Pod) => [p.metadata.name, p.metadata.labels?.["pod-template-hash"]])).toEqual([
      [`myapp-${hash}-abcde`, hash],
    ]);
    // C5: the app stops first, then the sidecar; nothing replaces the deleted pod.
    expect(run.stops).toEqual(["myapp", "logshipper"]);
    expect(result.workloads.map((w) => w.kind)).toEqual(["Deployment", "ReplicaSet"]);
  });

  it("a pod that ends (Failed: activeDeadlineSeconds, DeadlineExceeded) is replaced by a new one", async () => {
    const run = start(
      deploymentSidecar.replace(
        "      volumes:",
        "      activeDeadlineSeconds: 5\n      terminationGracePeriodSeconds: 1\n      volumes:",
      ),
    );
    await run.clock.advance(1_000);
    expect(run.events.filter((e) => e.reason === "SuccessfulCreate").map((e) => e.message.slice(-5))).toEqual(
      ["abcde"],
    );
    await run.clock.advance(6_500);
    expect(run.events.filter((e) => e.reason === "SuccessfulCreate").map((e) => e.message.slice(-5))).toEqual(
      ["abcde", "fghjk"],
    );
    run.session.deleteAll();
    await run.clock.advance(60_000);
    const result = await run.result;
    // The replacement ran until the run was deleted.
    expect(result.pods.map((p) => [p.metadata.name?.slice(-5), p.status?.reason])).toEqual([
      ["abcde", "DeadlineExceeded"],
      ["fghjk", undefined],
    ]);
  });
});

const statefulSet = (policy: string) => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  podManagementPolicy: ${policy}
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: db
          image: busybox
          command: [serve]
          readinessProbe: {exec: {command: [ready]}, initialDelaySeconds: 5, periodSeconds: 1}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

describe("a StatefulSet in a run", () => {
  const ready = (runtime: FakeRuntime) =>
    runtime.script("db", { exec: () => ({ exitCode: 0, output: "", timedOut: false }) });
  const created = (events: PodvisorEvent[]) =>
    events.filter((e) => e.reason === "SuccessfulCreate").map((e) => [e.message.split(" ")[2], e.timeMs]);

  it("OrderedReady: db-1 is created only once db-0 is Running and Ready, db-2 after db-1", async () => {
    const run = start(statefulSet("OrderedReady"), ready);
    const t0 = run.clock.now();
    for (let i = 0; i < 20; i++) await run.clock.advance(1_000);
    const times = created(run.events).map(([name, at]) => [name, Math.round(((at as number) - t0) / 1000)]);
    expect(times.map(([name]) => name)).toEqual(["db-0", "db-1", "db-2"]);
    expect(times[1]?.[1]).toBeGreaterThanOrEqual(5);
    expect(times[2]?.[1]).toBeGreaterThanOrEqual((times[1]?.[1] as number) + 5);
    run.session.deleteAll();
    await run.clock.advance(60_000);
    const result = await run.result;
    const pod0 = result.pods.find((p) => p.metadata.name === "db-0");
    expect(pod0?.metadata.labels).toMatchObject({
      app: "db",
      "statefulset.kubernetes.io/pod-name": "db-0",
      "apps.kubernetes.io/pod-index": "0",
    });
    expect(pod0?.metadata.labels?.["controller-revision-hash"]).toMatch(/^db-/);
    expect(pod0?.spec.hostname).toBe("db-0");
    expect(pod0?.spec.subdomain).toBe("db");
    // The claim data-db-0 is a volume of its own (an emptyDir here: no claimDirectory given).
    expect(pod0?.spec.volumes?.find((v) => v.name === "data")).toEqual({ name: "data", emptyDir: {} });
  });

  it("Parallel: all three pods are created at once", async () => {
    const run = start(statefulSet("Parallel"), ready);
    await run.clock.advance(100);
    expect(created(run.events).map(([name]) => name)).toEqual(["db-0", "db-1", "db-2"]);
    run.session.deleteAll();
    await run.clock.advance(60_000);
    await run.result;
  });
});

const daemonSet = (nodeSelector: string) => `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: ${nodeSelector}
      containers: [{name: agent, image: busybox, command: [serve]}]
`;

describe("a DaemonSet in a run", () => {
  it("runs one pod on this node when its nodeSelector matches the node's labels", async () => {
    const run = start(daemonSet("{kubernetes.io/os: linux}"));
    await run.clock.advance(100);
    expect(run.events.filter((e) => e.reason === "SuccessfulCreate").map((e) => e.message)).toEqual([
      "Created pod: agent-abcde",
    ]);
    expect((run.statuses.get("DaemonSet/agent") as { status: unknown }).status).toMatchObject({
      desiredNumberScheduled: 1,
      currentNumberScheduled: 1,
    });
    run.session.deleteAll();
    await run.clock.advance(60_000);
    const result = await run.result;
    expect(
      result.pods[0]?.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node-1"] }] }],
    });
  });

  it("one that would not schedule here is reported (a warning, a FailedPlacement event, DESIRED 0), not silently skipped", async () => {
    const run = start(daemonSet("{disktype: ssd}"));
    await run.clock.advance(100);
    expect(run.events.filter((e) => e.reason === "SuccessfulCreate")).toEqual([]);
    expect(run.warnings).toEqual([
      "daemonset/agent: not run on this node: nodeSelector disktype=ssd does not match node node-1",
    ]);
    expect(run.events.find((e) => e.reason === "FailedPlacement")?.type).toBe("Warning");
    expect((run.statuses.get("DaemonSet/agent") as { status: unknown }).status).toMatchObject({
      desiredNumberScheduled: 0,
    });
    run.session.deleteAll();
    await run.clock.advance(1_000);
    await run.result;
  });
});

const cronJob = (extra = "") => `
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/1 * * * *"
  successfulJobsHistoryLimit: 2
${extra}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: tick, image: busybox, command: [exit-after, "1000", "0"]}]
`;

describe("a CronJob in a run", () => {
  it("*/1 * * * *: a Job <cronjob>-<minutes> on every minute; successful history trimmed to 2", async () => {
    const run = start(cronJob());
    const t0 = run.clock.now();
    for (let i = 0; i < 5 * 60; i++) await run.clock.advance(1_000);
    const minute = (ms: number) => Math.floor(ms / 60_000);
    const created = run.events.filter(
      (e) => e.source === "cronjob-controller" && e.reason === "SuccessfulCreate",
    );
    const expected = [1, 2, 3, 4, 5].map((n) => `Created job tick-${minute(t0) + n}`);
    expect(created.map((e) => e.message)).toEqual(expected);
    // Each on the minute.
    expect(created.every((e) => e.timeMs % 60_000 === 0)).toBe(true);
    const deleted = run.events.filter(
      (e) => e.source === "cronjob-controller" && e.reason === "SuccessfulDelete",
    );
    expect(deleted.map((e) => e.message)).toEqual([
      `Deleted job tick-${minute(t0) + 1}`,
      `Deleted job tick-${minute(t0) + 2}`,
    ]);
    const status = (run.statuses.get("CronJob/tick") as { status: { lastScheduleTime?: string } }).status;
    expect(status.lastScheduleTime).toBe(
      new Date((minute(t0) + 5) * 60_000).toISOString().replace(".000Z", "Z"),
    );
    run.session.deleteAll();
    await run.clock.advance(60_000);
    await run.result;
  });

  it("concurrencyPolicy Forbid skips a schedule while the previous Job runs; suspend creates none", async () => {
    const forbid = start(
      cronJob("  concurrencyPolicy: Forbid").replace(
        '[exit-after, "1000", "0"]',
        '[exit-after, "90000", "0"]',
      ),
    );
    for (let i = 0; i < 3 * 60; i++) await forbid.clock.advance(1_000);
    const reasons = forbid.events.filter((e) => e.source === "cronjob-controller").map((e) => e.reason);
    expect(reasons.filter((r) => r === "SuccessfulCreate").length).toBeLessThan(3);
    expect(reasons).toContain("JobAlreadyActive");
    forbid.session.deleteAll();
    await forbid.clock.advance(120_000);
    await forbid.result;

    const suspended = start(cronJob("  suspend: true"));
    for (let i = 0; i < 3; i++) await suspended.clock.advance(60_000);
    expect(suspended.events.filter((e) => e.reason === "SuccessfulCreate")).toEqual([]);
    suspended.session.deleteAll();
    await suspended.clock.advance(1_000);
    await suspended.result;
  });
});
