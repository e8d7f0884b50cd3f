import { describe, expect, it } from "vitest";
import { readFeatureGate } from "./feature-metric.js";

const metrics = [
  "# HELP kubernetes_feature_enabled [BETA] This metric records the data about the stage and enablement of a k8s feature.",
  "# TYPE kubernetes_feature_enabled gauge",
  'kubernetes_feature_enabled{name="PodReadyToStartContainersCondition",stage="BETA"} 1',
  'kubernetes_feature_enabled{name="SidecarContainers",stage=""} 0',
].join("\n");

describe("reading a gate from kubernetes_feature_enabled", () => {
  it.each([
    ["the gate's series, value 0: off", metrics, { kind: "read", enabled: false, stage: "" }],
    [
      "labels in another order",
      'kubernetes_feature_enabled{stage="BETA",name="SidecarContainers"} 1',
      { kind: "read", enabled: true, stage: "BETA" },
    ],
    [
      "no series for the gate (removed after GA): absent",
      'kubernetes_feature_enabled{name="Other",stage=""} 1',
      { kind: "absent" },
    ],
    [
      "a similarly named gate does not count",
      'kubernetes_feature_enabled{name="SidecarContainersX",stage=""} 1',
      { kind: "absent" },
    ],
  ])("%s", (_name, text, reading) => {
    expect(readFeatureGate(text, "SidecarContainers")).toEqual(reading);
  });
});
