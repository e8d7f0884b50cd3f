/**
 * OpenKruise's own injection tests (pkg/webhook/pod/mutating/sidecarset_test.go), restated
 * against podvisor's pure injection. Each `it` names the Go test it restates.
 */
import { describe, expect, it } from "vitest";
import type { SidecarSet } from "../api/sidecarset/index.js";
import type { Fields } from "../api/index.js";
import { injectSidecarSets, type InjectionResult } from "./inject-pod.js";
import { parseUpgradeSpecs } from "./injection-annotations.js";
import { sidecarSetHash } from "./sidecarset-hash.js";
import {
  kruisePod1,
  kruisePodWithStaragent,
  kruiseSidecarSet1,
  kruiseSidecarSet3,
  kruiseSidecarSetWithStaragent,
  kruiseSidecarSetWithTransferEnv,
  sidecarSet,
} from "./testing/fixtures.js";

const context = { nowMs: Date.UTC(2026, 10, 22, 17, 0, 0), kubeVersion: [1, 34] as const };

function inject(pod: Fields, sidecarSets: SidecarSet[]): InjectionResult {
  const namespace = (pod.metadata as { namespace?: string }).namespace ?? "default";
  return injectSidecarSets({ pod, namespace, namespaceLabels: undefined }, sidecarSets, context);
}

type PodShape = {
  metadata: { annotations?: Record<string, string> };
  spec: {
    containers: {
      name: string;
      env?: { name: string; value?: string }[];
      volumeMounts?: { mountPath: string }[];
    }[];
    initContainers?: { name: string; env?: { name: string; value?: string }[] }[];
    volumes?: { name: string }[];
    imagePullSecrets?: { name: string }[];
  };
};
const podOf = (result: InjectionResult) => {
  expect(result.errors).toEqual([]);
  return result.pod as unknown as PodShape;
};
const names = (list: { name: string }[] | undefined) => (list ?? []).map((c) => c.name);

