import { describe, expect, it } from "vitest";
import { formatFieldError } from "../field-error.js";
import type { Fields } from "../validation/shape.js";
import { defaultSidecarSet } from "./sidecarset-defaults.js";
import { validateSidecarSet } from "./validate-sidecarset.js";

const context = { nowMs: 0, ids: () => "uid" };

function problems(
  spec: Fields,
  metadata: Fields = { name: "mesh" },
  apiVersion = "apps.kruise.io/v1alpha1",
): string[] {
  const object: Fields = { apiVersion, kind: "SidecarSet", metadata, spec };
  defaultSidecarSet(object, context);
  return validateSidecarSet(object).map(formatFieldError);
}

const selector = { matchLabels: { app: "web" } };
const proxy = { name: "proxy", image: "envoy" };

describe("SidecarSet defaults", () => {
  it("as Kruise's webhook sets them", () => {
    const object: Fields = {
      apiVersion: "apps.kruise.io/v1alpha1",
      kind: "SidecarSet",
      metadata: { name: "mesh" },
      spec: {
        selector,
        containers: [proxy],
        initContainers: [{ name: "i", image: "busybox" }],
        volumes: [{ name: "v" }],
        patchPodMetadata: [{ annotations: { a: "b" } }],
      },
    };
    defaultSidecarSet(object, context);
    expect(object.spec).toMatchObject({
      updateStrategy: { type: "RollingUpdate", maxUnavailable: 1, partition: 0 },
      revisionHistoryLimit: 10,
      containers: [
        {
          podInjectPolicy: "BeforeAppContainer",
          upgradeStrategy: { upgradeType: "ColdUpgrade" },
          shareVolumePolicy: { type: "disabled" },
          imagePullPolicy: "Always",
          terminationMessagePath: "/dev/termination-log",
        },
      ],
      initContainers: [{ podInjectPolicy: "AfterAppContainer" }],
      volumes: [{ name: "v", emptyDir: {} }],
      patchPodMetadata: [{ patchPolicy: "Retain" }],
    });
  });
});

