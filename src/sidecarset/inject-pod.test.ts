/**
 * podvisor's rules beyond Kruise's tests: native/legacy/auto, namespaces, v1beta1 scope,
 * patchPodMetadata, and conflicts reported with the SidecarSet, the field, and no half-injection.
 */
import { describe, expect, it } from "vitest";
import { formatFieldError, type Fields } from "../api/index.js";
import type { SidecarSet } from "../api/sidecarset/index.js";
import { injectSidecarSets, type InjectionResult } from "./inject-pod.js";
import { sidecarSet } from "./testing/fixtures.js";

type Shape = {
  metadata: { annotations?: Record<string, string> };
  spec: { containers: Fields[]; initContainers?: Fields[]; volumes?: Fields[] };
};

const pod = (annotations: Record<string, string> = {}, namespace = "default"): Fields => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace, labels: { app: "web" }, annotations },
  spec: {
    initContainers: [{ name: "setup", image: "busybox" }],
    containers: [{ name: "app", image: "busybox", env: [{ name: "TOKEN", value: "t" }] }],
  },
});

const mesh = (annotations: Record<string, string> = {}, extra: Fields = {}) =>
  sidecarSet(
    "mesh",
    {
      selector: { matchLabels: { app: "web" } },
      containers: [{ name: "proxy", image: "envoy", podInjectPolicy: "BeforeAppContainer" }],
      initContainers: [{ name: "agent", image: "agent", restartPolicy: "Always" }],
      updateStrategy: { type: "NotUpdate" },
      ...extra,
    },
    { annotations },
  );

function inject(
  input: Fields,
  sets: SidecarSet[],
  kubeVersion: readonly [number, number] = [1, 34],
  namespaceLabels?: Record<string, string>,
): InjectionResult {
  const namespace = (input.metadata as { namespace: string }).namespace;
  return injectSidecarSets({ pod: input, namespace, namespaceLabels }, sets, { nowMs: 0, kubeVersion });
}
const lists = (result: InjectionResult) => {
  expect(result.errors.map(formatFieldError)).toEqual([]);
  const spec = (result.pod as unknown as Shape).spec;
  const describe = (c: Fields) => `${String(c.name)}${c.restartPolicy === "Always" ? "(native)" : ""}`;
  return { init: (spec.initContainers ?? []).map(describe), containers: spec.containers.map(describe) };
};

describe("native, legacy, auto", () => {
  it("without an annotation sidecars go in as the SidecarSet spells them, as Kruise", () => {
    expect(lists(inject(pod(), [mesh()]))).toEqual({
      init: ["setup", "agent(native)"],
      containers: ["proxy", "app"],
    });
  });
  it("native: containers become native sidecars before the pod's init containers", () => {
    expect(lists(inject(pod(), [mesh({ "podvisor.dev/sidecar-mode": "native" })]))).toEqual({
      init: ["proxy(native)", "setup", "agent(native)"],
      containers: ["app"],
    });
  });
  it("legacy: native init sidecars become regular containers, placed first", () => {
    expect(lists(inject(pod(), [mesh({ "podvisor.dev/sidecar-mode": "legacy" })]))).toEqual({
      init: ["setup"],
      containers: ["agent", "proxy", "app"],
    });
  });
  it.each([
    [[1, 28], { init: ["setup"], containers: ["agent", "proxy", "app"] }],
    [[1, 29], { init: ["proxy(native)", "setup", "agent(native)"], containers: ["app"] }],
  ] as const)("auto on Kubernetes %j", (version, expected) => {
    expect(lists(inject(pod(), [mesh({ "podvisor.dev/sidecar-mode": "auto" })], version))).toEqual(expected);
  });
  it("the pod's annotation wins over the SidecarSet's", () => {
    const result = inject(pod({ "podvisor.dev/sidecar-mode": "legacy" }), [
      mesh({ "podvisor.dev/sidecar-mode": "native" }),
    ]);
    expect(lists(result).containers).toEqual(["agent", "proxy", "app"]);
    expect(result.decisions[0]).toMatchObject({ mode: "legacy", modeSource: "pod annotation" });
  });
  it("an unknown mode on the pod is an error, and nothing is injected", () => {
    const result = inject(pod({ "podvisor.dev/sidecar-mode": "sometimes" }), [mesh()]);
    expect(result.pod).toBeUndefined();
    expect(result.errors.map(formatFieldError)).toEqual([
      'metadata.annotations[podvisor.dev/sidecar-mode]: Unsupported value: "sometimes": supported values: "native", "legacy", "auto", "universal", "ordered-legacy"',
    ]);
  });
});

