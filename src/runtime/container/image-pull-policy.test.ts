import { describe, expect, it } from "vitest";
import { credentialFor, decideImagePull, registryOf } from "./image-pull-policy.js";

describe("decideImagePull (kubelet pkg/kubelet/images/image_manager.go shouldPullImage, without the KubeletEnsureSecretPulledImages gate)", () => {
  it.each([
    ["Always pulls even when present", "Always", true, "pull"],
    ["Always pulls when missing", "Always", false, "pull"],
    ["IfNotPresent uses a present image", "IfNotPresent", true, "usePresent"],
    ["IfNotPresent pulls a missing image", "IfNotPresent", false, "pull"],
    ["Never uses a present image", "Never", true, "usePresent"],
    ["Never with a missing image is ErrImageNeverPull", "Never", false, "neverPull"],
  ] as const)("%s", (_name, policy, isPresent, kind) => {
    expect(decideImagePull("busybox:1.36", policy, isPresent).kind).toBe(kind);
  });

  it("ErrImageNeverPull says what the kubelet says", () => {
    expect(decideImagePull("app:1", "Never", false)).toEqual({
      kind: "neverPull",
      message: 'Container image "app:1" is not present with pull policy of Never',
    });
  });
});

describe("which registry an image names (distribution/reference)", () => {
  it.each([
    ["busybox", "docker.io"],
    ["library/busybox:1.36", "docker.io"],
    ["quay.io/podman/hello", "quay.io"],
    ["localhost/podvisor/busybox:test", "localhost"],
    ["registry.local:5000/app@sha256:abc", "registry.local:5000"],
    ["myuser/app", "docker.io"],
  ])("%s → %s", (image, registry) => {
    expect(registryOf(image)).toBe(registry);
  });

  it("picks the imagePullSecrets entry for the image's registry, Docker Hub's legacy key included", () => {
    const credentials = [
      { server: "https://index.docker.io/v1/", username: "hub" },
      { server: "registry.local:5000", username: "local" },
    ];
    expect(credentialFor("busybox", credentials)?.username).toBe("hub");
    expect(credentialFor("registry.local:5000/app:1", credentials)?.username).toBe("local");
    expect(credentialFor("quay.io/x/y", credentials)).toBeUndefined();
  });
});