describe("Kruise sidecarset_test.go, restated", () => {
  it("TestPodHasNoMatchedSidecarSet: a pod the selector does not match keeps its containers", () => {
    const pod = kruisePod1();
    (pod.metadata as { labels: Record<string, string> }).labels.app = "doesnt-match";
    const result = inject(pod, [kruiseSidecarSet1()]);
    expect(result.pod).toEqual(pod);
    expect(result.decisions[0]?.injected).toBe(false);
  });

  it.each([
    { pod: ["s2", "s3", "s3"], sidecar: ["s0", "s1", "s2"], expected: ["s2", "s3", "s0", "s1"] },
    { pod: ["s3", "s4", "s5"], sidecar: ["s0", "s1", "s2"], expected: ["s3", "s4", "s5", "s0", "s1", "s2"] },
    { pod: undefined, sidecar: ["s0", "s1", "s2"], expected: ["s0", "s1", "s2"] },
    { pod: ["s3", "s4", "s5"], sidecar: undefined, expected: ["s3", "s4", "s5"] },
  ])("TestMergeSidecarSecrets: pod $pod + sidecar $sidecar → $expected", ({ pod, sidecar, expected }) => {
    const input = kruisePod1();
    if (pod) (input.spec as Fields).imagePullSecrets = pod.map((name) => ({ name }));
    const set = kruiseSidecarSet1();
    if (sidecar) set.spec.imagePullSecrets = sidecar.map((name) => ({ name }));
    expect(names(podOf(inject(input, [set])).spec.imagePullSecrets)).toEqual(expected);
  });

  it("TestInjectionStrategyPaused: a paused SidecarSet injects nothing", () => {
    const set = kruiseSidecarSet1();
    set.spec.injectionStrategy = { paused: true };
    const pod = kruisePod1();
    const result = inject(pod, [set]);
    expect(result.pod).toEqual(pod);
    expect(result.decisions[0]?.reason).toBe("injectionStrategy.paused is true");
  });

  it("TestSidecarSetPodInjectPolicy: BeforeAppContainer first, AfterAppContainer last, init containers by name after the pod's, all marked IS_INJECTED", () => {
    const pod = podOf(inject(kruisePod1(), [kruiseSidecarSet1()]));
    expect(names(pod.spec.containers)).toEqual(["dns-f", "nginx", "log-agent"]);
    expect(names(pod.spec.initContainers)).toEqual(["init-0", "init-1", "init-2"]);
    for (const container of pod.spec.initContainers!.slice(1))
      expect(container.env).toContainEqual({ name: "IS_INJECTED", value: "true" });
  });

  it("TestSidecarVolumesAppend: only the volumes the sidecar mounts are added, after the pod's", () => {
    const pod = podOf(inject(kruisePod1(), [kruiseSidecarSetWithTransferEnv()]));
    expect(names(pod.spec.volumes)).toEqual(["volume-a", "volume-b", "volume-1"]);
  });

  it("TestPodSidecarSetHashCompatibility: the pre-1.0 hash annotation (a map of strings) is read and rewritten in the new shape", () => {
    const pod = kruisePod1();
    (pod.metadata as Fields).annotations = {
      "kruise.io/sidecarset-hash": `{"sidecarset-test":"bv6d2fbw97wz8xx5x4v4wddwbd5z744wcf7c786dd4dvxvd5w6w424df7vx47989"}`,
      "kruise.io/sidecarset-hash-without-image": `{"sidecarset-test":"54x5977vf9zz4248w7v44456zf655b8bcffv7x74w88f6dwb994fw48b8f9b8959"}`,
    };
    const annotations = podOf(inject(pod, [kruiseSidecarSet1()])).metadata.annotations!;
    const hashes = parseUpgradeSpecs(annotations["kruise.io/sidecarset-hash"])!;
    expect(hashes.get("sidecarset-test")?.hash).toBe(
      "bv6d2fbw97wz8xx5x4v4wddwbd5z744wcf7c786dd4dvxvd5w6w424df7vx47989",
    );
    expect(JSON.parse(annotations["kruise.io/sidecarset-hash"]!)["sidecarset-test"]).toEqual({
      updateTimestamp: null,
      hash: "bv6d2fbw97wz8xx5x4v4wddwbd5z744wcf7c786dd4dvxvd5w6w424df7vx47989",
      sidecarSetName: "sidecarset-test",
      sidecarList: null,
    });
    expect(
      parseUpgradeSpecs(annotations["kruise.io/sidecarset-hash-without-image"])?.has("sidecarset1"),
    ).toBe(true);
  });

  describe("TestPodVolumeMountsAppend: shareVolumePolicy enabled shares the app's mounts", () => {
    const withMount = (subPathExpr: string, envs: { name: string; value: string }[] = []) => {
      const pod = kruisePodWithStaragent();
      const app = (pod.spec as { containers: Fields[] }).containers[0]!;
      (app.volumeMounts as Fields[]).push({
        name: "volume-expansion",
        mountPath: "/e/expansion",
        subPathExpr,
      });
      (app.env as Fields[]).push(...envs);
      return pod;
    };
    it.each([
      {
        name: "append normal volumeMounts",
        pod: kruisePodWithStaragent,
        mounts: ["/a/b", "/e/f", "/a/b/c", "/d/e/f", "/staragent"],
        envs: [],
      },
      {
        name: "append volumeMounts SubPathExpr, volumes with expanded subpath",
        pod: () =>
          withMount("foo/$(POD_NAME)/$(OD_NAME)/conf", [
            { name: "POD_NAME", value: "bar" },
            { name: "OD_NAME", value: "od_name" },
          ]),
        mounts: ["/a/b", "/e/f", "/a/b/c", "/d/e/f", "/staragent", "/e/expansion"],
        envs: ["POD_NAME", "OD_NAME"],
      },
      {
        name: "append volumeMounts SubPathExpr, subpath with no expansion",
        pod: () => withMount("foo"),
        mounts: ["/a/b", "/e/f", "/a/b/c", "/d/e/f", "/staragent", "/e/expansion"],
        envs: [],
      },
      {
        name: "append volumeMounts SubPathExpr, volumes expanded with empty subpath",
        pod: () => withMount(""),
        mounts: ["/a/b", "/e/f", "/a/b/c", "/d/e/f", "/staragent", "/e/expansion"],
        envs: [],
      },
    ])("$name", ({ pod, mounts, envs }) => {
      const out = podOf(inject(pod(), [kruiseSidecarSetWithStaragent()]));
      const sidecar = out.spec.containers[1]!;
      expect(sidecar.name).toBe("dns-f");
      const paths = (sidecar.volumeMounts ?? []).map((m) => m.mountPath);
      for (const mount of mounts) expect(paths).toContain(mount);
      for (const env of envs) expect(names(sidecar.env)).toContain(env);
    });
  });

  it("TestSidecarSetTransferEnv: the named env of the named container is copied after IS_INJECTED", () => {
    const sidecar = podOf(inject(kruisePod1(), [kruiseSidecarSetWithTransferEnv()])).spec.containers[0]!;
    expect(sidecar.env).toEqual([
      { name: "IS_INJECTED", value: "true" },
      { name: "hello2", value: "world2" },
    ]);
  });

  it("TestSidecarSetHashInject: each matched SidecarSet's revision is recorded, an unmatched one's is not", () => {
    const set1 = kruiseSidecarSet1();
    set1.spec.selector = { matchLabels: { app: "doesnt-match" } };
    const set2 = kruiseSidecarSetWithTransferEnv();
    const set3 = kruiseSidecarSet3();
    // sidecarset2 and sidecarset3 both inject dns-f: Kruise refuses the second at creation;
    // here each is checked alone and then the pair is a reported conflict (below).
    for (const set of [set2, set3]) {
      const hashes = parseUpgradeSpecs(
        podOf(inject(kruisePod1(), [set1, set])).metadata.annotations!["kruise.io/sidecarset-hash"],
      )!;
      expect([...hashes.keys()]).toEqual([set.metadata.name]);
      expect(hashes.get(set.metadata.name!)?.hash).toBe(sidecarSetHash(set.spec as unknown as Fields));
    }
    const both = inject(kruisePod1(), [set1, set2, set3]);
    expect(both.pod).toBeUndefined();
    expect(both.errors[0]?.detail).toContain("container dns-f already exist in sidecarset/sidecarset2");
  });

  it("TestSidecarSetNameInject: the injected list names every matched SidecarSet, sorted", () => {
    const annotations = podOf(
      inject(kruisePod1(), [kruiseSidecarSet3(), renamedContainers(kruiseSidecarSet1())]),
    ).metadata.annotations!;
    expect(annotations["kruise.io/sidecarset-injected-list"]).toBe("sidecarset1,sidecarset3");
  });

  describe("TestMergeSidecarContainers", () => {
    const sidecars = [
      { name: "sidecar-1", image: "s", podInjectPolicy: "AfterAppContainer" },
      { name: "sidecar-2", image: "s", podInjectPolicy: "AfterAppContainer" },
      { name: "new-sidecar-1", image: "s", podInjectPolicy: "BeforeAppContainer" },
    ];
    const podWith = (containers: string[]): Fields => ({
      metadata: { name: "p", labels: { app: "x" } },
      spec: { containers: containers.map((name) => ({ name, image: "app" })) },
    });
    it.each([
      {
        name: "origins not sidecar, and inject new sidecar",
        origins: ["app-container"],
        injected: sidecars,
        expected: ["new-sidecar-1", "app-container", "sidecar-1", "sidecar-2"],
      },
      {
        name: "origins not sidecar, and inject new sidecar, only before app container",
        origins: ["app-container"],
        injected: sidecars.slice(2),
        expected: ["new-sidecar-1", "app-container"],
      },
      {
        name: "origins not sidecar, and inject new sidecar, only after app container",
        origins: ["app-container"],
        injected: sidecars.slice(0, 2),
        expected: ["app-container", "sidecar-1", "sidecar-2"],
      },
      {
        name: "origin have sidecars, sidecar no new containers",
        origins: ["sidecar-1", "app-container", "sidecar-2"],
        injected: sidecars.slice(0, 2),
        expected: ["sidecar-1", "app-container", "sidecar-2"],
      },
      {
        name: "origin have sidecars, sidecar have new containers",
        origins: ["sidecar-1", "app-container", "sidecar-2"],
        injected: sidecars,
        expected: ["new-sidecar-1", "sidecar-1", "app-container", "sidecar-2"],
      },
    ])("$name", ({ origins, injected, expected }) => {
      const set = sidecarSet("merge", { selector: { matchLabels: { app: "x" } }, containers: injected });
      const pod = podOf(inject(podWith(origins), [set]));
      expect(names(pod.spec.containers)).toEqual(expected);
      // A container of the same name is replaced in place by the sidecar.
      for (const name of origins.filter((n) => n !== "app-container"))
        expect(pod.spec.containers.find((c) => c.name === name)?.env).toContainEqual({
          name: "IS_INJECTED",
          value: "true",
        });
    });
  });
});

/** sidecarSet1 with container names that do not clash with sidecarSet3's. */
function renamedContainers(set: SidecarSet): SidecarSet {
  for (const container of set.spec.containers ?? []) container.name = `${container.name}-1`;
  return set;
}
