import { describe, expect, it } from "vitest";
import { findUnknownFields } from "./find-unknown-fields.js";

const pod = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", labels: { anything: "goes" }, annotations: { "a/b": "c" } },
  spec,
  ...extra,
});

describe("findUnknownFields (apimachinery strict decoding: unknown field)", () => {
  it("names the typo'd field by its path and the close field that was meant", () => {
    const found = findUnknownFields(
      pod({
        terminationGracePeriodSecond: 5,
        containers: [
          { name: "app", image: "x" },
          { name: "b", image: "y", livenesProbe: { exec: {} } },
        ],
      }),
      "Pod",
    );
    expect(found).toEqual([
      { path: "spec.terminationGracePeriodSecond", suggestion: "terminationGracePeriodSeconds" },
      { path: "spec.containers[1].livenesProbe", suggestion: "livenessProbe" },
    ]);
  });

  it("suggests across a transposition (contianers → containers)", () => {
    expect(findUnknownFields(pod({ contianers: [] }), "Pod")).toEqual([
      { path: "spec.contianers", suggestion: "containers" },
    ]);
  });

  it("gives no suggestion when nothing is close", () => {
    expect(findUnknownFields(pod({ containers: [], wholeNewThing: 1 }), "Pod")).toEqual([
      { path: "spec.wholeNewThing" },
    ]);
  });

  it("accepts every core/v1 field podvisor does not itself read (nodeSelector, tolerations, affinity, status)", () => {
    const found = findUnknownFields(
      pod(
        {
          nodeSelector: { disk: "ssd" },
          tolerations: [{ key: "k", operator: "Exists" }],
          affinity: {
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
          },
          priorityClassName: "high",
          containers: [{ name: "a", resizePolicy: [{ resourceName: "cpu", restartPolicy: "NotRequired" }] }],
        },
        { status: { phase: "Pending" } },
      ),
      "Pod",
    );
    expect(found).toEqual([]);
  });

  it("does not look inside free-form maps (labels, annotations, resources, ConfigMap data)", () => {
    expect(
      findUnknownFields(
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { livenesProbe: "x" } },
        "ConfigMap",
      ),
    ).toEqual([]);
  });

  it("walks a Job down to its pod template", () => {
    const job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "j" },
      spec: {
        backofLimit: 1,
        template: { spec: { containers: [{ name: "c", imagePullPolicy: "Never", comand: [] }] } },
      },
    };
    expect(findUnknownFields(job, "Job")).toEqual([
      { path: "spec.backofLimit", suggestion: "backoffLimit" },
      { path: "spec.template.spec.containers[0].comand", suggestion: "command" },
    ]);
  });

  it("checks a SidecarSet's own fields, but not its containers and volumes (Kruise's CRD keeps them schemaless)", () => {
    const sidecarSet = {
      apiVersion: "apps.kruise.io/v1alpha1",
      kind: "SidecarSet",
      metadata: { name: "s" },
      spec: { selectr: {}, containers: [{ name: "x", anything: 1 }], volumes: [{ name: "v", whatever: {} }] },
    };
    expect(findUnknownFields(sidecarSet, "SidecarSet")).toEqual([
      { path: "spec.selectr", suggestion: "selector" },
    ]);
  });

  it("names inherited Object property names (constructor, toString) as unknown fields", () => {
    expect(findUnknownFields(JSON.parse('{"spec":{"constructor":1,"__proto__":{}}}'), "Pod")).toEqual([
      { path: "spec.constructor" },
      { path: "spec.__proto__" },
    ]);
    expect(findUnknownFields({}, "toString")).toBeUndefined();
  });

  it("has no opinion on kinds it has no schema for", () => {
    expect(findUnknownFields({ kind: "Namespace", spek: {} }, "Namespace")).toBeUndefined();
  });
});
