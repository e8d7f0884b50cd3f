import { describe, expect, it } from "vitest";
import { decodeManifests } from "./decode-manifests.js";

const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers: [{ name: app, image: busybox }]\n`;

describe("decodeManifests", () => {
  it("reads multi-document YAML, skipping empty documents", () => {
    const text = `---\n${pod("a")}---\n---\n# only a comment\n---\n${pod("b")}`;
    const { objects, errors } = decodeManifests([{ name: "pods.yaml", text }]);
    expect(errors).toEqual([]);
    expect(objects.map((o) => [o.source, o.kind, (o.object.metadata as { name: string }).name])).toEqual([
      ["pods.yaml", "Pod", "a"],
      ["pods.yaml", "Pod", "b"],
    ]);
  });

  it("reads JSON", () => {
    const { objects, errors } = decodeManifests([
      {
        name: "pod.json",
        text: JSON.stringify({
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "c" },
          data: { a: "1" },
        }),
      },
    ]);
    expect(errors).toEqual([]);
    expect(objects[0]?.object).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c" },
      data: { a: "1" },
    });
  });

  it("reads a YAML flow mapping that is not JSON", () => {
    const { objects, errors } = decodeManifests([
      { name: "<stdin>", text: "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n" },
    ]);
    expect(errors).toEqual([]);
    expect(objects.map((o) => o.kind)).toEqual(["ConfigMap"]);
  });

  it("flattens kind: List items", () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: Secret, metadata: { name: s } }\n  - { apiVersion: batch/v1, kind: Job, metadata: { name: j } }\n`;
    expect(decodeManifests([{ name: "list.yaml", text }]).objects.map((o) => o.kind)).toEqual([
      "Secret",
      "Job",
    ]);
  });

  it("keeps every field, unknown ones included", () => {
    const text = `${pod("a")}  priorityClassName: high\n  futureField: { nested: [1, 2] }\nextra: true\n`;
    const object = decodeManifests([{ name: "p.yaml", text }]).objects[0]?.object as Record<
      string,
      Record<string, unknown>
    >;
    expect(object.extra).toBe(true);
    expect(object.spec?.futureField).toEqual({ nested: [1, 2] });
    expect(object.spec?.priorityClassName).toBe("high");
  });

  it("reads YAML as Kubernetes does: 0644 is octal, timestamps stay strings", () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, annotations: { when: 2024-01-02 } }\nmode: 0644\n`;
    const object = decodeManifests([{ name: "c.yaml", text }]).objects[0]?.object as Record<string, unknown>;
    expect(object.mode).toBe(0o644);
    expect(object.metadata).toEqual({ name: "c", annotations: { when: "2024-01-02" } });
  });

  it("names the source, line and column of malformed YAML", () => {
    const text = "apiVersion: v1\nkind: Pod\nmetadata: { name: a\nspec: {}\n";
    const { errors } = decodeManifests([{ name: "job.yaml", text }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^job\.yaml:\d+:\d+: \S/);
    const nested = decodeManifests([{ name: "x.yaml", text: "a: b: c\n" }]).errors;
    expect(nested).toEqual(["x.yaml:1:4: Nested mappings are not allowed in compact mappings"]);
  });

  it("keeps the good documents of a file with one bad document", () => {
    const { objects, errors } = decodeManifests([
      { name: "m.yaml", text: `${pod("a")}---\nfoo: [1,\n---\n${pod("b")}` },
    ]);
    expect(objects).toHaveLength(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^m\.yaml:\d+:\d+: /);
  });

  it("names the source, line and column of malformed JSON", () => {
    const { errors } = decodeManifests([{ name: "pod.json", text: '{\n  "kind": "Pod",\n}' }]);
    expect(errors).toEqual(["pod.json:3:1: Expected double-quoted property name"]);
  });

  it("passes kinds it does not run through as notRun when asked, but refuses a near miss of a runnable kind", () => {
    const text = [
      "apiVersion: v1\nkind: Service\nmetadata: { name: web }",
      "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web }",
      "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: { name: web }",
      "apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: { name: old }",
    ].join("\n---\n");
    const decoded = decodeManifests([{ name: "m.yaml", text }], { passOtherKinds: true });
    expect(decoded.notRun.map((o) => o.kind)).toEqual(["Service", "Ingress"]);
    expect(decoded.errors).toHaveLength(2);
    expect(decoded.errors[0]).toContain('apps/v1/Deploymnet "web": kind not supported');
    expect(decoded.errors[1]).toContain('apps/v1beta1/Deployment "old": kind not supported');
  });

  it("rejects kinds podvisor run does not take, naming the supported ones", () => {
    const text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n";
    const accept = [{ apiVersion: "v1", kind: "Pod" }];
    expect(decodeManifests([{ name: "d.yaml", text }], { accept }).errors).toEqual([
      'd.yaml: apps/v1/Deployment "web": kind not supported by podvisor run (supported: v1 Pod)',
    ]);
  });

  it("passes other kinds through when the caller accepts them", () => {
    const text = "apiVersion: apps.kruise.io/v1alpha1\nkind: SidecarSet\nmetadata: { name: s }\n";
    const result = decodeManifests([{ name: "s.yaml", text }], {
      accept: [{ apiVersion: "apps.kruise.io/v1alpha1", kind: "SidecarSet" }],
      command: "podvisor inject",
    });
    expect(result).toEqual({
      objects: [expect.objectContaining({ kind: "SidecarSet", apiVersion: "apps.kruise.io/v1alpha1" })],
      errors: [],
      warnings: [],
      notRun: [],
    });
  });

  it("reports documents without apiVersion or kind, and non-mappings", () => {
    expect(decodeManifests([{ name: "a.yaml", text: "metadata: { name: x }\n---\n- 1\n" }]).errors).toEqual([
      'a.yaml: object "x": apiVersion not set, kind not set',
      "a.yaml: expected a Kubernetes object (a mapping with apiVersion and kind), got a sequence",
    ]);
  });
});
