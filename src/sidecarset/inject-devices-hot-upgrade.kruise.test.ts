/**
 * OpenKruise 1.9's injection tests for volume devices and hot upgrade
 * (pkg/webhook/pod/mutating/sidecarset_test.go, sidecarset_hotupgrade_test.go), restated against
 * podvisor's pure injection. Each `it` names the Go test (and case) it restates. Hashes are
 * podvisor's own computation of the SidecarSet's revision, where Kruise's tests read a made-up
 * value from the SidecarSet's annotation.
 */
import { describe, expect, it } from "vitest";
import type { SidecarSet } from "../api/index.js";
import type { Fields } from "../api/index.js";
import { injectSidecarSets, type InjectionResult } from "./inject-pod.js";
import { parseUpgradeSpecs } from "./injection-annotations.js";
import { sidecarSetHash, sidecarSetHashWithoutImage } from "./sidecarset-hash.js";
import {
  kruisePod1,
  kruisePodWithStaragent,
  kruiseSidecarSet1,
  kruiseSidecarSetWithStaragentInit,
  sidecarSet,
} from "./testing/fixtures.js";

const nowMs = Date.UTC(2026, 10, 22, 17, 0, 0);
const context = { nowMs, kubeVersion: [1, 34] as const };

function inject(pod: Fields, sidecarSets: SidecarSet[]): InjectionResult {
  return injectSidecarSets({ pod, namespace: "default", namespaceLabels: undefined }, sidecarSets, context);
}

type Container = { name: string; image?: string; env?: Fields[]; volumeDevices?: Fields[] };
type PodShape = {
  metadata: { annotations: Record<string, string> };
  spec: { containers: Container[]; initContainers?: Container[]; volumes?: { name: string }[] };
};
const podOf = (result: InjectionResult) => {
  expect(result.errors).toEqual([]);
  return result.pod as unknown as PodShape;
};
const names = (list: { name: string }[] | undefined) => (list ?? []).map((c) => c.name);

/** podWithStaragent whose app uses two block devices. */
function podWithDevices(): Fields {
  const pod = kruisePodWithStaragent() as PodShape & Fields;
  pod.spec.containers[0]!.volumeDevices = [
    { name: "origin-pvc-1", devicePath: "/origin-1" },
    { name: "origin-pvc-share", devicePath: "/share" },
  ];
  pod.spec.volumes!.push({ name: "origin-pvc-1" }, { name: "origin-pvc-share" });
  return pod;
}

describe("Kruise TestPodVolumeDevicesAppend", () => {
  const podVolumes = ["volume-a", "volume-b", "volume-staragent", "origin-pvc-1", "origin-pvc-share"];
  const disk = (path: string) => ({ name: "disk0", devicePath: path });
  const shared = [
    { name: "origin-pvc-1", devicePath: "/origin-1" },
    { name: "origin-pvc-share", devicePath: "/share" },
  ];
  it("append normal volumeDevices, ShareVolumeDevicePolicy=disable: the device's volume is added, the app's devices are not shared", () => {
    const set = kruiseSidecarSetWithStaragentInit();
    const [init, container] = [set.spec.initContainers![0]!, set.spec.containers![0]!];
    init.volumeDevices = [disk("/dev/nvme0")];
    delete init.volumeMounts;
    init.shareVolumePolicy = {};
    container.volumeDevices = [disk("/dev/nvme1")];
    delete container.volumeMounts;
    container.shareVolumePolicy = {};
    set.spec.volumes = [{ name: "disk0" }];
    const pod = podOf(inject(podWithDevices(), [set]));
    expect(pod.spec.initContainers![0]!.volumeDevices).toEqual([disk("/dev/nvme0")]);
    expect(pod.spec.containers[1]!.volumeDevices).toEqual([disk("/dev/nvme1")]);
    expect(names(pod.spec.volumes)).toEqual([...podVolumes, "disk0"]);
  });

  it("append normal volumeDevices, ShareVolumeDevicePolicy=enable: the app's devices follow the sidecar's own", () => {
    const set = kruiseSidecarSetWithStaragentInit();
    const [init, container] = [set.spec.initContainers![0]!, set.spec.containers![0]!];
    init.volumeDevices = [disk("/dev/nvme0")];
    init.shareVolumePolicy = {};
    init.shareVolumeDevicePolicy = { type: "enabled" };
    container.volumeDevices = [disk("/dev/nvme1")];
    delete container.volumeMounts;
    container.shareVolumePolicy = {};
    container.shareVolumeDevicePolicy = { type: "enabled" };
    set.spec.volumes = [
      { name: "volume-3" },
      { name: "volume-4" },
      { name: "volume-staragent" },
      { name: "disk0" },
    ];
    const pod = podOf(inject(podWithDevices(), [set]));
    expect(pod.spec.initContainers![0]!.volumeDevices).toEqual([disk("/dev/nvme0"), ...shared]);
    expect(pod.spec.containers[1]!.volumeDevices).toEqual([disk("/dev/nvme1"), ...shared]);
    expect(names(pod.spec.volumes)).toEqual([...podVolumes, "volume-3", "volume-4", "disk0"]);
  });

  it("a shared device whose path the sidecar mounts is skipped (util.MergeVolumeDevices)", () => {
    const set = kruiseSidecarSetWithStaragentInit();
    const container = set.spec.containers![0]!;
    container.volumeMounts = [{ name: "volume-1", mountPath: "/share" }];
    container.shareVolumePolicy = {};
    container.shareVolumeDevicePolicy = { type: "enabled" };
    const pod = podOf(inject(podWithDevices(), [set]));
    expect(pod.spec.containers[1]!.volumeDevices).toEqual([shared[0]]);
  });
});

