/**
 * The kubelet's image decisions, pure. The default policy itself is the API server's
 * (api/defaults/pod-defaults.ts); this file decides what a policy means for an image that is or
 * is not present, and which registry credentials apply to an image reference.
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

/** One registry login, as a `.dockerconfigjson` Secret's `auths` entry holds it. */
export interface RegistryCredential {
  /** The `auths` key: "registry.example.com", "https://index.docker.io/v1/", "host:5000". */
  server: string;
  username?: string;
  password?: string;
  /** base64("user:password"), used when username/password are absent. */
  auth?: string;
}

const DOCKER_HUB = "docker.io";

/**
 * The registry host an image reference names: the first path component when it looks like a
 * host (has a "." or ":", or is "localhost"), else Docker Hub — distribution/reference's rule.
 */
export function registryOf(image: string): string {
  const slash = image.indexOf("/");
  if (slash === -1) return DOCKER_HUB;
  const first = image.slice(0, slash);
  return first.includes(".") || first.includes(":") || first === "localhost" ? first : DOCKER_HUB;
}

/** The credential whose server names the image's registry (Docker Hub's legacy keys included). */
export function credentialFor(
  image: string,
  credentials: readonly RegistryCredential[],
): RegistryCredential | undefined {
  const registry = registryOf(image);
  return credentials.find((c) => {
    const host = c.server.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    if (registry === DOCKER_HUB)
      return ["docker.io", "index.docker.io", "registry-1.docker.io"].includes(host);
    return host === registry;
  });
}
