/**
 * Restates kubernetes/kubernetes `staging/src/k8s.io/component-helpers/resource/helpers_test.go`:
 * TestPodRequestsAndLimits, TestPodRequestsAndLimitsWithoutOverhead, TestPodResourceRequests,
 * TestPodResourceLimits, TestPodLevelResourceRequests, TestAggregateContainerRequestsAndLimits,
 * TestIsPodLevelResourcesSet and TestIsPodLevelLimitsSet. Cases that need in-place resize status
 * (UseStatusResources), DRA claims, NonMissingContainerRequests or Reuse are left out; the
 * "don't use status" resize cases stay, since podvisor never reads status resources.
 * Expected values are written in canonical form, which also pins the result's format.
 */
import { describe, expect, it } from "vitest";
import type { Container, Pod, PodSpec, ResourceList, ResourceRequirements } from "../api/index.js";
import {
  aggregateContainerResources,
  formatResourceQuantities,
  isPodLevelLimitsSet,
  isPodLevelResourcesSet,
  podLimits,
  podRequests,
  type PodResourcesOptions,
} from "./pod-resources.js";
import { QuantityParseError } from "../api/quantity/index.js";

interface PodParts {
  containers?: Container[];
  initContainers?: Container[];
  overhead?: ResourceList;
  resources?: ResourceRequirements;
}

function podOf(parts: PodParts): Pod {
  const spec: PodSpec = { containers: parts.containers ?? [] };
  if (parts.initContainers) spec.initContainers = parts.initContainers;
  if (parts.overhead) spec.overhead = parts.overhead;
  if (parts.resources) spec.resources = parts.resources;
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec };
}

const requests = (list: ResourceList, name = "c"): Container => ({ name, resources: { requests: list } });
const limits = (list: ResourceList, name = "c"): Container => ({ name, resources: { limits: list } });
const sidecar = (container: Container): Container => ({ ...container, restartPolicy: "Always" });
const unlimited: Container = { name: "unlimited" };

/** Upstream `getPod`: one container and one init container with the same resources, plus overhead. */
function getPod(r: {
  cpuRequest?: string;
  cpuLimit?: string;
  memoryRequest?: string;
  memoryLimit?: string;
  cpuOverhead?: string;
  memoryOverhead?: string;
}): Pod {
  const resources: ResourceRequirements = { requests: {}, limits: {} };
  const overhead: ResourceList = {};
  if (r.cpuLimit) resources.limits = { ...resources.limits, cpu: r.cpuLimit };
  if (r.memoryLimit) resources.limits = { ...resources.limits, memory: r.memoryLimit };
  if (r.cpuRequest) resources.requests = { ...resources.requests, cpu: r.cpuRequest };
  if (r.memoryRequest) resources.requests = { ...resources.requests, memory: r.memoryRequest };
  if (r.cpuOverhead) overhead.cpu = r.cpuOverhead;
  if (r.memoryOverhead) overhead.memory = r.memoryOverhead;
  return podOf({
    containers: [{ name: "foo", resources }],
    initContainers: [{ name: "init-foo", resources }],
    overhead,
  });
}

describe("podRequests and podLimits together (TestPodRequestsAndLimits)", () => {
  it.each<[string, Pod, Record<string, string>, Record<string, string>]>([
    ["just-limit-no-overhead", getPod({ cpuLimit: "9" }), {}, { cpu: "9" }],
    ["just-overhead", getPod({ cpuOverhead: "5", memoryOverhead: "5" }), { cpu: "5", memory: "5" }, {}],
    [
      "req-and-overhead",
      getPod({ cpuRequest: "1", memoryRequest: "10", cpuOverhead: "5", memoryOverhead: "5" }),
      { cpu: "6", memory: "15" },
      {},
    ],
    [
      "all-req-lim-and-overhead",
      getPod({
        cpuRequest: "1",
        cpuLimit: "2",
        memoryRequest: "10",
        memoryLimit: "12",
        cpuOverhead: "5",
        memoryOverhead: "5",
      }),
      { cpu: "6", memory: "15" },
      { cpu: "7", memory: "17" },
    ],
    [
      "req-some-lim-and-overhead",
      getPod({ cpuRequest: "1", cpuLimit: "2", memoryRequest: "10", cpuOverhead: "5", memoryOverhead: "5" }),
      { cpu: "6", memory: "15" },
      { cpu: "7" },
    ],
  ])("%s", (_name, pod, expectedRequests, expectedLimits) => {
    expect(podRequests(pod)).toEqual(expectedRequests);
    expect(podLimits(pod)).toEqual(expectedLimits);
  });
});