describe("SidecarSet validation: every problem, with its field", () => {
  it('refuses maxUnavailable "" as Kruise does (a String IntOrString, kept by the defaults, fails IsValidPercent) instead of taking it for the default 1', () => {
    const strategy = { type: "RollingUpdate", maxUnavailable: "" };
    expect(problems({ selector, containers: [proxy], updateStrategy: strategy })).toEqual([
      expect.stringMatching(
        /^spec\.updateStrategy\.maxUnavailable: Invalid value: "": a valid percent string must be/,
      ),
    ]);
  });
  it("accepts a minimal SidecarSet", () => {
    expect(problems({ selector, containers: [proxy] })).toEqual([]);
  });
  it("accepts HotUpgrade, as Kruise does, for containers and native init sidecars (which need NotUpdate)", () => {
    const hot = { upgradeType: "HotUpgrade", hotUpgradeEmptyImage: "busybox:empty" };
    expect(
      problems({
        selector,
        containers: [{ ...proxy, upgradeStrategy: hot }],
        initContainers: [{ name: "agent", image: "agent", restartPolicy: "Always", upgradeStrategy: hot }],
        updateStrategy: { type: "NotUpdate" },
      }),
    ).toEqual([]);
  });
  it("accepts a pinned revision whose policy is Partial (its ControllerRevision is checked against the input)", () => {
    expect(
      problems({
        selector,
        containers: [proxy],
        injectionStrategy: { revision: { customVersion: "v1", policy: "Partial" } },
      }),
    ).toEqual([]);
  });
  it.each<[string, Fields, string[]]>([
    [
      "an unsupported podInjectPolicy",
      { selector, containers: [{ ...proxy, podInjectPolicy: "Middle" }] },
      [
        'spec.containers[0].podInjectPolicy: Unsupported value: "Middle": supported values: "BeforeAppContainer", "AfterAppContainer"',
      ],
    ],
    [
      "an unsupported shareVolumePolicy",
      { selector, containers: [{ ...proxy, shareVolumePolicy: { type: "on" } }] },
      [
        'spec.containers[0].shareVolumePolicy.type: Unsupported value: "on": supported values: "enabled", "disabled"',
      ],
    ],
    [
      "no selector",
      { containers: [proxy] },
      ["spec.selector: Required value: no selector defined for SidecarSet"],
    ],
    [
      "an empty selector",
      { selector: {}, containers: [proxy] },
      ["spec.selector: Invalid value: {}: empty selector is not valid for sidecarset."],
    ],
    [
      "a bad selector operator",
      { selector: { matchExpressions: [{ key: "app", operator: "Has" }] }, containers: [proxy] },
      [
        'spec.selector.matchExpressions[0].operator: Unsupported value: "Has": supported values: "In", "NotIn", "Exists", "DoesNotExist"',
      ],
    ],
    [
      "no containers at all",
      { selector },
      ["spec: Required value: no initContainer or container defined for SidecarSet"],
    ],
    [
      "a sidecar mounting a volume the SidecarSet lacks",
      { selector, containers: [{ ...proxy, volumeMounts: [{ name: "logs", mountPath: "/l" }] }] },
      ['spec.containers[0].volumeMounts[0].name: Not found: "logs"'],
    ],
    [
      "namespace and namespaceSelector together: namespace wins, as Kruise 1.9 converts it, so the selector is not checked",
      { selector, namespace: "a", namespaceSelector: { matchLabels: {} }, containers: [proxy] },
      [],
    ],
    [
      "a native init sidecar under RollingUpdate: accepted, unlike Kruise (podvisor upgrades it in place)",
      { selector, initContainers: [{ ...proxy, restartPolicy: "Always" }] },
      [],
    ],
    [
      "a regular sidecar with a restartPolicy",
      { selector, containers: [{ ...proxy, restartPolicy: "Always" }] },
      ["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"],
    ],
    [
      "an injection revision with neither revisionName nor customVersion, and an unknown policy (Kruise validateSidecarSetInjectionStrategy)",
      { selector, containers: [proxy], injectionStrategy: { revision: { policy: "Sometimes" } } },
      [
        'spec.injectionStrategy.revision: Invalid value: {"policy":"Sometimes"}: revisionName and customVersion cannot be empty simultaneously',
        'spec.injectionStrategy.revision.policy: Unsupported value: "Sometimes": supported values: "Always", "Partial"',
      ],
    ],
    [
      "a resourcesPolicy is checked where it stands, each problem with its field (Kruise validateResourcesPolicy)",
      {
        selector,
        containers: [
          {
            ...proxy,
            resourcesPolicy: { targetContainersMode: "sum", resourcesExpr: { limits: { cpu: "cpu*" } } },
          },
        ],
        initContainers: [
          {
            name: "init",
            image: "busybox",
            resourcesPolicy: {
              targetContainersMode: "max",
              resourcesExpr: { requests: { memory: "memory" } },
            },
          },
        ],
      },
      [
        'spec.containers[0].resourcesPolicy.resourcesExpr.limits.cpu: Invalid value: "cpu*": invalid expression: parse error: syntax error at line 1, col 5',
        'spec.initContainers[0].resourcesPolicy: Invalid value: {"targetContainersMode":"max","resourcesExpr":{"requests":{"memory":"memory"}},"targetContainersNameRegex":".*"}: resourcesPolicy is only supported for containers with RestartPolicy Always',
      ],
    ],
    [
      "Kruise TestValidateSidecarSet wrong-updateStrategy: a scatter term twice (and both priorities)",
      {
        selector,
        containers: [proxy],
        updateStrategy: {
          priorityStrategy: {
            weightPriority: [{ weight: 50, matchSelector: selector }],
            orderPriority: [{ orderedKey: "k" }],
          },
          scatterStrategy: [
            { key: "zone", value: "a" },
            { key: "zone", value: "a" },
          ],
        },
      },
      [
        "spec.updateStrategy.priorityStrategy: Required value: only one of weightPriority and orderPriority can be used",
        "spec.updateStrategy.scatterStrategy: Required value: duplicated key=zone value=a",
      ],
    ],
    [
      "Kruise TestValidateSidecarSet wrong-volumeDevice-volumes: a device naming no volume of the SidecarSet",
      { selector, containers: [{ ...proxy, volumeDevices: [{ name: "disk0", devicePath: "/dev/nvme1" }] }] },
      ['spec.containers[0].volumeDevices[0].name: Not found: "disk0"'],
    ],
    [
      "Kruise TestValidateSidecarSet right-volumeDevice-volumes: a device on a PersistentVolumeClaim",
      {
        selector,
        containers: [{ ...proxy, volumeDevices: [{ name: "disk0", devicePath: "/dev/nvme1" }] }],
        volumes: [{ name: "disk0", persistentVolumeClaim: { claimName: "pvc-0" } }],
      },
      [],
    ],
    [
      "Kruise TestValidateSidecarSet volumeDevice-volumeMount-path-conflict",
      {
        selector,
        containers: [
          {
            ...proxy,
            volumeDevices: [{ name: "disk0", devicePath: "/home/admin/log" }],
            volumeMounts: [{ name: "log", mountPath: "/home/admin/log" }],
          },
        ],
        volumes: [
          { name: "disk0", persistentVolumeClaim: { claimName: "pvc-0" } },
          { name: "log", emptyDir: {} },
        ],
      },
      [
        'spec.containers[0].volumeDevices[0].devicePath: Invalid value: "/home/admin/log": must not already exist as a path in volumeMounts',
      ],
    ],
    [
      "partition with an update selector",
      { selector, containers: [proxy], updateStrategy: { partition: 2, selector } },
      [
        "spec.updateStrategy: Invalid value: " +
          JSON.stringify({ partition: 2, selector, type: "RollingUpdate", maxUnavailable: 1 }) +
          ": Partition and Selector cannot be used together",
      ],
    ],
    [
      "a patchPodMetadata without annotations, and a bad policy",
      { selector, containers: [proxy], patchPodMetadata: [{ patchPolicy: "Merge" }] },
      [
        "spec.patchPodMetadata[0].annotations: Required value: no annotations defined for SidecarSet",
        'spec.patchPodMetadata[0].patchPolicy: Unsupported value: "Merge": supported values: "Retain", "Overwrite", "MergePatchJson"',
      ],
    ],
    [
      "a transferEnv fieldRef podvisor cannot resolve",
      {
        selector,
        containers: [
          {
            ...proxy,
            transferEnv: [{ sourceContainerNameFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
          },
        ],
      },
      [
        'spec.containers[0].transferEnv[0].sourceContainerNameFrom.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name"',
      ],
    ],
  ])("%s", (_, spec, expected) => {
    expect(problems(spec)).toEqual(expected);
  });
  it("names follow Kruise's rule; a namespace is cleared, as for any cluster-scoped kind", () => {
    expect(problems({ selector, containers: [proxy] }, { name: "mesh_1", namespace: "default" })).toEqual([
      "metadata.name: Invalid value: \"mesh_1\": sidecarset name must consist of alphanumeric characters or '-' (e.g. 'example-com', regex used for validation is '^[a-zA-Z0-9\\-]+$')",
    ]);
  });
  it("an unknown podvisor.dev/sidecar-mode", () => {
    expect(
      problems(
        { selector, containers: [proxy] },
        { name: "m", annotations: { "podvisor.dev/sidecar-mode": "both" } },
      ),
    ).toEqual([
      'metadata.annotations[podvisor.dev/sidecar-mode]: Unsupported value: "both": supported values: "native", "legacy", "auto", "universal", "ordered-legacy"',
    ]);
  });
  it("v1beta1 (Kruise 1.9) has spec.namespaceSelector and no spec.namespace", () => {
    const beta = (spec: Fields) =>
      problems({ selector, containers: [proxy], ...spec }, { name: "m" }, "apps.kruise.io/v1beta1");
    expect(beta({ namespaceSelector: { matchLabels: {} } })).toEqual([
      'spec.namespaceSelector: Invalid value: {"matchLabels":{}}: empty selector is not valid for sidecarset.',
    ]);
    expect(beta({ namespace: "shop" })).toEqual([
      "spec.namespace: Forbidden: not a field of apps.kruise.io/v1beta1 SidecarSet: use spec.namespaceSelector (matchLabels kubernetes.io/metadata.name: <namespace> for one namespace)",
    ]);
  });
});
