import { describe, expect, it } from "vitest";
import type { Container, Pod } from "../api/index.js";
import { getQosClass } from "./qos-class.js";

const podOf = (containers: Container[], initContainers: Container[] = []): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {},
  spec: { initContainers, containers },
});
const both = { cpu: "500m", memory: "128Mi" };

describe("getQosClass", () => {
  it.each<[string, Pod, string]>([
    ["no requests or limits anywhere is BestEffort", podOf([{ name: "a" }, { name: "b" }]), "BestEffort"],
    [
      "resources other than cpu and memory do not count",
      podOf([{ name: "a", resources: { limits: { "nvidia.com/gpu": 1 } } }]),
      "BestEffort",
    ],
    [
      "zero quantities do not count",
      podOf([{ name: "a", resources: { requests: { cpu: "0" } } }]),
      "BestEffort",
    ],
    [
      "a request alone is Burstable",
      podOf([{ name: "a", resources: { requests: { cpu: "100m" } } }]),
      "Burstable",
    ],
    [
      "limits equal to requests on every container is Guaranteed",
      podOf([{ name: "a", resources: { requests: both, limits: both } }]),
      "Guaranteed",
    ],
    [
      "limits alone default the requests and are Guaranteed",
      podOf([{ name: "a", resources: { limits: both } }]),
      "Guaranteed",
    ],
    [
      "equal quantities in different notations are Guaranteed",
      podOf([{ name: "a", resources: { requests: { cpu: "0.5", memory: "134217728" }, limits: both } }]),
      "Guaranteed",
    ],
    [
      "a request below its limit is Burstable",
      podOf([{ name: "a", resources: { requests: { cpu: "250m", memory: "128Mi" }, limits: both } }]),
      "Burstable",
    ],
    [
      "one container without limits makes it Burstable",
      podOf([{ name: "a", resources: { limits: both } }, { name: "b" }]),
      "Burstable",
    ],
    [
      "a sidecar without limits makes it Burstable",
      podOf([{ name: "a", resources: { limits: both } }], [{ name: "s", restartPolicy: "Always" }]),
      "Burstable",
    ],
    [
      "a sidecar with equal limits keeps it Guaranteed",
      podOf(
        [{ name: "a", resources: { limits: both } }],
        [{ name: "s", restartPolicy: "Always", resources: { limits: both } }],
      ),
      "Guaranteed",
    ],
  ])("%s", (_name, pod, expected) => {
    expect(getQosClass(pod)).toBe(expected);
  });
});

describe("quantities are compared exactly, whatever their spelling", () => {
  const guaranteed = (cpuLimit: string, cpuRequest: string) =>
    getQosClass({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {},
      spec: {
        containers: [
          {
            name: "c",
            resources: {
              limits: { cpu: cpuLimit, memory: "1Gi" },
              requests: { cpu: cpuRequest, memory: "1024Mi" },
            },
          },
        ],
      },
    });
  it.each([
    ["500m", "0.5", "Guaranteed"],
    ["1", "1000m", "Guaranteed"],
    ["100m", "0.1", "Guaranteed"],
    ["1", "999m", "Burstable"],
  ])("limit %s with request %s is %s", (limit, request, expected) => {
    expect(guaranteed(limit, request)).toBe(expected);
  });
});