const both = (requests: ResourceList, limits: ResourceList, name: string): Container => ({
  name,
  resources: { requests, limits },
});
const twoContainers = [
  both({ cpu: "1", memory: "5" }, { cpu: "2", memory: "10" }, "foobar"),
  both({ cpu: "4", memory: "12" }, { cpu: "8", memory: "24" }, "foobar2"),
];

describe("excluding overhead (TestPodRequestsAndLimitsWithoutOverhead)", () => {
  it.each<[string, Pod, Record<string, string>, Record<string, string>]>([
    [
      "two container no overhead - should just be sum of containers",
      podOf({ containers: twoContainers }),
      { cpu: "5", memory: "17" },
      { cpu: "10", memory: "34" },
    ],
    [
      "two container with overhead - shouldn't consider overhead",
      podOf({ containers: twoContainers, overhead: { cpu: "3", memory: "8" } }),
      { cpu: "5", memory: "17" },
      { cpu: "10", memory: "34" },
    ],
    [
      "two container with overhead, massive init - should just be the largest init",
      podOf({
        containers: twoContainers,
        initContainers: [
          both({ cpu: "1", memory: "5" }, { cpu: "1", memory: "5" }, "small-init"),
          both({ cpu: "40", memory: "120" }, { cpu: "80", memory: "240" }, "big-init"),
        ],
        overhead: { cpu: "3", memory: "8" },
      }),
      { cpu: "40", memory: "120" },
      { cpu: "80", memory: "240" },
    ],
  ])("%s", (_name, pod, expectedRequests, expectedLimits) => {
    expect(podRequests(pod, { excludeOverhead: true })).toEqual(expectedRequests);
    expect(podLimits(pod, { excludeOverhead: true })).toEqual(expectedLimits);
  });
});

/** The sidecar cases shared by TestPodResourceRequests and TestPodResourceLimits, for one list kind. */
function sidecarCases(
  make: (list: ResourceList, name?: string) => Container,
): [string, PodParts, Record<string, string>][] {
  return [
    [
      "restartable init container: sidecar plus regular container",
      {
        initContainers: [sidecar(make({ cpu: "1" }, "restartable-init-1"))],
        containers: [make({ cpu: "1" })],
      },
      { cpu: "2" },
    ],
    [
      "multiple restartable init containers: max(5, sidecars 3+2+1 + regular 1) = 7",
      {
        initContainers: [
          make({ cpu: "5" }, "init-1"),
          sidecar(make({ cpu: "1" })),
          sidecar(make({ cpu: "2" })),
          sidecar(make({ cpu: "3" })),
        ],
        containers: [make({ cpu: "1" })],
      },
      { cpu: "7" },
    ],
    [
      "multiple restartable and regular init containers: init-2 needs 5 + earlier sidecars 1+2 = 8; the later sidecar does not count",
      {
        initContainers: [
          make({ cpu: "5" }, "init-1"),
          sidecar(make({ cpu: "1" })),
          sidecar(make({ cpu: "2" })),
          make({ cpu: "5" }, "init-2"),
          sidecar(make({ cpu: "3" })),
        ],
        containers: [make({ cpu: "1" })],
      },
      { cpu: "8" },
    ],
    [
      "restartable-init, init and regular: 10 + 200 at init time beats 10 + 100 running",
      {
        initContainers: [sidecar(make({ cpu: "10" })), make({ cpu: "200" }, "init-1")],
        containers: [make({ cpu: "100" })],
      },
      { cpu: "210" },
    ],
  ];
}

