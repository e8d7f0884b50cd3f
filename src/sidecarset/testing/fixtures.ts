/**
 * Fixtures for the SidecarSet tests: Kruise's own (pkg/webhook/pod/mutating/sidecarset_test.go:
 * sidecarSet1, sidecarsetWithTransferEnv, sidecarSet3, sidecarSetWithStaragent, pod1,
 * podWithStaragent), restated as decoded JSON. Loaders hand out fresh, defaulted copies.
 */
import { defaultSidecarSet, type SidecarSet } from "../../api/sidecarset/index.js";
import type { Fields } from "../../api/index.js";

export const defaulting = () => {
  let n = 0;
  return { nowMs: Date.UTC(2026, 10, 22, 17, 0, 0), ids: () => `uid-${++n}` };
};

export function sidecarSet(name: string, spec: Fields, metadata: Fields = {}): SidecarSet {
  const object: Fields = {
    apiVersion: "apps.kruise.io/v1alpha1",
    kind: "SidecarSet",
    metadata: { name, ...metadata },
    spec: structuredClone(spec),
  };
  defaultSidecarSet(object, defaulting());
  return object as unknown as SidecarSet;
}

const suxing = { matchLabels: { app: "suxing-test" } };

export const kruiseSidecarSet1 = () =>
  sidecarSet("sidecarset1", {
    selector: suxing,
    initContainers: [
      { name: "init-2", image: "busybox:1.0.0" },
      { name: "init-1", image: "busybox:1.0.0" },
    ],
    containers: [
      {
        name: "dns-f",
        image: "dns-f-image:1.0",
        podInjectPolicy: "BeforeAppContainer",
        shareVolumePolicy: { type: "disabled" },
      },
      {
        name: "log-agent",
        image: "log-agent-image:1.0",
        podInjectPolicy: "AfterAppContainer",
        shareVolumePolicy: { type: "disabled" },
      },
    ],
  });

export const kruiseSidecarSetWithTransferEnv = () =>
  sidecarSet("sidecarset2", {
    selector: suxing,
    containers: [
      {
        name: "dns-f",
        image: "dns-f-image:1.0",
        volumeMounts: [{ name: "volume-1", mountPath: "/volume-1" }],
        podInjectPolicy: "BeforeAppContainer",
        shareVolumePolicy: { type: "disabled" },
        transferEnv: [{ sourceContainerName: "nginx", envName: "hello2" }],
      },
    ],
    volumes: [{ name: "volume-1" }, { name: "volume-2" }],
  });

export const kruiseSidecarSet3 = () =>
  sidecarSet("sidecarset3", {
    selector: suxing,
    containers: [
      {
        name: "dns-f",
        image: "dns-f-image:1.0",
        volumeMounts: [
          { name: "volume-1", mountPath: "/a/b/c" },
          { name: "volume-2", mountPath: "/d/e/f" },
        ],
        podInjectPolicy: "AfterAppContainer",
        shareVolumePolicy: { type: "enabled" },
      },
      {
        name: "log-agent",
        image: "log-agent-image:1.0",
        podInjectPolicy: "AfterAppContainer",
        shareVolumePolicy: { type: "disabled" },
      },
    ],
    volumes: [{ name: "volume-1" }, { name: "volume-2" }],
  });

export const kruiseSidecarSetWithStaragent = () =>
  sidecarSet("sidecarset3", {
    selector: suxing,
    containers: [
      {
        name: "dns-f",
        image: "dns-f-image:1.0",
        volumeMounts: [
          { name: "volume-1", mountPath: "/a/b/c" },
          { name: "volume-2", mountPath: "/d/e/f" },
          { name: "volume-staragent", mountPath: "/staragent" },
        ],
        podInjectPolicy: "AfterAppContainer",
        shareVolumePolicy: { type: "enabled" },
      },
    ],
    volumes: [{ name: "volume-1" }, { name: "volume-2" }, { name: "volume-staragent" }],
  });

/** Kruise's sidecarSetWithStaragent with its init container dns-e (and its first container only). */
export const kruiseSidecarSetWithStaragentInit = (): SidecarSet => {
  const set = kruiseSidecarSetWithStaragent();
  const volume = (name: string, mountPath: string) => ({ name, mountPath });
  const withInit = sidecarSet(set.metadata.name!, {
    ...set.spec,
    initContainers: [
      {
        name: "dns-e",
        image: "dns-e-image:1.0",
        volumeMounts: [
          volume("volume-3", "/g/h/i"),
          volume("volume-4", "/j/k/l"),
          volume("volume-staragent", "/staragent"),
        ],
        podInjectPolicy: "BeforeAppContainer",
        shareVolumePolicy: { type: "enabled" },
      },
    ],
  });
  return withInit;
};

export const kruisePod1 = (): Fields => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "test-pod", namespace: "default", labels: { app: "suxing-test" } },
  spec: {
    initContainers: [{ name: "init-0", image: "busybox:1.0.0" }],
    containers: [
      {
        name: "nginx",
        image: "nginx:1.15.1",
        env: [
          { name: "hello1", value: "world1" },
          { name: "hello2", value: "world2" },
        ],
        volumeMounts: [
          { name: "volume-a", mountPath: "/a/b" },
          { name: "volume-b", mountPath: "/e/f" },
        ],
      },
    ],
    volumes: [{ name: "volume-a" }, { name: "volume-b" }],
  },
});

export const kruisePodWithStaragent = (): Fields => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "test-pod", namespace: "default", labels: { app: "suxing-test" } },
  spec: {
    containers: [
      {
        name: "nginx",
        image: "nginx:1.15.1",
        env: [
          { name: "hello1", value: "world1" },
          { name: "hello2", value: "world2" },
        ],
        volumeMounts: [
          { name: "volume-a", mountPath: "/a/b" },
          { name: "volume-b", mountPath: "/e/f" },
          { name: "volume-staragent", mountPath: "/staragent" },
        ],
      },
    ],
    volumes: [{ name: "volume-a" }, { name: "volume-b" }, { name: "volume-staragent" }],
  },
});
