/**
 * Kruise's own rollout fixtures, restated as decoded objects: `factoryPods`,
 * `factorySidecarSet` (pkg/controller/sidecarset/sidecarset_strategy_test.go), `sidecarSetDemo`,
 * `podDemo` (sidecarset_controller_test.go), `sidecarSetHotUpgrade`, `podHotUpgrade`
 * (sidecarset_hotupgrade_test.go). Loaders hand out fresh copies. Kruise shuffles pods with
 * math/rand; `shuffled` uses a fixed seed so a failure replays.
 */
import type { SidecarSet } from "../../../api/index.js";
import type { Pod } from "../../../api/index.js";
import { buildRolloutContext } from "../rollout-context.js";
import { upgradePodSidecars } from "../upgrade-pod-sidecars.js";

export const testImageV1ImageID =
  "docker-pullable://test-image@sha256:a9286defaba7b3a519d585ba0e37d0b2cbee74ebfe590960b0b1d6a5e97d1e1d";
export const testImageV2ImageID =
  "docker-pullable://test-image@sha256:f7988fb6c02e0ce69257d9bd9cf37ae20a60f1df7563c3a2a6abe24160306b8d";
export const nginxImageID =
  "docker-pullable://nginx@sha256:a9286defaba7b3a519d585ba0e37d0b2cbee74ebfe590960b0b1d6a5e97d1e1d";
export const hotUpgradeEmptyImage = "hotupgrade:empty";
export const hotUpgradeEmptyImageID =
  "docker-pullable://hotupgrade@sha256:91873971hhf0981293480lhhhgsfgs09809085024lddd092jjj44k4h4vv44";

export const T0_MS = Date.UTC(2026, 0, 1);
export const timestamp = "2026-01-01T00:00:00Z";

/** Running and ready: nginx, and test-sidecar on test-image:v1. */
function runningWithTestImageV1(): NonNullable<Pod["status"]> {
  const ready = (name: string, image: string, imageID: string) => ({
    name,
    image,
    imageID,
    ready: true,
    restartCount: 0,
  });
  return {
    phase: "Running",
    conditions: [{ type: "Ready", status: "True" }],
    containerStatuses: [
      ready("nginx", "nginx:1.15.1", nginxImageID),
      ready("test-sidecar", "test-image:v1", testImageV1ImageID),
    ],
  };
}

export function createFactorySidecarSet(hash: string, hashWithoutImage: string): SidecarSet {
  return {
    apiVersion: "apps.kruise.io/v1beta1",
    kind: "SidecarSet",
    metadata: {
      name: "test-sidecarset",
      labels: {},
      annotations: {
        "kruise.io/sidecarset-hash": hash,
        "kruise.io/sidecarset-hash-without-image": hashWithoutImage,
      },
    },
    spec: {
      containers: [{ name: "test-sidecar", image: "test-image:v2" }],
      selector: { matchLabels: { app: "sidecar" } },
      updateStrategy: {},
      revisionHistoryLimit: 10,
    },
  };
}

export const factorySidecarSet = () => createFactorySidecarSet("bbb", "without-aaa");
export const factorySidecarSetNotUpgradable = () => createFactorySidecarSet("bbb", "without-bbb");

/** `factoryPodsCommon`: `count` pods, the first `upgraded` updated in place by `sidecarSet`. */
export function factoryPodsCommon(count: number, upgraded: number, sidecarSet: SidecarSet): Pod[] {
  const pods: Pod[] = [];
  for (let i = 0; i < count; i++) {
    pods.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `pod-${i}`,
        labels: { app: "sidecar" },
        annotations: {
          "kruise.io/sidecarset-hash": `{"test-sidecarset":{"hash":"aaa","sidecarList":["test-sidecar"]}}`,
          "kruise.io/sidecarset-hash-without-image": `{"test-sidecarset":{"hash":"without-aaa","sidecarList":["test-sidecar"]}}`,
        },
        // Created one after another: pod-(i+1) is newer than pod-i.
        creationTimestamp: new Date(T0_MS + i * 1000).toISOString().replace(".000Z", "Z"),
      },
      spec: {
        containers: [
          { name: "nginx", image: "nginx:1.15.1" },
          { name: "test-sidecar", image: "test-image:v1" },
        ],
      },
      status: runningWithTestImageV1(),
    });
  }
  const context = buildRolloutContext(sidecarSet, "");
  for (let i = 0; i < upgraded; i++) {
    const result = upgradePodSidecars(context, pods[i]!, timestamp);
    if ("error" in result) throw new Error(result.error);
    pods[i] = result.pod;
  }
  return pods;
}

