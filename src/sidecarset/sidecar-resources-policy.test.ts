/**
 * resourcesPolicy at injection: Kruise 1.9's `TestApplyResourcesPolicy`, `TestGetTargetContainers`
 * and `TestEvaluateResourceExpression` (pkg/webhook/pod/mutating/sidecarset_resources_test.go)
 * restated, then the policy through `injectSidecarSets` (both hot-upgrade slots, failures with
 * their field).
 */
import { describe, expect, it } from "vitest";
import { formatFieldError, type Fields } from "../api/index.js";
import { injectSidecarSets } from "./inject-pod.js";
import { computeSidecarResources } from "./sidecar-resources-policy.js";
import { sidecarSet } from "./testing/fixtures.js";

type List = Record<string, string>;
const app = (name: string, limits: List, requests: List = {}, extra: Fields = {}): Fields => ({
  name,
  image: "nginx:1.14.2",
  resources: { limits, requests },
  ...extra,
});
const podOf = (containers: Fields[], initContainers: Fields[] = []): Fields => ({
  spec: { initContainers, containers },
});
const policy = (mode: string, regex: string, limits?: List, requests?: List): Fields => ({
  targetContainersMode: mode,
  targetContainersNameRegex: regex,
  resourcesExpr: { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) },
});

const engines = podOf([
  app("large.engine.v4", { cpu: "200m", memory: "200Mi" }, { cpu: "50m", memory: "100Mi" }),
  app("large.engine.v8", { cpu: "400m", memory: "400Mi" }, { cpu: "100m", memory: "200Mi" }),
]);
const halfOr50m = { cpu: "max(cpu*50%, 50m)", memory: "200Mi" };

describe("Kruise TestApplyResourcesPolicy", () => {
  it.each<[string, Fields, Fields, Fields | string]>([
    [
      "sum mode with percentage - basic: (200m + 400m) * 50% = 300m, (50m + 100m) * 50% = 75m",
      podOf([
        app("app1", { cpu: "200m", memory: "200Mi" }, { cpu: "50m", memory: "100Mi" }),
        app("app2", { cpu: "400m", memory: "400Mi" }, { cpu: "100m", memory: "200Mi" }),
      ]),
      policy("sum", ".*", { cpu: "cpu*50%", memory: "200Mi" }, { cpu: "cpu*50%", memory: "100Mi" }),
      { limits: { cpu: "300m", memory: "200Mi" }, requests: { cpu: "75m", memory: "100Mi" } },
    ],
    [
      "max mode with expression: max(max(200m, 400m) * 50%, 50m) = 200m; max(max(50m, 100m) * 50%, 50m) = 50m",
      engines,
      policy("max", "^large.engine.v.*$", halfOr50m, { cpu: "max(cpu*50%, 50m)", memory: "100Mi" }),
      { limits: { cpu: "200m", memory: "200Mi" }, requests: { cpu: "50m", memory: "100Mi" } },
    ],
    [
      "regex filter - specific container: max(sum(200m) * 50%, 50m) = 100m",
      engines,
      policy("sum", "^large.engine.v4$", halfOr50m, { cpu: "max(cpu*50%, 50m)", memory: "100Mi" }),
      { limits: { cpu: "100m", memory: "200Mi" }, requests: { cpu: "50m", memory: "100Mi" } },
    ],
    [
      "no matching containers - should error",
      podOf([app("app1", { cpu: "200m" })]),
      policy("sum", "^nonexistent$", { cpu: "cpu*50%" }),
      'no containers match the regex pattern "^nonexistent$"',
    ],
    [
      "sum mode - one container without CPU limit (unlimited): no CPU limit; 600Mi * 30% = 180Mi",
      podOf([
        app("app1", { cpu: "200m", memory: "200Mi" }, { cpu: "100m", memory: "100Mi" }),
        app("app2", { memory: "400Mi" }, { cpu: "50m", memory: "200Mi" }),
      ]),
      policy("sum", ".*", { cpu: "cpu*50%", memory: "memory*30%" }, { cpu: "cpu*30%", memory: "memory*20%" }),
      { limits: { memory: "180Mi" }, requests: { cpu: "45m", memory: "60Mi" } },
    ],
    [
      "max mode - one container without Memory limit (unlimited): no memory limit; max(200m, 400m) * 40% = 160m",
      podOf([
        app("app1", { cpu: "200m", memory: "200Mi" }, { cpu: "100m", memory: "100Mi" }),
        app("app2", { cpu: "400m" }, { cpu: "200m" }),
      ]),
      policy("max", ".*", { cpu: "cpu*40%", memory: "memory*30%" }, { cpu: "cpu*25%", memory: "memory*20%" }),
      { limits: { cpu: "160m" }, requests: { cpu: "50m", memory: "20Mi" } },
    ],
    [
      "sum mode - container without requests (treated as 0): sum(100m, 0) * 30% = 30m",
      podOf([
        app("app1", { cpu: "200m", memory: "200Mi" }, { cpu: "100m", memory: "100Mi" }),
        app("app2", { cpu: "400m", memory: "400Mi" }),
      ]),
      policy("sum", ".*", { cpu: "cpu*50%", memory: "memory*30%" }, { cpu: "cpu*30%", memory: "memory*20%" }),
      { limits: { cpu: "300m", memory: "180Mi" }, requests: { cpu: "30m", memory: "20Mi" } },
    ],
    [
      "init-container with resource policy (native sidecar): the plain init container app2 is not a target",
      podOf(
        [app("app2", { cpu: "600m", memory: "1200Mi" }, { cpu: "300m", memory: "600Mi" })],
        [
          app(
            "app1",
            { cpu: "400m", memory: "800Mi" },
            { cpu: "200m", memory: "400Mi" },
            { restartPolicy: "Always" },
          ),
          app("app2", { cpu: "400m", memory: "800Mi" }, { cpu: "200m", memory: "400Mi" }),
        ],
      ),
      policy(
        "sum",
        "^app.*$",
        { cpu: "max(cpu*30%, 50m)", memory: "max(memory*25%, 100Mi)" },
        { cpu: "cpu*20%", memory: "memory*15%" },
      ),
      { limits: { cpu: "300m", memory: "500Mi" }, requests: { cpu: "100m", memory: "150Mi" } },
    ],
  ])("%s", (_name, pod, resourcesPolicy, expected) => {
    const result = computeSidecarResources(resourcesPolicy, pod, new Set());
    if (typeof expected === "string") expect(result).toMatchObject({ ok: false, message: expected });
    else expect(result).toEqual({ ok: true, resources: expected });
  });
});