describe("podRequests (TestPodResourceRequests)", () => {
  it.each<[string, PodParts, PodResourcesOptions, Record<string, string>]>([
    [
      "nil options, larger init container",
      { initContainers: [requests({ cpu: "4" })], containers: [requests({ cpu: "1" })] },
      {},
      { cpu: "4" },
    ],
    [
      "nil options, larger containers",
      {
        initContainers: [requests({ cpu: "2" })],
        containers: [requests({ cpu: "2" }), requests({ cpu: "3" })],
      },
      {},
      { cpu: "5" },
    ],
    [
      "pod overhead excluded",
      {
        overhead: { cpu: "1" },
        initContainers: [requests({ cpu: "2" })],
        containers: [requests({ cpu: "2" }), requests({ cpu: "3" })],
      },
      { excludeOverhead: true },
      { cpu: "5" },
    ],
    [
      "pod overhead included, memory coming from overhead alone",
      {
        overhead: { cpu: "1", memory: "1Gi" },
        initContainers: [{ name: "i", resources: { requests: { cpu: "2" }, limits: { cpu: "2" } } }],
        containers: [requests({ cpu: "2" }), requests({ cpu: "3" })],
      },
      {},
      { cpu: "6", memory: "1Gi" },
    ],
    [
      "resized, infeasible, but don't use status: the spec counts",
      { containers: [requests({ cpu: "4" }, "container-1")] },
      {},
      { cpu: "4" },
    ],
    [
      "resized, restartable init container, infeasible, but don't use status",
      { initContainers: [sidecar(requests({ cpu: "4" }, "restartable-init-1"))] },
      {},
      { cpu: "4" },
    ],
    ...sidecarCases(requests).map(
      ([name, parts, expected]): [string, PodParts, PodResourcesOptions, Record<string, string>] => [
        name,
        parts,
        {},
        expected,
      ],
    ),
  ])("%s", (_name, parts, options, expected) => {
    expect(podRequests(podOf(parts), options)).toEqual(expected);
  });
});

describe("podLimits (TestPodResourceLimits)", () => {
  it.each<[string, PodParts, PodResourcesOptions, Record<string, string>]>([
    [
      "nil options, larger init container",
      { initContainers: [limits({ cpu: "4" })], containers: [limits({ cpu: "1" })] },
      {},
      { cpu: "4" },
    ],
    [
      "nil options, larger containers",
      { initContainers: [limits({ cpu: "2" })], containers: [limits({ cpu: "2" }), limits({ cpu: "3" })] },
      {},
      { cpu: "5" },
    ],
    [
      "pod overhead excluded",
      {
        overhead: { cpu: "1" },
        initContainers: [limits({ cpu: "2" })],
        containers: [limits({ cpu: "2" }), limits({ cpu: "3" })],
      },
      { excludeOverhead: true },
      { cpu: "5" },
    ],
    [
      "pod overhead included: only added to non-zero limits, so no memory limit appears",
      {
        overhead: { cpu: "1", memory: "1Gi" },
        initContainers: [limits({ cpu: "2" })],
        containers: [limits({ cpu: "2" }), limits({ cpu: "3" })],
      },
      {},
      { cpu: "6" },
    ],
    [
      "no limited containers should result in no limits for the pod",
      { initContainers: [], containers: [unlimited] },
      {},
      {},
    ],
    [
      "one limited and one unlimited container should result in the limited container's limits for the pod",
      { initContainers: [], containers: [limits({ cpu: "2", memory: "2Gi" }), unlimited] },
      {},
      { cpu: "2", memory: "2Gi" },
    ],
    [
      "one limited and one unlimited init container should result in the limited init container's limits for the pod",
      {
        initContainers: [limits({ cpu: "2", memory: "2Gi" }), unlimited],
        containers: [limits({ cpu: "1", memory: "1Gi" })],
      },
      {},
      { cpu: "2", memory: "2Gi" },
    ],
    [
      "pod scaled down, don't use status: the spec counts",
      { containers: [limits({ memory: "1Gi" }, "container-1")] },
      {},
      { memory: "1Gi" },
    ],
    [
      "pod scaled down with restartable init containers, don't use status",
      { initContainers: [sidecar(limits({ memory: "1Gi" }, "restartable-init-1"))] },
      {},
      { memory: "1Gi" },
    ],
    ...sidecarCases(limits).map(
      ([name, parts, expected]): [string, PodParts, PodResourcesOptions, Record<string, string>] => [
        name,
        parts,
        {},
        expected,
      ],
    ),
  ])("%s", (_name, parts, options, expected) => {
    expect(podLimits(podOf(parts), options)).toEqual(expected);
  });
});

