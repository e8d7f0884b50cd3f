/**
 * OpenKruise 1.9's tests of pinned revisions and canary SidecarSets, restated against podvisor's
 * pure injection and checks: pkg/webhook/pod/mutating/sidecarset_test.go
 * (TestInjectionStrategyRevision, TestCanarySidecarSetInjection — a SidecarSet pinning a revision
 * with policy Partial), pkg/control/sidecarcontrol/util_test.go (TestIsCanarySidecarSet),
 * pkg/webhook/sidecarset/validating/sidecarset_validating_test.go
 * (TestValidateSidecarSetCanaryAnnotations) and the e2e cases of test/e2e/apps/v1beta1/sidecarset.go
 * named in each `it`.
 */
import { describe, expect, it } from "vitest";
import type { ControllerRevision } from "../api/index.js";
import type { SidecarSet } from "../api/index.js";
import { formatFieldError } from "../api/index.js";
import type { Fields } from "../api/index.js";
import { canaryBaseOf, validateCanarySidecarSet } from "./canary-sidecarset.js";
import { injectSidecarSets, type InjectionContext, type InjectionResult } from "./inject-pod.js";
import { parseUpgradeSpecs } from "./injection-annotations.js";
import { sidecarSetHash } from "./sidecarset-hash.js";
import { kruisePod1, kruiseSidecarSet1, sidecarSet } from "./testing/fixtures.js";

const context = { nowMs: Date.UTC(2026, 10, 22, 17, 0, 0), kubeVersion: [1, 34] as const };

function inject(pod: Fields, sets: SidecarSet[], extra: Partial<InjectionContext> = {}): InjectionResult {
  return injectSidecarSets({ pod, namespace: "default", namespaceLabels: undefined }, sets, {
    ...context,
    ...extra,
  });
}

function revision(
  name: string,
  set: string,
  spec: Fields,
  version = name,
  revisionNumber = 1,
): ControllerRevision {
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name,
      namespace: "kruise-system",
      labels: { "kruise.io/sidecarset-name": set, "apps.kruise.io/sidecarset-custom-version": version },
    },
    data: { spec: { $patch: "replace", ...spec } },
    revision: revisionNumber,
  };
}

type PodShape = {
  metadata: { annotations: Record<string, string> };
  spec: { containers: { name: string; image: string }[]; initContainers?: { name: string }[] };
};
const podOf = (result: InjectionResult) => {
  expect(result.errors).toEqual([]);
  return result.pod as unknown as PodShape;
};

