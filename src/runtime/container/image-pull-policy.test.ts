import { describe, expect, it } from "vitest";
import { decideImagePull } from "./image-pull-policy.js";

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