describe("Kruise TestGetTargetContainers", () => {
  it("native sidecars and containers are targets; plain init containers and the matched SidecarSets' sidecars are not", () => {
    // Each container's CPU limit is a distinct power of two, so the sum names the targets.
    const pod = podOf(
      [app("app1", { cpu: "1" }), app("app2", { cpu: "2" }), app("sidecar1", { cpu: "4" })],
      [
        app("init-sidecar1", { cpu: "8" }, {}, { restartPolicy: "Always" }),
        app("plain-init-container", { cpu: "16" }),
        app("sidecar-container", { cpu: "32" }, {}, { restartPolicy: "Always" }),
      ],
    );
    const result = computeSidecarResources(
      policy("sum", "^.*$", { cpu: "cpu" }),
      pod,
      new Set(["init-sidecar1", "sidecar1"]),
    );
    expect(result).toEqual({ ok: true, resources: { limits: { cpu: "35" } } });
  });
});

describe("Kruise TestEvaluateResourceExpression (the aggregate of one container)", () => {
  it.each<[string, string, string, "limits" | "requests", string | undefined]>([
    ["empty expression with isLimit=true should return nil (unlimited)", "", "100m", "limits", undefined],
    [
      "empty expression with isLimit=false should return 0 (Kruise's caller never sets it)",
      "",
      "100m",
      "requests",
      undefined,
    ],
    ["percentage expression - cpu*50%", "cpu*50%", "200m", "limits", "100m"],
    ["percentage expression - memory*30%", "memory*30%", "600Mi", "limits", "180Mi"],
    ["max expression - max(cpu*50%, 100m)", "max(cpu*50%, 100m)", "150m", "limits", "100m"],
    [
      "max expression with higher percentage - max(cpu*50%, 100m)",
      "max(cpu*50%, 100m)",
      "400m",
      "limits",
      "200m",
    ],
    ["addition expression - cpu + 50m", "cpu + 50m", "100m", "limits", "150m"],
    [
      "complex expression - max(memory*20% + 100Mi, 200Mi)",
      "max(memory*20% + 100Mi, 200Mi)",
      "800Mi",
      "limits",
      "260Mi",
    ],
    ["number result - constant value 500m", "500m", "100m", "limits", "500m"],
    ["memory constant - 1Gi", "1Gi", "500Mi", "limits", "1Gi"],
    ["zero aggregated value with isLimit=false (request)", "cpu*50%", "0", "requests", "0"],
    ["percentage of memory request", "memory*25%", "400Mi", "requests", "100Mi"],
    ["number cpu: a bare number is cores", "1", "2", "requests", "1"],
    ["number memory: a bare number is whole units", "memory - memory + 1", "2Mi", "requests", "1"],
  ])("%s", (_name, expr, aggregate, kind, expected) => {
    const resource = /\bmemory\b/.test(expr) || aggregate.endsWith("i") ? "memory" : "cpu";
    const pod = podOf([
      app(
        "app",
        kind === "limits" ? { [resource]: aggregate } : {},
        kind === "requests" ? { [resource]: aggregate } : {},
      ),
    ]);
    const result = computeSidecarResources(
      policy(
        "sum",
        ".*",
        ...(kind === "limits" ? [{ [resource]: expr }] : [undefined, { [resource]: expr }]),
      ),
      pod,
      new Set(),
    );
    expect(result).toEqual({
      ok: true,
      resources: expected === undefined ? {} : { [kind]: { [resource]: expected } },
    });
  });

  it("invalid expression should return error (cpu * invalid)", () => {
    const pod = podOf([app("app", { cpu: "100m" })]);
    expect(computeSidecarResources(policy("sum", ".*", { cpu: "cpu * invalid" }), pod, new Set())).toEqual({
      ok: false,
      message:
        'failed to evaluate CPU limits expression: failed to parse expression "cpu * invalid": undefined variable: invalid',
      field: "resourcesExpr.limits.cpu",
      value: "cpu * invalid",
    });
  });
});