describe("Kruise TestBuildSidecarVolumes_WithDifferentVolumeScenarios", () => {
  it("missing volume in sidecarSet: a mount or device naming no SidecarSet volume adds none", () => {
    const set = kruiseSidecarSetWithStaragentInit();
    set.spec.volumes = [{ name: "volume-a1" }, { name: "volume-b2" }, { name: "volume-c3" }];
    set.spec.initContainers![0]!.volumeDevices = [{ name: "disk0", devicePath: "/dev/nvme0" }];
    set.spec.containers![0]!.volumeDevices = [{ name: "disk0", devicePath: "/dev/nvme1" }];
    expect(names(podOf(inject(kruisePod1(), [set])).spec.volumes)).toEqual(["volume-a", "volume-b"]);
  });

  it("existing volumes in sidecarSet: init containers' mounts then devices, then the containers'", () => {
    const set = kruiseSidecarSetWithStaragentInit();
    const [init, container] = [set.spec.initContainers![0]!, set.spec.containers![0]!];
    init.volumeMounts = [
      { name: "volume-1", mountPath: "/a/b" },
      { name: "volume-2", mountPath: "/c/d" },
    ];
    container.volumeMounts = [
      { name: "volume-3", mountPath: "/a/b" },
      { name: "volume-4", mountPath: "/c/d" },
    ];
    init.volumeDevices = [{ name: "disk0", devicePath: "/dev/nvme0" }];
    container.volumeDevices = [{ name: "disk1", devicePath: "/dev/nvme1" }];
    set.spec.volumes = [
      { name: "volume-1" },
      { name: "volume-2" },
      { name: "volume-3" },
      { name: "volume-4" },
      { name: "disk0" },
      { name: "disk1" },
    ];
    expect(names(podOf(inject(kruisePod1(), [set])).spec.volumes)).toEqual([
      "volume-a",
      "volume-b",
      "volume-1",
      "volume-2",
      "disk0",
      "volume-3",
      "volume-4",
      "disk1",
    ]);
  });
});

const versionEnv = (slot: string) => [
  {
    name: "SIDECARSET_VERSION",
    valueFrom: { fieldRef: { fieldPath: `metadata.annotations['version.sidecarset.kruise.io/${slot}']` } },
  },
  {
    name: "SIDECARSET_VERSION_ALT",
    valueFrom: { fieldRef: { fieldPath: `metadata.annotations['versionalt.sidecarset.kruise.io/${slot}']` } },
  },
];

