/**
 * The in-pod helper of the `universal` and `ordered-legacy` modes (docs/sidecar-modes.md):
 * `podvisor-sidecar`, a static program (sidecar-helper/ in the repo) that an injected init
 * container copies into a shared emptyDir, so the sidecars' wrapped commands, hooks and probes
 * and the wrapped app containers can run it whatever their images are — as Istio's old
 * workaround copies its daemon into the pod. Here: where it comes from, where it lands, and the
 * containers and volume that put it there.
 */
import type { Fields } from "../api/index.js";
import { listOf } from "./build-sidecar-container.js";

/** Where the install container takes the helper from. */
export interface SidecarHelperSource {
  /** The image of the install init container. */
  image: string;
  /**
   * The helper's path inside that image — or, on the process backend (no image, the host's
   * files), its path on the host.
   */
  binary: string;
}

/**
 * The default: an image holding the static binary (docs/sidecar-modes.md says how to build one).
 * Its path must not be under `helperMountPath`, which the install container mounts over.
 */
export const defaultSidecarHelperSource: SidecarHelperSource = {
  image: "podvisor/sidecar-helper:0.1.0",
  binary: "/usr/local/bin/podvisor-sidecar",
};

export const helperVolumeName = "podvisor-sidecar";
export const helperMountPath = "/podvisor-sidecar";
export const helperInstallContainerName = "podvisor-sidecar-install";
/** The helper as the pod's containers run it, from the shared emptyDir. */
export const helperInPod = `${helperMountPath}/podvisor-sidecar`;

export function helperVolume(): Fields {
  return { name: helperVolumeName, emptyDir: {} };
}

export function helperInstallContainer(source: SidecarHelperSource): Fields {
  return {
    name: helperInstallContainerName,
    image: source.image,
    command: [source.binary, "install", helperMountPath],
    volumeMounts: [{ name: helperVolumeName, mountPath: helperMountPath }],
  };
}

/** Mounts the shared emptyDir into a container, once. Mutates the container. */
export function mountHelper(container: Fields): void {
  const mounts = listOf(container.volumeMounts);
  if (mounts.some((m) => m.name === helperVolumeName)) return;
  container.volumeMounts = [...mounts, { name: helperVolumeName, mountPath: helperMountPath }];
}

/**
 * The container's program with the helper in front (`helperArgs`, then `--`, then its command and
 * args). Undefined when it has no `command`: the image's entrypoint cannot be wrapped, since
 * the pod spec does not say what it is.
 */
export function wrappedCommand(container: Fields, helperArgs: readonly string[]): string[] | undefined {
  const command: unknown = container.command;
  const args: unknown = container.args;
  if (!Array.isArray(command) || command.length === 0) return undefined;
  const argv = [...(command as unknown[]), ...(Array.isArray(args) ? (args as unknown[]) : [])];
  return [helperInPod, ...helperArgs, "--", ...argv.map(String)];
}

/** Already wrapped (the pod went through injection before): leave it as it is. */
export function isWrapped(container: Fields): boolean {
  return Array.isArray(container.command) && container.command[0] === helperInPod;
}

/** Adds the install init container (first) and the emptyDir to the pod spec, once. Mutates it. */
export function addHelperToPod(spec: Fields, source: SidecarHelperSource): void {
  const init = listOf(spec.initContainers);
  if (!init.some((c) => c.name === helperInstallContainerName))
    spec.initContainers = [helperInstallContainer(source), ...init];
  const volumes = listOf(spec.volumes);
  if (!volumes.some((v) => v.name === helperVolumeName)) spec.volumes = [...volumes, helperVolume()];
}

/** The pod's restartPolicy, as the API server defaults it. */
export function podRestartPolicy(spec: Fields): "Always" | "OnFailure" | "Never" {
  const policy = spec.restartPolicy;
  return policy === "OnFailure" || policy === "Never" ? policy : "Always";
}

/** `--state /podvisor-sidecar --name NAME`: where a helper command keeps its marker and locks. */
export function stateFlags(name: string): string[] {
  return ["--state", helperMountPath, "--name", name];
}

/** Replaces the container's program (a wrapped command carries the args in it). Mutates it. */
export function setCommand(container: Fields, command: string[]): void {
  container.command = command;
  delete container.args;
}
