import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { planAutoPlacement, withNativeNodeAffinity } from "./auto-placement.js";
import type { NodeView } from "./target-kube-version.js";

const node = (
  name: string,
  kubeletVersion: [number, number],
  labels: Record<string, string> = {},
): NodeView => ({
  name,
  labels: { pool: name.split("-")[0] ?? "", ...labels },
  kubeletVersion,
  unschedulable: false,
});
const native = { "sidecars.podvisor.io/native": "true" };
const notNative = { "sidecars.podvisor.io/native": "false" };

describe("node-aware auto: native, legacy, or native with node affinity", () => {
  it.each([
    [
      "every candidate node runs native sidecars: native",
      [node("new-1", [1, 36]), node("new-2", [1, 30])],
      {},
      "native",
    ],
    ["no candidate node does: legacy", [node("old-1", [1, 27]), node("old-2", [1, 28])], {}, "legacy"],
    [
      "mixed, the new node labelled by doctor: native with node affinity",
      [node("old-1", [1, 27], notNative), node("new-1", [1, 36], native)],
      {},
      "native-with-node-affinity",
    ],
    [
      "mixed, nothing labelled yet: legacy (an affinity on the label would match no node)",
      [node("old-1", [1, 27]), node("new-1", [1, 36])],
      {},
      "legacy",
    ],
    [
      "doctor's label overrides the version: a current kubelet with the gate off is legacy",
      [node("new-1", [1, 36], notNative)],
      {},
      "legacy",
    ],
    [
      "a nodeSelector that leaves only current nodes: native, no affinity needed",
      [node("old-1", [1, 27], notNative), node("new-1", [1, 36], native)],
      { nodeSelector: { pool: "new" } },
      "native",
    ],
    [
      "a pod bound to the old node: legacy",
      [node("old-1", [1, 27]), node("new-1", [1, 36], native)],
      { nodeName: "old-1" },
      "legacy",
    ],
    ["no nodes yet: the API server decides", [], {}, "native"],
  ] as const)("%s", (_name, nodes, spec, choice) => {
    const placement = planAutoPlacement({ spec }, nodes, [1, 36]);
    expect(placement.choice).toBe(choice);
    expect(placement.version[1] >= 29).toBe(choice !== "legacy");
  });

  it("an API server before 1.29 is legacy whatever the nodes", () => {
    expect(planAutoPlacement({ spec: {} }, [node("new-1", [1, 36], native)], [1, 28]).choice).toBe("legacy");
  });

  it("says why", () => {
    expect(
      planAutoPlacement(
        { spec: {} },
        [node("old-1", [1, 27], notNative), node("new-1", [1, 36], native)],
        [1, 36],
      ).source,
    ).toBe(
      "1 of 2 nodes the pod can land on run native sidecars: node affinity sidecars.podvisor.io/native=true",
    );
  });
});

describe("the node affinity native-with-node-affinity adds", () => {
  const requirement = { key: "sidecars.podvisor.io/native", operator: "In", values: ["true"] };
  const termsOf = (pod: Fields) =>
    (((pod.spec as Fields).affinity as Fields).nodeAffinity as Fields)
      .requiredDuringSchedulingIgnoredDuringExecution;

  it("a pod without affinity gets one term", () => {
    expect(termsOf(withNativeNodeAffinity({ spec: {} }))).toEqual({
      nodeSelectorTerms: [{ matchExpressions: [requirement] }],
    });
  });

  it("every existing term gets the requirement (terms are ORed), other affinity kept, and never twice", () => {
    const zone = { key: "zone", operator: "In", values: ["a"] };
    const pod: Fields = {
      spec: {
        affinity: {
          podAntiAffinity: { x: 1 },
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [],
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [zone] },
                { matchFields: [{ key: "metadata.name", operator: "In", values: ["n"] }] },
              ],
            },
          },
        },
      },
    };
    const once = withNativeNodeAffinity(pod);
    expect(withNativeNodeAffinity(once)).toEqual(once);
    expect(termsOf(once)).toEqual({
      nodeSelectorTerms: [
        { matchExpressions: [zone, requirement] },
        {
          matchFields: [{ key: "metadata.name", operator: "In", values: ["n"] }],
          matchExpressions: [requirement],
        },
      ],
    });
    expect(((once.spec as Fields).affinity as Fields).podAntiAffinity).toEqual({ x: 1 });
  });
});