describe("Kruise hot upgrade at injection", () => {
  it("TestInjectHotUpgradeSidecar: a HotUpgrade container goes in as <name>-1 (its image) and <name>-2 (hotUpgradeEmptyImage), with version env and annotations", () => {
    const set = kruiseSidecarSet1();
    set.spec.containers![0]!.upgradeStrategy = {
      upgradeType: "HotUpgrade",
      hotUpgradeEmptyImage: "busy:hotupgrade-empty",
    };
    const pod = podOf(inject(kruisePod1(), [set]));
    expect(names(pod.spec.containers)).toEqual(["dns-f-1", "dns-f-2", "nginx", "log-agent"]);
    expect(pod.spec.containers[0]!.image).toBe("dns-f-image:1.0");
    expect(pod.spec.containers[1]!.image).toBe("busy:hotupgrade-empty");
    for (const slot of ["dns-f-1", "dns-f-2"])
      expect(pod.spec.containers.find((c) => c.name === slot)!.env).toEqual([
        { name: "IS_INJECTED", value: "true" },
        ...versionEnv(slot),
      ]);
    const annotations = pod.metadata.annotations;
    const spec = set.spec as unknown as Fields;
    const record = parseUpgradeSpecs(annotations["kruise.io/sidecarset-hash"])!.get("sidecarset1")!;
    expect(record.hash).toBe(sidecarSetHash(spec));
    expect(record.sidecarList).toEqual(["dns-f", "log-agent"]);
    expect(
      parseUpgradeSpecs(annotations["kruise.io/sidecarset-hash-without-image"])!.get("sidecarset1")!.hash,
    ).toBe(sidecarSetHashWithoutImage(spec));
    expect(annotations["kruise.io/sidecarset-injected-list"]).toBe("sidecarset1");
    expect(annotations["kruise.io/sidecarset-working-hotupgrade-container"]).toBe('{"dns-f":"dns-f-1"}');
    expect(annotations["version.sidecarset.kruise.io/dns-f-1"]).toBe("1");
    expect(annotations["version.sidecarset.kruise.io/dns-f-2"]).toBe("0");
  });

  it("TestInjectInitContainer inject initContainers-1: a HotUpgrade native init sidecar goes in as two native slots; the annotations are exactly Kruise's", () => {
    // Kruise's sidecarSetWithInitContainer: dns-e mounts volume-1 (without a mountPath, which
    // SidecarSet validation would refuse; injection itself does not check).
    const base = (name: string, init: Fields) =>
      sidecarSet(name, {
        selector: { matchLabels: { app: "suxing-test" } },
        initContainers: [
          {
            image: "dns-e-image:1.0",
            volumeMounts: [{ name: "volume-1" }],
            transferEnv: [{ sourceContainerName: "nginx", envName: "hello2" }],
            restartPolicy: "Always",
            ...init,
          },
        ],
        volumes: [{ name: "volume-1" }],
      });
    const set1 = base("sidecarset-1", { name: "init-1" });
    const set2 = base("sidecarset-2", {
      name: "hot-init",
      upgradeStrategy: { upgradeType: "HotUpgrade", hotUpgradeEmptyImage: "empty:v1" },
    });
    const pod = podOf(inject(kruisePod1(), [set1, set2]));
    expect(pod.spec.initContainers).toHaveLength(4);
    expect(names(pod.spec.initContainers)).toEqual(["init-0", "hot-init-1", "hot-init-2", "init-1"]);
    expect(pod.spec.initContainers![2]!.image).toBe("empty:v1");
    expect(names(pod.spec.volumes)).toEqual(["volume-a", "volume-b", "volume-1"]);
    const timestamp = "2026-11-22T17:00:00Z";
    const record = (set: SidecarSet, hash: string, list: string) => ({
      updateTimestamp: timestamp,
      hash,
      sidecarSetName: set.metadata.name,
      sidecarList: [list],
    });
    const spec = (set: SidecarSet) => set.spec as unknown as Fields;
    expect(pod.metadata.annotations).toEqual({
      "kruise.io/sidecarset-hash": JSON.stringify({
        "sidecarset-1": record(set1, sidecarSetHash(spec(set1)), "init-1"),
        "sidecarset-2": record(set2, sidecarSetHash(spec(set2)), "hot-init"),
      }),
      "kruise.io/sidecarset-hash-without-image": JSON.stringify({
        "sidecarset-1": record(set1, sidecarSetHashWithoutImage(spec(set1)), "init-1"),
        "sidecarset-2": record(set2, sidecarSetHashWithoutImage(spec(set2)), "hot-init"),
      }),
      "kruise.io/sidecarset-injected-list": "sidecarset-1,sidecarset-2",
      "kruise.io/sidecarset-working-hotupgrade-container": '{"hot-init":"hot-init-1"}',
      "version.sidecarset.kruise.io/hot-init-1": "1",
      "versionalt.sidecarset.kruise.io/hot-init-1": "0",
      "version.sidecarset.kruise.io/hot-init-2": "0",
      "versionalt.sidecarset.kruise.io/hot-init-2": "1",
    });
  });

  it("a HotUpgrade plain init container (no restartPolicy) goes in once, as Kruise only splits native sidecars", () => {
    const set = kruiseSidecarSet1();
    set.spec.initContainers![0]!.upgradeStrategy = { upgradeType: "HotUpgrade", hotUpgradeEmptyImage: "e" };
    const pod = podOf(inject(kruisePod1(), [set]));
    expect(names(pod.spec.initContainers)).toEqual(["init-0", "init-1", "init-2"]);
    expect(pod.metadata.annotations["kruise.io/sidecarset-working-hotupgrade-container"]).toBeUndefined();
  });

  it("the pod's working-slot map is kept and extended, keys sorted as Go marshals a map", () => {
    const set = kruiseSidecarSet1();
    set.spec.containers![0]!.upgradeStrategy = { upgradeType: "HotUpgrade", hotUpgradeEmptyImage: "e" };
    const input = kruisePod1();
    (input.metadata as Fields).annotations = {
      "kruise.io/sidecarset-working-hotupgrade-container": '{"zz-mesh":"zz-mesh-2"}',
    };
    const annotations = podOf(inject(input, [set])).metadata.annotations;
    expect(annotations["kruise.io/sidecarset-working-hotupgrade-container"]).toBe(
      '{"dns-f":"dns-f-1","zz-mesh":"zz-mesh-2"}',
    );
  });
});