describe("pod-level resources (TestPodLevelResourceRequests)", () => {
  const small = { memory: "3Mi", cpu: "2m" };
  it.each<[string, PodParts, PodResourcesOptions, Record<string, string>]>([
    ["nil", { resources: {} }, {}, {}],
    [
      "pod level memory resource with SkipPodLevelResources true",
      { resources: { requests: { memory: "2Mi" } } },
      { skipPodLevelResources: true },
      {},
    ],
    [
      "pod level memory resource with SkipPodLevelResources false",
      { resources: { requests: { memory: "2Mi" } } },
      {},
      { memory: "2Mi" },
    ],
    [
      "pod level memory and container level cpu resources with SkipPodLevelResources false",
      { resources: { requests: { memory: "2Mi" } }, containers: [requests({ cpu: "2m" })] },
      {},
      { memory: "2Mi", cpu: "2m" },
    ],
    [
      "pod level unsupported resources set at both pod-level and container-level with SkipPodLevelResources false",
      { resources: { requests: { storage: "2Mi" } }, containers: [requests({ storage: "3Mi" })] },
      {},
      { storage: "3Mi" },
    ],
    [
      "pod level unsupported resources set at pod-level with SkipPodLevelResources false",
      { resources: { requests: { storage: "2Mi" } }, containers: [requests({ memory: "3Mi" })] },
      {},
      { memory: "3Mi" },
    ],
    [
      "only container level resources set with SkipPodLevelResources false",
      { resources: {}, containers: [requests(small)] },
      {},
      { memory: "3Mi", cpu: "2m" },
    ],
    [
      "both container-level and pod-level resources set with SkipPodLevelResources false",
      { resources: { requests: { memory: "6Mi", cpu: "8m" } }, containers: [requests(small)] },
      {},
      { memory: "6Mi", cpu: "8m" },
    ],
    [
      "container-level resources and init container set with SkipPodLevelResources false",
      {
        resources: {},
        containers: [requests(small)],
        initContainers: [requests({ memory: "5Mi", cpu: "4m" })],
      },
      {},
      { memory: "5Mi", cpu: "4m" },
    ],
    [
      "container-level resources and init container set with SkipPodLevelResources true",
      {
        resources: {},
        containers: [requests(small)],
        initContainers: [requests({ memory: "5Mi", cpu: "4m" })],
      },
      { skipPodLevelResources: true },
      { memory: "5Mi", cpu: "4m" },
    ],
    [
      "container-level resources and sidecar container set with SkipPodLevelResources false",
      {
        resources: {},
        containers: [requests(small)],
        initContainers: [sidecar(requests({ memory: "5Mi", cpu: "4m" }))],
      },
      {},
      { memory: "8Mi", cpu: "6m" },
    ],
    [
      "container-level resources, init and sidecar container set with SkipPodLevelResources false",
      {
        resources: {},
        containers: [requests(small)],
        initContainers: [
          sidecar(requests({ memory: "5Mi", cpu: "4m" })),
          requests({ memory: "6Mi", cpu: "8m" }),
        ],
      },
      {},
      { memory: "11Mi", cpu: "12m" },
    ],
    [
      "pod-level resources, container-level resources, init and sidecar container set with SkipPodLevelResources false",
      {
        resources: { requests: { memory: "15Mi", cpu: "18m" } },
        containers: [requests(small)],
        initContainers: [
          sidecar(requests({ memory: "5Mi", cpu: "4m" })),
          requests({ memory: "6Mi", cpu: "8m" }),
        ],
      },
      {},
      { memory: "15Mi", cpu: "18m" },
    ],
    [
      "pod-level resources, hugepage request/limit single page size",
      {
        resources: {
          limits: { "hugepages-2Mi": "2Mi" },
          requests: { memory: "10Mi", "hugepages-2Mi": "2Mi" },
        },
      },
      {},
      { memory: "10Mi", "hugepages-2Mi": "2Mi" },
    ],
    [
      "pod-level resources, hugepage request/limit multiple page sizes",
      {
        resources: {
          limits: { "hugepages-2Mi": "2Mi", "hugepages-1Gi": "1Gi" },
          requests: { cpu: "1", "hugepages-2Mi": "2Mi", "hugepages-1Gi": "1Gi" },
        },
      },
      {},
      { cpu: "1", "hugepages-2Mi": "2Mi", "hugepages-1Gi": "1Gi" },
    ],
    [
      "pod-level resources, container-level resources, hugepage request/limit single page size",
      {
        resources: { limits: { "hugepages-2Mi": "10Mi" }, requests: { cpu: "1", "hugepages-2Mi": "10Mi" } },
        containers: [
          {
            name: "c",
            resources: { limits: { "hugepages-2Mi": "6Mi" }, requests: { "hugepages-2Mi": "6Mi" } },
          },
        ],
      },
      {},
      { cpu: "1", "hugepages-2Mi": "10Mi" },
    ],
    [
      "pod-level resources, container-level resources, hugepage request/limit multiple page sizes",
      {
        resources: {
          limits: { "hugepages-2Mi": "10Mi", "hugepages-1Gi": "2Gi" },
          requests: { cpu: "1", "hugepages-2Mi": "10Mi", "hugepages-1Gi": "2Gi" },
        },
        containers: [
          {
            name: "c",
            resources: { limits: { "hugepages-1Gi": "2Gi" }, requests: { cpu: "1", "hugepages-1Gi": "2Gi" } },
          },
        ],
      },
      {},
      { cpu: "1", "hugepages-2Mi": "10Mi", "hugepages-1Gi": "2Gi" },
    ],
    [
      "pod-level resources, container-level resources, hugepage request/limit multiple page sizes between pod-level and container-level",
      {
        resources: { limits: { "hugepages-2Mi": "10Mi" }, requests: { cpu: "1", "hugepages-2Mi": "10Mi" } },
        containers: [
          {
            name: "c",
            resources: {
              limits: { "hugepages-1Gi": "1Gi" },
              requests: { memory: "4Mi", "hugepages-1Gi": "1Gi" },
            },
          },
        ],
      },
      {},
      { cpu: "1", memory: "4Mi", "hugepages-2Mi": "10Mi", "hugepages-1Gi": "1Gi" },
    ],
  ])("%s", (_name, parts, options, expected) => {
    expect(podRequests(podOf(parts), options)).toEqual(expected);
  });

  it("pod-level limits replace the aggregate when a pod-level request alone is set, and overhead is added to them", () => {
    const pod = podOf({
      resources: { requests: { cpu: "1" }, limits: { memory: "1Gi" } },
      containers: [
        { name: "c", resources: { limits: { cpu: "2", memory: "512Mi", "ephemeral-storage": "1Gi" } } },
      ],
      overhead: { cpu: "100m", memory: "64Mi" },
    });
    expect(podLimits(pod)).toEqual({ cpu: "2100m", memory: "1088Mi", "ephemeral-storage": "1Gi" });
    expect(podRequests(pod)).toEqual({ cpu: "1100m", memory: "64Mi" });
    expect(podLimits(pod, { skipPodLevelResources: true })).toEqual({
      cpu: "2100m",
      memory: "576Mi",
      "ephemeral-storage": "1Gi",
    });
  });

  it("pod-level requests for unsupported resources alone do not switch pod-level resources on", () => {
    const pod = podOf({
      resources: { requests: { "ephemeral-storage": "5Gi" }, limits: { "ephemeral-storage": "5Gi" } },
      containers: [limits({ "ephemeral-storage": "1Gi" })],
    });
    expect(isPodLevelResourcesSet(pod)).toBe(false);
    expect(podLimits(pod)).toEqual({ "ephemeral-storage": "1Gi" });
  });
});

