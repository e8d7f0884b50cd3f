/**
 * What the runtime needs to start one container, built purely from the pod and the resolved env
 * (the kubelet's `generateContainerConfig`): argv is `command` + `args` with `$(VAR)` expanded
 * against the container's env (`ExpandContainerCommandAndArgs`), `subPathExpr` expanded the same
 * way into `subPath`, and the stop signal from `lifecycle.stopSignal` (KEP-4960) else SIGTERM.
 */
import { canonicalSignal, type Container, type Pod } from "../api/index.js";
import type { ContainerLaunchSpec, ContainerMount } from "./container-launch-spec.js";
import { expandVariables } from "./container-env.js";
import { linuxContainerSettings, podSysctls } from "./linux-settings.js";
import type { PodSandboxSpec, ResolvedVolume } from "./container-launch-spec.js";

export function buildLaunchSpec(
  pod: Pod,
  container: Container,
  env: [string, string][],
): ContainerLaunchSpec {
  const values = new Map(env);
  const expand = (text: string) => expandVariables(text, (name) => values.get(name));
  const argv = [...(container.command ?? []), ...(container.args ?? [])].map(expand);
  const mounts: ContainerMount[] = (container.volumeMounts ?? []).map((mount) => {
    const subPath = mount.subPathExpr ? expand(mount.subPathExpr) : mount.subPath;
    const base = { volume: mount.name, mountPath: mount.mountPath, readOnly: mount.readOnly ?? false };
    return subPath ? { ...base, subPath } : base;
  });
  const requested = container.lifecycle?.stopSignal;
  // A realtime signal has no fixed number to send by name: the process backend falls back to SIGTERM.
  const stopSignal = (requested !== undefined ? canonicalSignal(requested) : undefined) ?? "SIGTERM";
  const spec: ContainerLaunchSpec = {
    name: container.name,
    image: container.image ?? "",
    argv,
    env,
    mounts,
    stopSignal,
  };
  if (container.workingDir) spec.workingDir = container.workingDir;
  const linux = linuxContainerSettings(pod.spec, container);
  if (Object.keys(linux).length > 0) spec.linux = linux;
  if (container.terminationMessagePath) spec.terminationMessagePath = container.terminationMessagePath;
  if (container.terminationMessagePolicy) spec.terminationMessagePolicy = container.terminationMessagePolicy;
  if (container.command === undefined || container.command.length === 0) spec.usesImageEntrypoint = true;
  const path = containerFieldPath(pod, container.name);
  if (path !== undefined) spec.fieldPath = path;
  return spec;
}

function containerFieldPath(pod: Pod, name: string): string | undefined {
  const init = (pod.spec.initContainers ?? []).findIndex((c) => c.name === name);
  if (init >= 0) return `spec.initContainers[${init}]`;
  const regular = pod.spec.containers.findIndex((c) => c.name === name);
  return regular >= 0 ? `spec.containers[${regular}]` : undefined;
}

/**
 * The sandbox a pod asks for, from its metadata and spec and its resolved volumes; the pod's
 * memory limit comes from resources/ (the caller's, as podspec/ sits beside resources/).
 */
export function buildSandboxSpec(
  pod: Pod,
  volumes: ResolvedVolume[],
  memoryLimitBytes?: number,
): PodSandboxSpec {
  const spec: PodSandboxSpec = {
    uid: pod.metadata.uid ?? "",
    name: pod.metadata.name ?? "",
    namespace: pod.metadata.namespace ?? "default",
    volumes,
  };
  if (pod.spec.shareProcessNamespace === true) spec.shareProcessNamespace = true;
  const sysctls = podSysctls(pod.spec);
  if (Object.keys(sysctls).length > 0) spec.sysctls = sysctls;
  const fsGroup = pod.spec.securityContext?.fsGroup;
  if (typeof fsGroup === "number") spec.fsGroup = fsGroup;
  if (memoryLimitBytes !== undefined) spec.memoryLimitBytes = memoryLimitBytes;
  return spec;
}
