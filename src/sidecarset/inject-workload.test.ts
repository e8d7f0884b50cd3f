import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { injectWorkload, jobControllerLabels, unknownUid } from "./inject-workload.js";
import { applyJsonPatch } from "./json-patch.js";
import { sidecarSet } from "./testing/fixtures.js";

const set = sidecarSet("agent", {
  selector: { matchLabels: { app: "web" } },
  containers: [{ name: "agent", image: "a" }],
});
const template = {
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "app", image: "x" }] },
};
const context = { nowMs: 0, kubeVersion: [1, 34] as const };

describe("injectWorkload", () => {
  it.each([
    ["Deployment", { replicas: 2, template }, "spec.template"],
    ["StatefulSet", { serviceName: "s", template }, "spec.template"],
    ["DaemonSet", { template }, "spec.template"],
    ["ReplicaSet", { template }, "spec.template"],
    ["Job", { template }, "spec.template"],
    [
      "CronJob",
      { schedule: "* * * * *", jobTemplate: { spec: { template } } },
      "spec.jobTemplate.spec.template",
    ],
  ])("%s: injects the pod template and keeps the rest", (kind, spec, podPath) => {
    const object: Fields = {
      apiVersion: "apps/v1",
      kind,
      metadata: { name: "w", namespace: "shop" },
      spec: structuredClone(spec),
    };
    const result = injectWorkload(object, [set], new Map(), context);
    expect(result.errors).toEqual([]);
    expect(result.podPath?.join(".")).toBe(podPath);
    let pod: unknown = result.object;
    for (const key of result.podPath ?? []) pod = (pod as Fields)[key];
    expect((pod as { spec: { containers: Fields[] } }).spec.containers.map((c) => c.name)).toEqual([
      "agent",
      "app",
    ]);
    expect(applyJsonPatch(object, result.patch)).toEqual(result.object);
    expect(result.patch.every((op) => op.path.startsWith(`/${podPath.replaceAll(".", "/")}/`))).toBe(true);
  });
  it("passes other kinds through untouched", () => {
    const service: Fields = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: { template },
    };
    const result = injectWorkload(service, [set], new Map(), context);
    expect(result).toMatchObject({ object: service, podPath: undefined, patch: [], decisions: [] });
  });
  it("prefixes error paths with the template's place", () => {
    const clash = sidecarSet("clash", {
      selector: { matchLabels: { app: "web" } },
      initContainers: [{ name: "app", image: "a" }],
    });
    const object: Fields = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "j" },
      spec: { template },
    };
    expect(injectWorkload(object, [clash], new Map(), context).errors[0]?.path).toBe(
      "spec.template.spec.containers[0].name",
    );
  });
});

describe("the labels a Job's pods get from the API server", () => {
  const byJobName = sidecarSet("by-job", {
    selector: { matchLabels: { "job-name": "report" } },
    containers: [{ name: "agent", image: "a" }],
  });
  const job = (spec: Fields = {}, metadata: Fields = {}): Fields => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "report", ...metadata },
    spec: { template: structuredClone(template), ...spec },
  });
  const containersOf = (pod: unknown) =>
    ((pod as { spec: { containers: Fields[] } }).spec.containers ?? []).map((c) => c.name);

  it("a Job's template matches a selector on job-name, and the labels are not written into the output", () => {
    const result = injectWorkload(job(), [byJobName], new Map(), context);
    expect(result.errors).toEqual([]);
    const injected = (result.object.spec as { template: { metadata: { labels: Fields } } }).template;
    expect(containersOf(injected)).toEqual(["agent", "app"]);
    expect(injected.metadata.labels).toEqual({ app: "web" });
    expect(result.patch.some((op) => op.path.includes("labels"))).toBe(false);
    expect(result.decisions[0]?.reason).toBe(
      `selector job-name=report matches with the labels the Job's pods get (batch.kubernetes.io/controller-uid=${unknownUid}, batch.kubernetes.io/job-name=report, controller-uid=${unknownUid}, job-name=report)`,
    );
  });
  it("a CronJob's template matches with the name of the Job it would create now", () => {
    const byCronJob = sidecarSet("by-cron", {
      selector: { matchExpressions: [{ key: "batch.kubernetes.io/job-name", operator: "Exists" }] },
      containers: [{ name: "agent", image: "a" }],
    });
    const cronJob: Fields = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly" },
      spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: structuredClone(template) } } },
    };
    const nowMs = Date.UTC(2026, 10, 22, 3, 0, 0);
    expect(jobControllerLabels(cronJob, nowMs)?.["job-name"]).toBe(`nightly-${nowMs / 60_000}`);
    const result = injectWorkload(cronJob, [byCronJob], new Map(), { ...context, nowMs });
    const pod = ((result.object.spec as Fields).jobTemplate as { spec: { template: unknown } }).spec.template;
    expect(containersOf(pod)).toEqual(["agent", "app"]);
  });
  it("uses the Job's own uid when it has one, and nothing under manualSelector", () => {
    expect(jobControllerLabels(job({}, { uid: "u-1" }), 0)).toMatchObject({ "controller-uid": "u-1" });
    expect(jobControllerLabels(job({ manualSelector: true }), 0)).toBeUndefined();
    const result = injectWorkload(job({ manualSelector: true }), [byJobName], new Map(), context);
    expect(result.patch).toEqual([]);
  });
  it("a label the template sets itself wins, as the API server only adds missing ones", () => {
    const own = job();
    (own.spec as { template: { metadata: { labels: Fields } } }).template.metadata.labels["job-name"] =
      "custom";
    expect(injectWorkload(own, [byJobName], new Map(), context).patch).toEqual([]);
  });
  it("adds nothing to the labels of other kinds", () => {
    const deployment: Fields = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "report" },
      spec: { template },
    };
    expect(jobControllerLabels(deployment, 0)).toBeUndefined();
    expect(injectWorkload(deployment, [byJobName], new Map(), context).patch).toEqual([]);
  });
});