describe("aggregateContainerResources (TestAggregateContainerRequestsAndLimits)", () => {
  const cpu9 = { cpu: "9" };
  it.each<[string, PodParts, Record<string, string>, Record<string, string>]>([
    ["one container with limits", { containers: [limits(cpu9)] }, {}, { cpu: "9" }],
    ["two containers with limits", { containers: [limits(cpu9), limits(cpu9)] }, {}, { cpu: "18" }],
    ["one container with requests", { containers: [requests(cpu9)] }, { cpu: "9" }, {}],
    ["two containers with requests", { containers: [requests(cpu9), requests(cpu9)] }, { cpu: "18" }, {}],
    [
      "regular and init containers with requests",
      { containers: [requests(cpu9)], initContainers: [requests(cpu9)] },
      { cpu: "9" },
      {},
    ],
    [
      "regular, init and sidecar containers with requests",
      {
        containers: [requests(cpu9)],
        initContainers: [sidecar(requests({ cpu: "8" })), requests({ cpu: "6" })],
      },
      { cpu: "17" },
      {},
    ],
    [
      "regular and init containers with limits",
      { containers: [limits(cpu9)], initContainers: [limits(cpu9)] },
      {},
      { cpu: "9" },
    ],
    [
      "regular, init and sidecar containers with limits",
      { containers: [limits(cpu9)], initContainers: [sidecar(limits({ cpu: "8" })), limits({ cpu: "6" })] },
      {},
      { cpu: "17" },
    ],
  ])("%s", (_name, parts, expectedRequests, expectedLimits) => {
    const pod = podOf(parts);
    expect(formatResourceQuantities(aggregateContainerResources(pod, "requests"))).toEqual(expectedRequests);
    expect(formatResourceQuantities(aggregateContainerResources(pod, "limits"))).toEqual(expectedLimits);
  });
});