/** `factoryPods`: the first `upgradedAndReady` of the upgraded pods run the new image. */
export function factoryPods(count: number, upgraded: number, upgradedAndReady: number): Pod[] {
  const pods = factoryPodsCommon(count, upgraded, factorySidecarSet());
  for (let i = 0; i < upgradedAndReady; i++) {
    const status = pods[i]!.status!.containerStatuses![1]!;
    status.image = "test-image:v2";
    status.imageID = testImageV2ImageID;
  }
  return pods;
}

/** A deterministic Fisher–Yates shuffle (Kruise's `Random`, with a fixed seed). */
export function shuffled<T>(items: T[], seed = 20260101): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function sidecarSetDemo(): SidecarSet {
  return {
    apiVersion: "apps.kruise.io/v1beta1",
    kind: "SidecarSet",
    metadata: { name: "test-sidecarset", labels: {}, annotations: { "kruise.io/sidecarset-hash": "bbb" } },
    spec: {
      containers: [{ name: "test-sidecar", image: "test-image:v2" }],
      selector: { matchLabels: { app: "nginx" } },
      updateStrategy: {},
      revisionHistoryLimit: 10,
    },
  };
}

export function podDemo(name = "test-pod-1"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      labels: { app: "nginx" },
      annotations: {
        "kruise.io/sidecarset-hash": `{"test-sidecarset":{"hash":"aaa","sidecarList":["test-sidecar"]}}`,
        "kruise.io/sidecarset-injected-list": "test-sidecarset",
      },
    },
    spec: {
      containers: [
        {
          name: "nginx",
          image: "nginx:1.15.1",
          env: [{ name: "nginx-env", value: "value-1" }],
          volumeMounts: [{ name: "nginx-volume", mountPath: "/data/nginx" }],
        },
        { name: "test-sidecar", image: "test-image:v1", env: [{ name: "IS_INJECTED", value: "true" }] },
      ],
      volumes: [{ name: "nginx-volume" }],
    },
    status: runningWithTestImageV1(),
  };
}

export function sidecarSetHotUpgrade(): SidecarSet {
  return {
    apiVersion: "apps.kruise.io/v1beta1",
    kind: "SidecarSet",
    metadata: {
      name: "test-sidecarset",
      generation: 123,
      resourceVersion: "22",
      labels: {},
      annotations: {
        "kruise.io/sidecarset-hash": "bbb",
        "kruise.io/sidecarset-hash-without-image": "111111111",
      },
    },
    spec: {
      containers: [
        {
          name: "test-sidecar",
          image: "test-image:v2",
          upgradeStrategy: { upgradeType: "HotUpgrade", hotUpgradeEmptyImage },
        },
      ],
      selector: { matchLabels: { app: "nginx" } },
      updateStrategy: {},
      revisionHistoryLimit: 10,
    },
  };
}

export function podHotUpgrade(): Pod {
  const versionEnv = (slot: string) => [
    {
      name: "SIDECARSET_VERSION",
      valueFrom: { fieldRef: { fieldPath: `metadata.annotations['version.sidecarset.kruise.io/${slot}']` } },
    },
  ];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "liheng-test",
      namespace: "default",
      labels: { app: "nginx" },
      annotations: {
        "kruise.io/sidecarset-injected-list": "test-sidecarset",
        "kruise.io/sidecarset-hash": `{"test-sidecarset":{"hash":"aaa","sidecarList":["test-sidecar"]}}`,
        "kruise.io/sidecarset-hash-without-image": `{"test-sidecarset":{"hash":"111111111"}}`,
        "version.sidecarset.kruise.io/test-sidecar-1": "1",
        "version.sidecarset.kruise.io/test-sidecar-2": "1",
        "kruise.io/sidecarset-working-hotupgrade-container": `{"test-sidecar":"test-sidecar-1"}`,
      },
    },
    spec: {
      containers: [
        { name: "nginx", image: "nginx:1.15.1" },
        { name: "test-sidecar-1", image: "test-image:v1", env: versionEnv("test-sidecar-1") },
        { name: "test-sidecar-2", image: hotUpgradeEmptyImage, env: versionEnv("test-sidecar-2") },
      ],
    },
    status: {
      phase: "Running",
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [
        { name: "nginx", image: "nginx:1.15.1", imageID: nginxImageID, ready: true, restartCount: 0 },
        {
          name: "test-sidecar-1",
          image: "test-image:v1",
          imageID: testImageV1ImageID,
          ready: true,
          restartCount: 0,
        },
        {
          name: "test-sidecar-2",
          image: hotUpgradeEmptyImage,
          imageID: hotUpgradeEmptyImageID,
          ready: true,
          restartCount: 0,
        },
      ],
    },
  };
}