describe("namespaces", () => {
  const scoped = (scope: Fields, apiVersion = "apps.kruise.io/v1alpha1") => {
    const set = mesh({}, scope);
    set.apiVersion = apiVersion as SidecarSet["apiVersion"];
    return set;
  };
  it("spec.namespace limits a SidecarSet to one namespace", () => {
    const result = inject(pod({}, "shop"), [scoped({ namespace: "default" })]);
    expect(result.decisions[0]).toMatchObject({
      injected: false,
      reason: "namespace is default, the pod's is shop",
    });
  });
  it("namespaceSelector matches the Namespace's labels, and its name label even when the Namespace is not given", () => {
    const selector = { namespaceSelector: { matchLabels: { team: "payments" } } };
    expect(
      inject(pod({}, "shop"), [scoped(selector)], [1, 34], { team: "payments" }).decisions[0]?.injected,
    ).toBe(true);
    expect(inject(pod({}, "shop"), [scoped(selector)]).decisions[0]?.reason).toContain(
      "no Namespace object in the input",
    );
    const byName = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } } };
    expect(inject(pod({}, "shop"), [scoped(byName)]).decisions[0]?.injected).toBe(true);
  });
  it("SidecarSets indexed under the pod's namespace come first, then cluster-wide ones, each by name (Kruise's two lists)", () => {
    const set = (name: string, scope: Fields) =>
      sidecarSet(name, {
        selector: { matchLabels: { app: "web" } },
        containers: [{ name: `c-${name}`, image: "x", podInjectPolicy: "AfterAppContainer" }],
        ...scope,
      });
    const byExpression = {
      namespaceSelector: {
        matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["default", "x"] }],
      },
    };
    const result = inject(pod(), [
      set("a-everywhere", {}),
      set("z-here", { namespace: "default" }),
      set("m-here", byExpression),
      set("b-everywhere", { namespaceSelector: { matchLabels: { team: "t" } } }),
    ]);
    expect(result.decisions.map((d) => d.sidecarSet)).toEqual([
      "m-here",
      "z-here",
      "a-everywhere",
      "b-everywhere",
    ]);
    expect(lists(result).containers).toEqual(["app", "c-m-here", "c-z-here", "c-a-everywhere"]);
  });
  it("a v1alpha1 namespace wins over a namespaceSelector given too (Kruise 1.9 ConvertTo)", () => {
    const set = scoped({ namespace: "default", namespaceSelector: { matchLabels: { team: "none" } } });
    expect(inject(pod({}, "shop"), [set]).decisions[0]?.injected).toBe(false);
    expect(inject(pod({}, "default"), [set]).decisions[0]?.injected).toBe(true);
  });
});

