/**
 * Kruise's conflict tables for SidecarSets selecting the same pods
 * (pkg/webhook/sidecarset/validating/sidecarset_validating_test.go: TestSidecarSetNameConflict,
 * TestSidecarSetPodMetadataConflict, TestSidecarSetVolumeConflict), restated, plus the messages
 * the webhook answers with: Kruise's words, naming the other SidecarSet.
 */
import { describe, expect, it } from "vitest";
import type { Fields, SidecarSet } from "../api/index.js";
import { validateSidecarSetOverlap } from "./sidecarset-overlap.js";

function set(name: string, spec: Fields, annotations: Record<string, string> = {}): SidecarSet {
  return {
    apiVersion: "apps.kruise.io/v1beta1",
    kind: "SidecarSet",
    metadata: { name, annotations },
    spec: { selector: { matchLabels: { a: "b" } }, ...spec },
  } as unknown as SidecarSet;
}

describe("TestSidecarSetNameConflict", () => {
  it("test1: a container and an init container of the same names conflict; an equal volume does not", () => {
    const spec = {
      containers: [{ name: "container-name" }],
      initContainers: [{ name: "init-name" }],
      volumes: [{ name: "volume-name" }],
    };
    const errors = validateSidecarSetOverlap(set("sidecarset2", spec), [set("sidecarset1", spec)]);
    expect(errors).toEqual([
      {
        type: "Invalid",
        path: "spec.containers",
        value: "init-name",
        detail: "container init-name already exist in sidecarset1",
      },
      {
        type: "Invalid",
        path: "spec.containers",
        value: "container-name",
        detail: "container container-name already exist in sidecarset1",
      },
    ]);
  });

  it("test2: the same namespaceSelector overlaps: the container conflicts", () => {
    const spec = {
      namespaceSelector: { matchLabels: { app: "nginx" } },
      containers: [{ name: "container-name" }],
    };
    expect(validateSidecarSetOverlap(set("sidecarset2", spec), [set("sidecarset1", spec)])).toHaveLength(1);
  });

  it("test3: disjoint namespaceSelectors: no conflict", () => {
    const mine = {
      namespaceSelector: { matchLabels: { app: "nginx" } },
      containers: [{ name: "container-name" }],
    };
    const theirs = {
      namespaceSelector: { matchLabels: { app: "redis" } },
      containers: [{ name: "container-name" }],
    };
    expect(validateSidecarSetOverlap(set("sidecarset2", mine), [set("sidecarset1", theirs)])).toEqual([]);
  });
});

describe("who counts as another SidecarSet", () => {
  const spec = { containers: [{ name: "proxy" }] };

  it("disjoint pod selectors: no conflict", () => {
    const other = set("sidecarset1", { ...spec, selector: { matchLabels: { a: "c" } } });
    expect(validateSidecarSetOverlap(set("sidecarset2", spec), [other])).toEqual([]);
  });

  it("itself (an update) is not another", () => {
    expect(validateSidecarSetOverlap(set("sidecarset2", spec), [set("sidecarset2", spec)])).toEqual([]);
  });

  it("a canary's base is not another; any other SidecarSet still is", () => {
    const canary = set("mesh-canary", spec, {
      "apps.kruise.io/sidecarset-canary": "true",
      "apps.kruise.io/sidecarset-base": "mesh",
    });
    expect(validateSidecarSetOverlap(canary, [set("mesh", spec)])).toEqual([]);
    expect(validateSidecarSetOverlap(canary, [set("mesh", spec), set("other", spec)])).toHaveLength(1);
  });

  it("a v1alpha1 namespace is its name-label namespaceSelector, as Kruise's conversion makes it", () => {
    const mine = { ...spec, namespace: "shop" };
    const elsewhere = set("sidecarset1", {
      ...spec,
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "web" } },
    });
    const here = set("sidecarset1", {
      ...spec,
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } },
    });
    expect(validateSidecarSetOverlap(set("sidecarset2", mine), [elsewhere])).toEqual([]);
    expect(validateSidecarSetOverlap(set("sidecarset2", mine), [here])).toHaveLength(1);
  });

  it("an init container only clashes with init containers, a container with containers (Kruise's maps)", () => {
    const other = set("sidecarset1", { initContainers: [{ name: "proxy" }] });
    expect(validateSidecarSetOverlap(set("sidecarset2", spec), [other])).toEqual([]);
  });
});

describe("TestSidecarSetPodMetadataConflict", () => {
  const patching = (policy: string, annotations: Record<string, string>) => ({
    patchPodMetadata: [{ patchPolicy: policy, annotations }],
  });

  it("sidecarset annotation key conflict: Overwrite against MergePatchJson on one key", () => {
    const errors = validateSidecarSetOverlap(set("sidecarset2", patching("Overwrite", { key1: "value1" })), [
      set("sidecarset1", patching("MergePatchJson", { key1: "value1" })),
    ]);
    expect(errors).toEqual([
      {
        type: "Invalid",
        path: "spec.patchPodMetadata",
        value: "key1",
        detail: "annotation key1 is in conflict with sidecarset sidecarset1",
      },
    ]);
  });

  it("sidecarset annotation key different: no conflict", () => {
    const errors = validateSidecarSetOverlap(set("sidecarset2", patching("Retain", { key1: "value1" })), [
      set("sidecarset1", patching("Overwrite", { key2: "value2" })),
    ]);
    expect(errors).toEqual([]);
  });

  it("sidecarset annotation key same, and json: two MergePatchJson patches merge", () => {
    const errors = validateSidecarSetOverlap(
      set("sidecarset2", patching("MergePatchJson", { "oom-score": '{"log-agent": 1}' })),
      [set("sidecarset1", patching("MergePatchJson", { "oom-score": '{"envoy": 1}' }))],
    );
    expect(errors).toEqual([]);
  });
});

describe("TestSidecarSetVolumeConflict", () => {
  it("sidecarset volume name different: no conflict", () => {
    const errors = validateSidecarSetOverlap(
      set("sidecarset2", { volumes: [{ name: "volume-1" }, { name: "volume-2" }] }),
      [set("sidecarset1", { volumes: [{ name: "volume-3" }, { name: "volume-4" }] })],
    );
    expect(errors).toEqual([]);
  });

  it("sidecarset volume name same and equal: no conflict, whatever the key order", () => {
    const errors = validateSidecarSetOverlap(
      set("sidecarset2", {
        volumes: [{ name: "volume-1" }, { name: "volume-2", hostPath: { path: "/home/work" } }],
      }),
      [
        set("sidecarset1", {
          volumes: [{ hostPath: { path: "/home/work" }, name: "volume-2" }, { name: "volume-3" }],
        }),
      ],
    );
    expect(errors).toEqual([]);
  });

  it("sidecarset volume name same, but not equal: a conflict naming the other SidecarSet", () => {
    const errors = validateSidecarSetOverlap(
      set("sidecarset2", {
        volumes: [{ name: "volume-1" }, { name: "volume-2", hostPath: { path: "/home/work-1" } }],
      }),
      [
        set("sidecarset1", {
          volumes: [{ name: "volume-2", hostPath: { path: "/home/work-2" } }, { name: "volume-3" }],
        }),
      ],
    );
    expect(errors).toEqual([
      {
        type: "Invalid",
        path: "spec.volumes",
        value: "volume-2",
        detail: "volume volume-2 is in conflict with sidecarset sidecarset1",
      },
    ]);
  });
});
