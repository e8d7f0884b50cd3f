import { describe, expect, it } from "vitest";
import type { Fields } from "../api/validation/shape.js";
import { injectWorkload } from "./inject-workload.js";
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