describe("Kruise TestInjectionStrategyRevision", () => {
  it("customVersion with policy Always injects the recorded containers and init containers, and the pod's record names the revision", () => {
    const set = kruiseSidecarSet1();
    const id = "sidecarset1-12345";
    set.spec.injectionStrategy = { revision: { customVersion: id, policy: "Always" } };
    const recorded = {
      initContainers: [{ name: "init-2", image: "busybox:1.0.0" }],
      containers: [
        {
          name: "dns-f",
          image: "dns-f-image:1.0",
          podInjectPolicy: "BeforeAppContainer",
          shareVolumePolicy: { type: "disabled" },
        },
      ],
    };
    const podIn = kruisePod1() as unknown as PodShape;
    const pod = podOf(
      inject(podIn, [set], {
        controllerRevisions: [revision(id, "sidecarset1", recorded)],
      }),
    );
    expect(pod.spec.containers.length + pod.spec.initContainers!.length).toBe(
      podIn.spec.containers.length + podIn.spec.initContainers!.length + 2,
    );
    // e2e "sidecarSet InjectionStrategy.Revision checker": the record's controllerRevision.
    const record = parseUpgradeSpecs(pod.metadata.annotations["kruise.io/sidecarset-hash"])!.get(
      "sidecarset1",
    )!;
    expect(record.controllerRevision).toBe(id);
    expect(record.hash).toBe(sidecarSetHash(recorded));
  });

  it("e2e sidecarSet InjectionStrategy.Revision checker: of the revisions with the customVersion, the highest is restored; its hash annotation is recorded", () => {
    const set = kruiseSidecarSet1();
    set.spec.injectionStrategy = { revision: { customVersion: "3", policy: "Always" } };
    const image = (tag: string) => ({ containers: [{ name: "dns-f", image: `nginx:${tag}` }] });
    const older = revision("sidecarset1-a", "sidecarset1", image("1.20"), "3", 3);
    const newer = revision("sidecarset1-b", "sidecarset1", image("1.21"), "3", 4);
    newer.metadata.annotations = { "kruise.io/sidecarset-hash": "recorded-hash" };
    const other = revision("sidecarset1-c", "sidecarset1", image("1.22"), "4", 5);
    const pod = podOf(inject(kruisePod1(), [set], { controllerRevisions: [newer, other, older] }));
    expect(pod.spec.containers.find((c) => c.name === "dns-f")!.image).toBe("nginx:1.21");
    const record = parseUpgradeSpecs(pod.metadata.annotations["kruise.io/sidecarset-hash"])!.get(
      "sidecarset1",
    )!;
    expect(record).toMatchObject({ hash: "recorded-hash", controllerRevision: "sidecarset1-b" });
  });

  it("revisionName names the ControllerRevision; only Kruise's namespace is read", () => {
    const set = kruiseSidecarSet1();
    set.spec.injectionStrategy = { revision: { revisionName: "pinned" } };
    const elsewhere = revision("pinned", "sidecarset1", { containers: [{ name: "dns-f", image: "old" }] });
    elsewhere.metadata.namespace = "default";
    const result = inject(kruisePod1(), [set], { controllerRevisions: [elsewhere] });
    expect(result.pod).toBeUndefined();
    expect(result.errors.map(formatFieldError)).toEqual([
      'sidecarset/sidecarset1: spec.injectionStrategy.revision.revisionName: Not found: "pinned": ControllerRevision.apps "pinned" not found in namespace kruise-system (the input has one in namespace default; Kruise reads only its own namespace)',
    ]);
  });
});

describe("Kruise TestCanarySidecarSetInjection (a pinned revision under policy Partial)", () => {
  const stableImage = "sidecar-image:stable";
  const canaryImage = "sidecar-image:canary";
  const id = "sidecarset1-12345";
  const base = (): SidecarSet =>
    sidecarSet("sidecarset1", {
      selector: { matchLabels: { app: "demo" } },
      containers: [{ name: "sidecar", image: canaryImage }],
      updateStrategy: { type: "NotUpdate", selector: { matchLabels: { canary: "true" } } },
      injectionStrategy: { revision: { customVersion: id, policy: "Partial" } },
    });
  const history = revision(id, "sidecarset1", { containers: [{ name: "sidecar", image: stableImage }] });
  const pod = (labels: Record<string, string>): Fields => ({
    metadata: { name: `test-pod-${labels.canary ? "canary" : "stable"}`, labels: { app: "demo", ...labels } },
    spec: { containers: [{ name: "app", image: "demo" }] },
  });
  const stablePod = () => pod({});
  const canaryPod = () => pod({ canary: "true" });
  const withStrategy = (strategy: Fields) => {
    const set = base();
    Object.assign(set.spec.updateStrategy!, strategy);
    return set;
  };
  it.each([
    { name: "stable pod", pod: stablePod, set: base, image: stableImage },
    { name: "canary without partition", pod: canaryPod, set: base, image: canaryImage },
    {
      name: "canary with partition 100%",
      pod: canaryPod,
      set: () => withStrategy({ partition: "100%" }),
      image: stableImage,
    },
    {
      name: "canary with partition 0%",
      pod: canaryPod,
      set: () => withStrategy({ partition: "0%" }),
      image: canaryImage,
    },
    {
      name: "canary paused",
      pod: canaryPod,
      set: () => withStrategy({ partition: "0%", paused: true }),
      image: stableImage,
    },
  ])("$name", ({ pod, set, image }) => {
    for (const random of [undefined, () => 0.5]) {
      const out = podOf(
        inject(pod(), [set()], { controllerRevisions: [history], ...(random ? { random } : {}) }),
      );
      expect(out.spec.containers).toHaveLength(2);
      expect(out.spec.containers.find((c) => c.name === "sidecar")!.image).toBe(image);
    }
  });
  it.each([
    {
      name: "canary with bad partition",
      set: () => withStrategy({ partition: "abc%" }),
      revisions: [history],
      error:
        'sidecarset/sidecarset1: spec.updateStrategy.partition: Invalid value: "abc%": strconv.ParseFloat: parsing "abc": invalid syntax',
    },
    {
      name: "canary no history",
      set: base,
      revisions: [],
      error:
        'sidecarset/sidecarset1: spec.injectionStrategy.revision.customVersion: Not found: "sidecarset1-12345": ControllerRevision.apps "sidecarset1" not found: no ControllerRevision in namespace kruise-system is labelled kruise.io/sidecarset-name=sidecarset1, apps.kruise.io/sidecarset-custom-version=sidecarset1-12345',
    },
    {
      name: "canary with bad selector",
      set: () => withStrategy({ selector: { matchExpressions: [{ key: "somekey", operator: "badOp" }] } }),
      revisions: [history],
      error:
        'sidecarset/sidecarset1: spec.updateStrategy.selector.matchExpressions[0].operator: Unsupported value: "badOp": supported values: "In", "NotIn", "Exists", "DoesNotExist"',
    },
  ])("$name: the pod is refused, nothing injected", ({ set, revisions, error }) => {
    const result = inject(canaryPod(), [set()], { controllerRevisions: revisions });
    expect(result.pod).toBeUndefined();
    expect(result.errors.map(formatFieldError)).toEqual([error]);
  });
  it("Partial with a percentage: pinned when the draw is at most the partition, as rand.Float64() <= p", () => {
    const set = () => withStrategy({ partition: "40%" });
    const imageWith = (draw: number) =>
      podOf(
        inject(canaryPod(), [set()], { controllerRevisions: [history], random: () => draw }),
      ).spec.containers.find((c) => c.name === "sidecar")!.image;
    expect([imageWith(0), imageWith(0.4), imageWith(0.41), imageWith(0.99)]).toEqual([
      stableImage,
      stableImage,
      canaryImage,
      canaryImage,
    ]);
  });
});

