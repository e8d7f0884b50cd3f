import { describe, expect, it } from "vitest";
import { loadRunInput } from "./load-run-input.js";

const context = () => {
  let n = 0;
  return { nowMs: 0, ids: () => `uid-${++n}` };
};

const typoPod = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  terminationGracePeriodSecond: 5
  containers:
    - name: app
      image: busybox
      livenesProbe: { exec: { command: [true] } }
`;

describe("loadRunInput: strict field validation, as kubectl --validate", () => {
  it("by default (strict) an unknown field is an error naming its path and the field probably meant", () => {
    const input = loadRunInput([{ name: "pod.yaml", text: typoPod }], context());
    expect(input.pods).toEqual([]);
    expect(input.errors).toEqual([
      'pod/web: spec.terminationGracePeriodSecond: Unknown field: strict decoding error: unknown field "terminationGracePeriodSecond" (did you mean "terminationGracePeriodSeconds"?)',
      'pod/web: spec.containers[0].livenesProbe: Unknown field: strict decoding error: unknown field "livenesProbe" (did you mean "livenessProbe"?)',
    ]);
  });

  it("a misspelt `containers` is named, not only the missing one", () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  contianers: [{ name: app, image: x }]\n`;
    const input = loadRunInput([{ name: "pod.yaml", text }], context());
    expect(input.errors).toContain(
      'pod/web: spec.contianers: Unknown field: strict decoding error: unknown field "contianers" (did you mean "containers"?)',
    );
  });

  it("--validate=warn runs the pod and warns as kubectl does", () => {
    const input = loadRunInput([{ name: "pod.yaml", text: typoPod }], context(), { validate: "warn" });
    expect(input.errors).toEqual([]);
    expect(input.pods).toHaveLength(1);
    expect(input.warnings).toEqual([
      'pod/web: unknown field "spec.terminationGracePeriodSecond" (did you mean "terminationGracePeriodSeconds"?)',
      'pod/web: unknown field "spec.containers[0].livenesProbe" (did you mean "livenessProbe"?)',
    ]);
  });

  it("--validate=ignore runs the pod silently", () => {
    const input = loadRunInput([{ name: "pod.yaml", text: typoPod }], context(), { validate: "ignore" });
    expect(input.errors).toEqual([]);
    expect(input.warnings).toEqual([]);
    expect(input.pods).toHaveLength(1);
  });

  it("a duplicate JSON key is an error with its path and position (JSON.parse alone keeps the last)", () => {
    const text = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},\n"spec":{"containers":[{"name":"app","image":"a","image":"b"}]}}`;
    const input = loadRunInput([{ name: "pod.json", text }], context());
    expect(input.pods).toEqual([]);
    expect(input.errors).toEqual(['pod.json:2:49: duplicate field "spec.containers[0].image"']);
    const warned = loadRunInput([{ name: "pod.json", text }], context(), { validate: "warn" });
    expect(warned.errors).toEqual([]);
    expect(warned.warnings).toEqual(['pod.json:2:49: duplicate field "spec.containers[0].image"']);
  });

  it("a duplicate YAML key is an error by default and runs with --validate=ignore (last one wins)", () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers: [{ name: app, image: a }]\n  containers: [{ name: app, image: b }]\n`;
    expect(loadRunInput([{ name: "pod.yaml", text }], context()).errors).toEqual([
      "pod.yaml:6:3: duplicate field (a key given twice)",
    ]);
    const ignored = loadRunInput([{ name: "pod.yaml", text }], context(), { validate: "ignore" });
    expect(ignored.errors).toEqual([]);
    expect(ignored.pods[0]?.spec.containers[0]?.image).toBe("b");
  });

  it("kinds without a schema (Namespace) are not checked for unknown fields", () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata: { name: team }\nspek: {}\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec: { containers: [{ name: app, image: x }] }\n`;
    expect(loadRunInput([{ name: "all.yaml", text }], context()).errors).toEqual([]);
  });
});