describe("podvisor's arithmetic follows Kruise's rounding", () => {
  it.each([
    ["cpu * 0.33 on one core: the milli-value times the number, truncated", "cpu * 0.33", "1", "330m"],
    ["a quantity divided: 1Mi / 3 keeps whole millis", "cpu / 3", "1Mi", "349525333m"],
    ["a bare fractional number of cores is truncated to millis", "0.0015", "1", "1m"],
    ["max mode keeps the largest limit as written", "cpu", "1.500", "1.500"],
  ])("%s", (_name, expr, limit, expected) => {
    const pod = podOf([app("app", { cpu: limit })]);
    expect(computeSidecarResources(policy("max", ".*", { cpu: expr }), pod, new Set())).toEqual({
      ok: true,
      resources: { limits: { cpu: expected } },
    });
  });
});

describe("resources Kruise would not have decoded", () => {
  it("a target's unparseable quantity is an error naming the container and field", () => {
    const pod = podOf([app("app", { cpu: "two" })]);
    expect(computeSidecarResources(policy("sum", ".*", { cpu: "cpu" }), pod, new Set())).toEqual({
      ok: false,
      message:
        "container app: resources.limits.cpu: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    });
  });
});

describe("resourcesPolicy through injection", () => {
  const target = (containers: Fields[]) => ({
    pod: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "default", labels: { app: "web" } },
      spec: { containers },
    },
    namespace: "default",
    namespaceLabels: undefined,
  });
  const mesh = (sidecar: Fields) =>
    sidecarSet("mesh", {
      selector: { matchLabels: { app: "web" } },
      containers: [sidecar],
      updateStrategy: { type: "NotUpdate" },
    });
  const sized = {
    name: "proxy",
    image: "envoy",
    resourcesPolicy: policy("sum", "^app", { cpu: "cpu*50%" }, { memory: "memory*10%" }),
  };

  it("replaces the sidecar's resources, from the app containers only, in both hot-upgrade slots", () => {
    const hot = { ...sized, upgradeStrategy: { upgradeType: "HotUpgrade", hotUpgradeEmptyImage: "empty" } };
    const result = injectSidecarSets(
      target([app("app", { cpu: "2" }, { memory: "1Gi" }), app("proxy", { cpu: "8" })]),
      [mesh(hot)],
      { nowMs: 0, kubeVersion: [1, 34] },
    );
    expect(result.errors.map(formatFieldError)).toEqual([]);
    const containers = (result.pod?.spec as { containers: Fields[] }).containers;
    const resources = containers.filter((c) => String(c.name).startsWith("proxy-")).map((c) => c.resources);
    expect(resources).toEqual([
      { limits: { cpu: "1" }, requests: { memory: "107374182400m" } },
      { limits: { cpu: "1" }, requests: { memory: "107374182400m" } },
    ]);
    expect(containers.some((c) => "resourcesPolicy" in c)).toBe(false);
  });

  it("a policy that matches no container rejects the pod, naming the SidecarSet's field", () => {
    const result = injectSidecarSets(target([app("web", { cpu: "2" })]), [mesh(sized)], {
      nowMs: 0,
      kubeVersion: [1, 34],
    });
    expect(result.pod).toBeUndefined();
    expect(result.errors.map(formatFieldError)).toEqual([
      'sidecarset/mesh: spec.containers[0].resourcesPolicy.targetContainersNameRegex: Invalid value: "^app": no containers match the regex pattern "^app"',
    ]);
  });
});