describe("Kruise canary SidecarSets", () => {
  const annotated = (annotations: Record<string, string> | undefined) => ({
    metadata: { name: "c", annotations },
  });
  it.each([
    {
      name: "canary sidecar set with valid base annotation",
      canary: "true",
      base: "base-sidecarset-123",
      is: true,
    },
    { name: "canary annotation is true but base annotation is empty", canary: "true", base: "", is: false },
    {
      name: "canary annotation is not true but base annotation exists",
      canary: "false",
      base: "b",
      is: false,
    },
    { name: "only canary annotation exists", canary: "true", base: undefined, is: false },
    { name: "only base annotation exists", canary: undefined, base: "b", is: false },
    {
      name: "canary annotation is '1' (not 'true') but base annotation exists",
      canary: "1",
      base: "b",
      is: false,
    },
    { name: "canary annotation is 'TRUE' (case sensitive)", canary: "TRUE", base: "b", is: false },
  ])("TestIsCanarySidecarSet: $name", ({ canary, base, is }) => {
    const annotations: Record<string, string> = {};
    if (canary !== undefined) annotations["apps.kruise.io/sidecarset-canary"] = canary;
    if (base !== undefined) annotations["apps.kruise.io/sidecarset-base"] = base;
    expect(canaryBaseOf(annotated(annotations))).toBe(is ? base : undefined);
  });
  it("TestIsCanarySidecarSet: neither annotation exists / annotations is nil", () => {
    expect(canaryBaseOf(annotated({}))).toBeUndefined();
    expect(canaryBaseOf(annotated(undefined))).toBeUndefined();
  });

  const canary = (base: string, type = "NotUpdate"): Fields => ({
    metadata: {
      name: "test-sidecarset",
      annotations: { "apps.kruise.io/sidecarset-canary": "true", "apps.kruise.io/sidecarset-base": base },
    },
    spec: { updateStrategy: { type } },
  });
  const named = (name: string, annotations: Record<string, string> = {}): Fields => ({
    metadata: { name, annotations },
    spec: {},
  });
  it.each([
    { name: "non-canary sidecarset", set: named("test-sidecarset"), others: [], errors: [] },
    {
      name: "canary sidecarset with base set to itself",
      set: canary("test-sidecarset"),
      others: [named("test-sidecarset")],
      errors: [
        'metadata.annotations[apps.kruise.io/sidecarset-base]: Invalid value: "test-sidecarset": base sidecarSet cannot be itself',
      ],
    },
    {
      name: "canary sidecarset with valid base that exists",
      set: canary("base-sidecarset"),
      others: [named("base-sidecarset")],
      errors: [],
    },
    {
      name: "canary sidecarset with valid base that exists, but base is canary",
      set: canary("base1-sidecarset"),
      others: [
        named("base1-sidecarset", {
          "apps.kruise.io/sidecarset-canary": "true",
          "apps.kruise.io/sidecarset-base": "other-base-sidecarset",
        }),
      ],
      errors: [
        'metadata.annotations[apps.kruise.io/sidecarset-base]: Invalid value: "base1-sidecarset": base sidecarSet cannot be canary',
      ],
    },
    {
      name: "canary sidecarset with base that does not exist",
      set: canary("nonexistent-sidecarset"),
      others: [],
      errors: [
        'metadata.annotations[apps.kruise.io/sidecarset-base]: Invalid value: "nonexistent-sidecarset": fetch base sidecarSet[nonexistent-sidecarset] failed: sidecarsets.apps.kruise.io "nonexistent-sidecarset" not found (put the base SidecarSet in the input)',
      ],
    },
    {
      name: "canary sidecarset with RollingUpdate strategy",
      set: canary("base-sidecarset", "RollingUpdate"),
      others: [named("base-sidecarset")],
      errors: [
        'spec.updateStrategy.type: Invalid value: "RollingUpdate": RollingUpdate is not supported for canary sidecarSet (set updateStrategy.type: NotUpdate)',
      ],
    },
  ])("TestValidateSidecarSetCanaryAnnotations: $name", ({ set, others, errors }) => {
    expect(validateCanarySidecarSet(set, [set, ...others]).map(formatFieldError)).toEqual(errors);
  });

  it("e2e inject pod sidecar with canary sidecarSet: the canary replaces its base, their shared container name is no conflict", () => {
    const spec = (image: string) => ({
      selector: { matchLabels: { app: "demo" } },
      containers: [{ name: "nginx-sidecar", image }],
      updateStrategy: { type: "NotUpdate" },
    });
    const baseSet = sidecarSet("sidecarset-base", spec("nginx:1.20.1"));
    const canarySet = sidecarSet("sidecarset-canary", spec("nginx:1.21.1"), {
      annotations: {
        "apps.kruise.io/sidecarset-canary": "true",
        "apps.kruise.io/sidecarset-base": "sidecarset-base",
      },
    });
    const app: Fields = {
      metadata: { name: "web", labels: { app: "demo", version: "stable" } },
      spec: { containers: [{ name: "main", image: "busybox" }] },
    };
    const result = inject(app, [baseSet, canarySet]);
    const pod = podOf(result);
    expect(pod.spec.containers.map((c) => c.image)).toEqual(["nginx:1.21.1", "busybox"]);
    expect(pod.metadata.annotations["kruise.io/sidecarset-injected-list"]).toBe("sidecarset-canary");
    expect(result.decisions.find((d) => d.sidecarSet === "sidecarset-base")).toMatchObject({
      injected: false,
      reason: expect.stringContaining(
        "its canary sidecarset/sidecarset-canary matches too and replaces it",
      ) as unknown,
    });
  });

  it("a canary that does not match the pod leaves its base in place", () => {
    const baseSet = sidecarSet("base", {
      selector: { matchLabels: { app: "demo" } },
      containers: [{ name: "proxy", image: "proxy:1" }],
    });
    const canarySet = sidecarSet(
      "canary",
      {
        selector: { matchLabels: { app: "demo", track: "canary" } },
        containers: [{ name: "proxy", image: "proxy:2" }],
        updateStrategy: { type: "NotUpdate" },
      },
      {
        annotations: { "apps.kruise.io/sidecarset-canary": "true", "apps.kruise.io/sidecarset-base": "base" },
      },
    );
    const app: Fields = {
      metadata: { name: "web", labels: { app: "demo" } },
      spec: { containers: [{ name: "main", image: "x" }] },
    };
    expect(podOf(inject(app, [baseSet, canarySet])).spec.containers.map((c) => c.image)).toEqual([
      "proxy:1",
      "x",
    ]);
  });
});
