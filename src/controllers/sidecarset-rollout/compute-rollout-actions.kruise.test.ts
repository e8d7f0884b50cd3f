/**
 * Kruise's processor tests, restated by name (pkg/controller/sidecarset/sidecarset_processor_test.go,
 * sidecarset_hotupgrade_test.go): each step reconciles once, then the kubelet's part is played by
 * hand (the new image and image ID reported), exactly where Kruise's test handlers play it.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { reconcile, statusCounts } from "./testing/reconcile.js";
import type { Cluster } from "./testing/reconcile.js";
import {
  factoryPodsCommon,
  factorySidecarSet,
  hotUpgradeEmptyImage,
  hotUpgradeEmptyImageID,
  podDemo,
  podHotUpgrade,
  sidecarSetDemo,
  sidecarSetHotUpgrade,
  testImageV2ImageID,
} from "./testing/kruise-fixtures.js";

const image = (pod: Pod | undefined, container: string) =>
  pod?.spec.containers.find((c) => c.name === container)?.image;
const reportNewImage = (pod: Pod, container: string, newImage: string, imageId: string) => {
  const status = pod.status!.containerStatuses!.find((s) => s.name === container)!;
  status.image = newImage;
  status.imageID = imageId;
};

describe("TestUpdateColdUpgradeSidecar", () => {
  const pod1 = podDemo("test-pod-1");
  pod1.spec.containers[1]!.env = [{ name: "nginx-env", value: "nginx-value" }];
  pod1.spec.containers[1]!.volumeMounts = [{ name: "", mountPath: "/data/nginx" }];
  const pod2 = structuredClone(pod1);
  pod2.metadata.name = "test-pod-2";
  const cluster: Cluster = { sidecarSet: sidecarSetDemo(), pods: [pod1, pod2] };
  const expectUpdatedInPlace = (pod: Pod | undefined) => {
    expect(image(pod, "test-sidecar")).toBe("test-image:v2");
    expect(pod?.spec.containers[1]?.env).toEqual([{ name: "nginx-env", value: "nginx-value" }]);
    expect(pod?.spec.containers[1]?.volumeMounts).toEqual([{ name: "", mountPath: "/data/nginx" }]);
    expect(pod?.metadata.annotations?.["kruise.io/sidecarset-injected-list"]).toBe("test-sidecarset");
  };
  const steps: { name: string; status: number[]; check: () => void; kubelet?: () => void }[] = [
    {
      name: "sidecarset update pod test-pod-1",
      status: [2, 0, 2, 0],
      check: () => {
        expectUpdatedInPlace(cluster.pods[0]);
        expect(image(cluster.pods[1], "test-sidecar")).toBe("test-image:v1");
      },
    },
    {
      name: "pod test-pod-1 is upgrading",
      status: [2, 1, 1, 0],
      check: () => expect(image(cluster.pods[1], "test-sidecar")).toBe("test-image:v1"),
      kubelet: () => reportNewImage(cluster.pods[0]!, "test-sidecar", "test-image:v2", testImageV2ImageID),
    },
    {
      name: "pod test-pod-1 upgrade complete, and start update pod test-pod-2",
      status: [2, 1, 2, 1],
      check: () => expectUpdatedInPlace(cluster.pods[1]),
    },
    {
      name: "pod test-pod-2 is upgrading",
      status: [2, 2, 1, 1],
      check: () => expectUpdatedInPlace(cluster.pods[1]),
      kubelet: () => reportNewImage(cluster.pods[1]!, "test-sidecar", "test-image:v2", testImageV2ImageID),
    },
    {
      name: "pod test-pod-2 upgrade complete",
      status: [2, 2, 2, 2],
      check: () => expectUpdatedInPlace(cluster.pods[0]),
    },
  ];
  // The steps build on each other, as Kruise's do.
  it.each(steps)("$name", ({ status, check, kubelet }) => {
    expect(statusCounts(reconcile(cluster))).toEqual(status);
    check();
    kubelet?.();
  });
});

describe("TestUpdateHotUpgradeSidecar", () => {
  const cluster: Cluster = { sidecarSet: sidecarSetHotUpgrade(), pods: [podHotUpgrade()] };
  const slots = () => [image(cluster.pods[0], "test-sidecar-1"), image(cluster.pods[0], "test-sidecar-2")];
  const steps: { name: string; status: number[]; images: string[]; kubelet?: () => void }[] = [
    {
      name: "sidecarset hot update test-sidecar container test-image:v2",
      status: [1, 0, 1, 0],
      images: ["test-image:v1", "test-image:v2"],
    },
    {
      name: "test-sidecar-2 container is upgrading",
      status: [1, 1, 0, 0],
      images: ["test-image:v1", "test-image:v2"],
      kubelet: () => reportNewImage(cluster.pods[0]!, "test-sidecar-2", "test-image:v2", testImageV2ImageID),
    },
    {
      name: "test-sidecar-2 container upgrade complete, and reset test-sidecar-1 empty image",
      status: [1, 1, 0, 0],
      images: [hotUpgradeEmptyImage, "test-image:v2"],
      kubelet: () =>
        reportNewImage(cluster.pods[0]!, "test-sidecar-1", hotUpgradeEmptyImage, hotUpgradeEmptyImageID),
    },
    {
      name: "sidecarset hot update test-sidecar container test-image:v2 complete",
      status: [1, 1, 1, 1],
      images: [hotUpgradeEmptyImage, "test-image:v2"],
    },
  ];
  it.each(steps)("$name", ({ status, images, kubelet }) => {
    expect(statusCounts(reconcile(cluster))).toEqual(status);
    expect(slots()).toEqual(images);
    kubelet?.();
  });

  it("records the working slot and the slots' versions as Kruise does", () => {
    const fresh: Cluster = { sidecarSet: sidecarSetHotUpgrade(), pods: [podHotUpgrade()] };
    reconcile(fresh);
    const annotations = fresh.pods[0]!.metadata.annotations!;
    expect(annotations["kruise.io/sidecarset-working-hotupgrade-container"]).toBe(
      `{"test-sidecar":"test-sidecar-2"}`,
    );
    expect(annotations["version.sidecarset.kruise.io/test-sidecar-2"]).toBe("22");
    expect(annotations["versionalt.sidecarset.kruise.io/test-sidecar-2"]).toBe("1");
    expect(annotations["versionalt.sidecarset.kruise.io/test-sidecar-1"]).toBe("22");
  });
});

describe("TestCanUpgradePods", () => {
  it("updates the 50 pods whose sidecars differ only in images and reports the other 50", () => {
    const sidecarSet = factorySidecarSet();
    sidecarSet.metadata.annotations!["kruise.io/sidecarset-hash-without-image"] = "without-bbb";
    sidecarSet.spec.updateStrategy = { maxUnavailable: "50%" };
    const pods = factoryPodsCommon(100, 0, sidecarSet);
    pods.forEach((pod, i) => {
      const annotations = pod.metadata.annotations!;
      annotations["kruise.io/sidecarset-injected-list"] = "test-sidecarset";
      annotations["kruise.io/sidecarset-hash-without-image"] =
        `{"test-sidecarset":{"hash":"${i < 50 ? "without-aaa" : "without-bbb"}"}}`;
    });
    const cluster: Cluster = { sidecarSet, pods };
    const actions = reconcile(cluster);
    cluster.pods.forEach((pod, i) =>
      expect(image(pod, "test-sidecar")).toBe(i < 50 ? "test-image:v1" : "test-image:v2"),
    );
    expect(actions.podConditions).toHaveLength(50);
    expect(actions.podConditions[0]?.condition).toMatchObject({
      type: "SidecarSetUpgradable",
      status: "False",
      reason: "UpdateImmutableField",
      message: `{"test-sidecarset":false}`,
    });
    expect(actions.events).toEqual([
      {
        type: "Normal",
        reason: "NotUpgradablePods",
        message:
          "SidecarSet in-place update detected 50 not upgradable pod(s) in this round, will skip them.",
        involvedObject: { kind: "SidecarSet", name: "test-sidecarset" },
      },
    ]);
  });
});

describe("TestScopeNamespacePods", () => {
  it("manages only the pods in namespaces its namespaceSelector selects", () => {
    const sidecarSet = sidecarSetDemo();
    sidecarSet.spec.namespaceSelector = { matchLabels: { test: "true" } };
    const pods = Array.from({ length: 100 }, (_, i) => {
      const pod = podDemo(`test-pod-1-${i}`);
      if (i >= 50) pod.metadata.namespace = "test-ns";
      return pod;
    });
    const namespaces = new Map([
      ["test-ns", { test: "true" }],
      ["default", {}],
    ]);
    const actions = reconcile({ sidecarSet, pods, namespaces });
    expect(actions.status.matchedPods).toBe(50);
  });
});
