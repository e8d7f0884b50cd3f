/**
 * The kubelet's image decisions, pure. The default policy itself is the API server's
 * (api/defaults/pod-defaults.ts); this file decides what a policy means for an image that is or
 * is not present. Which registry logins apply to an image is the keyring's (podspec/docker-keyring.ts).
 */
export type PullPolicy = "Always" | "IfNotPresent" | "Never";

export type ImageDecision =
  | { kind: "pull" }
  | { kind: "usePresent" }
  /** ErrImageNeverPull, with the kubelet's message. */
  | { kind: "neverPull"; message: string };

/**
 * kubelet pkg/kubelet/images/image_manager.go `shouldPullImage` and `EnsureImageExists`: Never
 * never pulls (a missing image is ErrImageNeverPull), Always always does, IfNotPresent only when
 * the image is missing.
 */
export function decideImagePull(image: string, policy: PullPolicy, isPresent: boolean): ImageDecision {
  if (policy === "Never")
    return isPresent
      ? { kind: "usePresent" }
      : { kind: "neverPull", message: `Container image "${image}" is not present with pull policy of Never` };
  if (policy === "Always" || !isPresent) return { kind: "pull" };
  return { kind: "usePresent" };
}