describe("patchPodMetadata", () => {
  const patching = (name: string, patchPolicy: string, annotations: Record<string, string>) =>
    sidecarSet(`${name}`, {
      selector: { matchLabels: { app: "web" } },
      containers: [{ name: `c-${name}`, image: "x" }],
      patchPodMetadata: [{ patchPolicy, annotations }],
    });
  const annotationsOf = (result: InjectionResult) =>
    (result.pod as unknown as Shape).metadata.annotations ?? {};
  it("Retain keeps the pod's value, Overwrite replaces it, MergePatchJson merges JSON", () => {
    const input = pod({ keep: "mine", over: "mine", merged: '{"a":1}' });
    const result = inject(input, [
      patching("a", "Retain", { keep: "theirs", fresh: "new" }),
      patching("b", "Overwrite", { over: "theirs" }),
      patching("c", "MergePatchJson", { merged: '{"b":2}' }),
    ]);
    expect(annotationsOf(result)).toMatchObject({
      keep: "mine",
      fresh: "new",
      over: "theirs",
      merged: '{"a":1,"b":2}',
    });
  });
  it("two SidecarSets overwriting one annotation conflict, naming both", () => {
    const result = inject(pod(), [
      patching("a", "Overwrite", { k: "1" }),
      patching("b", "MergePatchJson", { k: "{}" }),
    ]);
    expect(result.errors.map(formatFieldError)).toEqual([
      'sidecarset/b: spec.patchPodMetadata[0].annotations: Invalid value: "k": annotation k is in conflict with sidecarset/a, which selects this pod too',
    ]);
  });
});

describe("conflicts: named, and nothing half-injected", () => {
  const logs = (name: string, volume: Fields) =>
    sidecarSet(name, {
      selector: { matchLabels: { app: "web" } },
      containers: [{ name: `${name}-c`, image: "x", volumeMounts: [{ name: "logs", mountPath: "/logs" }] }],
      volumes: [{ name: "logs", ...volume }],
    });
  it("the same volume name defined differently by two SidecarSets", () => {
    const result = inject(pod(), [
      logs("a", { emptyDir: {} }),
      logs("b", { hostPath: { path: "/var/log" } }),
    ]);
    expect(result.pod).toBeUndefined();
    expect(result.errors.map(formatFieldError)).toEqual([
      'sidecarset/b: spec.volumes[0]: Invalid value: "logs": volume logs is in conflict with sidecarset/a, which selects this pod too',
    ]);
  });
  it("the same volume defined identically is injected once", () => {
    const spec = lists(inject(pod(), [logs("a", { emptyDir: {} }), logs("b", { emptyDir: {} })]));
    expect(spec.containers).toEqual(["a-c", "b-c", "app"]);
    const volumes = (
      inject(pod(), [logs("a", { emptyDir: {} }), logs("b", { emptyDir: {} })]).pod as unknown as Shape
    ).spec.volumes;
    expect(volumes?.map((v) => v.name)).toEqual(["logs"]);
  });
  it("a sidecar named like one of the pod's init containers, in the other list", () => {
    const set = sidecarSet("clash", {
      selector: { matchLabels: { app: "web" } },
      containers: [{ name: "setup", image: "x" }],
    });
    const result = inject(pod(), [set]);
    expect(result.pod).toBeUndefined();
    expect(result.errors.map(formatFieldError)).toEqual([
      'spec.initContainers[0].name: Duplicate value: "setup": sidecarset/clash injects a container of this name into spec.containers',
    ]);
  });
  it("an unreadable hash annotation on the pod", () => {
    const result = inject(pod({ "kruise.io/sidecarset-hash": "[1," }), [mesh()]);
    expect(result.errors.map(formatFieldError)).toEqual([
      'metadata.annotations[kruise.io/sidecarset-hash]: Invalid value: "[1,": not a SidecarSet hash map: Kruise cannot inject into this pod',
    ]);
  });
});

it("transferEnv: envNames and a source container named by a pod label", () => {
  const set = sidecarSet("t", {
    selector: { matchLabels: { app: "web" } },
    containers: [
      {
        name: "t",
        image: "x",
        transferEnv: [
          {
            sourceContainerNameFrom: { fieldRef: { fieldPath: "metadata.labels['main']" } },
            envNames: ["TOKEN", "MISSING"],
          },
        ],
      },
    ],
  });
  const input = pod();
  (input.metadata as { labels: Record<string, string> }).labels.main = "app";
  const sidecar = (inject(input, [set]).pod as unknown as Shape).spec.containers[0];
  expect(sidecar?.env).toEqual([
    { name: "IS_INJECTED", value: "true" },
    { name: "TOKEN", value: "t" },
  ]);
});
