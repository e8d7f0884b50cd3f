import { describe, expect, it } from "vitest";
import {
  defaultFeatureGates,
  formatFeatureGates,
  parseFeatureGates,
  podAsSeenByKubelet,
} from "./feature-gates.js";
import type { Pod } from "./types.js";

describe("--feature-gates, parsed as component-base featureGate.Set does", () => {
  it.each([
    ["the empty string keeps the defaults", "", { ...defaultFeatureGates, SidecarContainers: true }],
    ["a gate turned off", "SidecarContainers=false", { ...defaultFeatureGates, SidecarContainers: false }],
    [
      "blanks around key and value are trimmed",
      " SidecarContainers = false ",
      { ...defaultFeatureGates, SidecarContainers: false },
    ],
    [
      "empty items are skipped",
      "SidecarContainers=false,,",
      { ...defaultFeatureGates, SidecarContainers: false },
    ],
    [
      "Go's ParseBool spellings: 0",
      "SidecarContainers=0",
      { ...defaultFeatureGates, SidecarContainers: false },
    ],
    [
      "Go's ParseBool spellings: T",
      "SidecarContainers=T",
      { ...defaultFeatureGates, SidecarContainers: true },
    ],
    [
      "the last value of a repeated key wins",
      "SidecarContainers=false,SidecarContainers=true",
      { ...defaultFeatureGates, SidecarContainers: true },
    ],
  ])("%s", (_name, value, gates) => {
    expect(parseFeatureGates(value)).toEqual({ ok: true, gates });
  });

  it.each([
    [
      "an unknown gate is named, as the kubelet names it",
      "SidecarContainers=false,NoSuchGate=true",
      "unrecognized feature gate: NoSuchGate (podvisor knows: SidecarContainers, SidecarsRestartableDuringPodTermination)",
    ],
    ["a key without a value", "SidecarContainers", "missing bool value for SidecarContainers"],
    [
      "a value ParseBool refuses",
      "SidecarContainers=off",
      'invalid value of SidecarContainers=off, err: strconv.ParseBool: parsing "off": invalid syntax',
    ],
    [
      "gate names are case-sensitive",
      "sidecarcontainers=false",
      "unrecognized feature gate: sidecarcontainers (podvisor knows: SidecarContainers, SidecarsRestartableDuringPodTermination)",
    ],
  ])("%s is an error", (_name, value, message) => {
    expect(parseFeatureGates(value)).toEqual({ ok: false, message });
  });

  it("prints the gates in name order, as featureGate.String", () => {
    expect(formatFeatureGates({ ...defaultFeatureGates, SidecarContainers: false })).toBe(
      "SidecarContainers=false,SidecarsRestartableDuringPodTermination=false",
    );
  });
});

describe("podAsSeenByKubelet: the pod a kubelet with these gates runs", () => {
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web" },
    spec: {
      initContainers: [
        { name: "proxy", restartPolicy: "Always" },
        {
          name: "setup",
          restartPolicy: "Never",
          restartPolicyRules: [{ action: "Restart", exitCodes: { operator: "In", values: [42] } }],
        },
      ],
      containers: [{ name: "app", restartPolicy: "Never" }],
    },
  };

  it("SidecarContainers on (the default): the pod itself", () => {
    expect(podAsSeenByKubelet(pod, defaultFeatureGates)).toBe(pod);
  });

  it("SidecarContainers off: init containers lose restartPolicy and its rules (a v1.27 kubelet never reads them); regular containers keep theirs", () => {
    const seen = podAsSeenByKubelet(pod, { ...defaultFeatureGates, SidecarContainers: false });
    expect(seen.spec.initContainers).toEqual([{ name: "proxy" }, { name: "setup" }]);
    expect(seen.spec.containers).toEqual([{ name: "app", restartPolicy: "Never" }]);
    expect(pod.spec.initContainers?.[0]?.restartPolicy).toBe("Always");
  });

  it("SidecarContainers off: a sidecar's probes go with its restartPolicy (a v1.27 kubelet probes regular containers only)", () => {
    const probe = { exec: { command: ["true"] } };
    const probed: Pod = {
      ...pod,
      spec: {
        initContainers: [
          { name: "proxy", restartPolicy: "Always", startupProbe: probe, readinessProbe: probe },
        ],
        containers: [{ name: "app", readinessProbe: probe }],
      },
    };
    const seen = podAsSeenByKubelet(probed, { ...defaultFeatureGates, SidecarContainers: false });
    expect(seen.spec.initContainers).toEqual([{ name: "proxy" }]);
    expect(seen.spec.containers).toEqual([{ name: "app", readinessProbe: probe }]);
  });

  it("SidecarContainers off with nothing to drop: the pod itself", () => {
    const plain: Pod = {
      ...pod,
      spec: { containers: pod.spec.containers, initContainers: [{ name: "setup" }] },
    };
    expect(podAsSeenByKubelet(plain, { ...defaultFeatureGates, SidecarContainers: false })).toBe(plain);
  });
});