describe("whether pod-level resources are set (TestIsPodLevelResourcesSet, TestIsPodLevelLimitsSet)", () => {
  it.each<[string, ResourceRequirements | undefined, boolean, boolean]>([
    ["nil resources struct", undefined, false, false],
    ["empty resources struct", {}, false, false],
    ["only unsupported resource requests set", { requests: { "ephemeral-storage": "1Mi" } }, false, false],
    ["only unsupported resource limits set", { limits: { "ephemeral-storage": "1Mi" } }, false, false],
    [
      "unsupported and supported resources requests set",
      { requests: { "ephemeral-storage": "1Mi", cpu: "1m" } },
      true,
      false,
    ],
    [
      "unsupported and supported resources limits set",
      { limits: { "ephemeral-storage": "1Mi", cpu: "1m" } },
      true,
      true,
    ],
    ["only resource requests set", { requests: { memory: "100Mi" } }, true, false],
  ])("%s", (_name, resources, anySet, limitsSet) => {
    const pod = podOf(resources === undefined ? {} : { resources });
    expect(isPodLevelResourcesSet(pod)).toBe(anySet);
    expect(isPodLevelLimitsSet(pod)).toBe(limitsSet);
  });
});

describe("podvisor specifics", () => {
  it("compares semantically and keeps the first container's format: 1.5Gi + 512Mi is 2Gi", () => {
    expect(
      podRequests(podOf({ containers: [requests({ memory: "1.5Gi" }), requests({ memory: "512Mi" })] })),
    ).toEqual({ memory: "2Gi" });
  });

  it("memory and CPU are computed independently: sidecar (5Mi, 4m), init (6Mi, 8m), regular (3Mi, 2m) give (11Mi, 12m)", () => {
    const pod = podOf({
      initContainers: [
        sidecar(requests({ memory: "5Mi", cpu: "4m" })),
        requests({ memory: "6Mi", cpu: "8m" }),
      ],
      containers: [requests({ memory: "3Mi", cpu: "2m" })],
    });
    expect(podRequests(pod)).toEqual({ memory: "11Mi", cpu: "12m" });
  });

  it("a tie between the init maximum and the long-running sum keeps the long-running sum's format", () => {
    const pod = podOf({
      initContainers: [requests({ memory: "1073741824" })],
      containers: [requests({ memory: "1Gi" })],
    });
    expect(podRequests(pod)).toEqual({ memory: "1Gi" });
  });

  it("a zero request still yields the resource, and overhead adds to it", () => {
    expect(podRequests(podOf({ containers: [requests({ cpu: "0" })] }))).toEqual({ cpu: "0" });
    expect(podLimits(podOf({ containers: [limits({ cpu: "0" })], overhead: { cpu: "1" } }))).toEqual({
      cpu: "0",
    });
  });

  it("numbers from YAML count like their text", () => {
    expect(podRequests(podOf({ containers: [requests({ cpu: 1 }), requests({ cpu: 0.5 })] }))).toEqual({
      cpu: "1500m",
    });
  });

  it("a malformed quantity throws an error naming the field", () => {
    const pod = podOf({ containers: [requests({ cpu: "1" }), requests({ cpu: "two" })] });
    expect(() => podRequests(pod)).toThrow(QuantityParseError);
    expect(() => podRequests(pod)).toThrow(
      `spec.containers[1].resources.requests[cpu]: Invalid value: "two": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });
});
