/**
 * The runtime-neutral description of what to run, as the pure resolvers produce it and every
 * runtime backend takes it (the analogue of the CRI's ContainerConfig and volume mounts, which
 * the kubelet's kuberuntime builds from the pod). The runtime port re-exports these types.
 */
import type { NamedSignal } from "../api/index.js";
import type { LinuxContainerSettings } from "./linux-settings.js";

/** A volume with its contents already resolved from ConfigMaps, Secrets and the downward API. */
export type ResolvedVolume =
  | {
      name: string;
      kind: "emptyDir";
      /** `medium: Memory`: a tmpfs (the kubelet mounts one at the volume's directory). */
      medium?: "Memory";
      /** `sizeLimit` in bytes (rounded up), when given and above zero. */
      sizeLimitBytes?: number;
    }
  | { name: string; kind: "hostPath"; path: string; type?: string }
  | { name: string; kind: "files"; files: ResolvedFile[] };

export interface ResolvedFile {
  /** Relative path inside the volume, e.g. "config/app.yaml". */
  path: string;
  data: Uint8Array;
  /** File mode, e.g. 0o644. */
  mode: number;
}

export interface ContainerMount {
  volume: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
}

/** Everything needed to start one container instance; built purely from the pod (podspec/launch-spec.ts). */
export interface ContainerLaunchSpec {
  name: string;
  image: string;
  /** `command` + `args` after `$(VAR)` expansion. Empty: the backend decides (the process backend refuses). */
  argv: string[];
  /**
   * Set when the pod gives no `command`: a node runs the image's entrypoint, with `args` (then
   * all of `argv`) as its arguments. A backend without images cannot honour that.
   */
  usesImageEntrypoint?: true;
  /** Where the container sits in the pod (`spec.initContainers[0]`), for problems a backend reports. */
  fieldPath?: string;
  /** Ordered, later entries win, as the kubelet passes them. */
  env: [string, string][];
  workingDir?: string;
  mounts: ContainerMount[];
  /** The signal the stop sends, e.g. "SIGTERM" (lifecycle.stopSignal, KEP-4960). */
  stopSignal: NamedSignal;
  /**
   * Limits and the effective security context (linux-settings.ts), set when the pod gives any: a
   * backend whose capabilities claim them applies them; the others are warned about up front.
   */
  linux?: LinuxContainerSettings;
  /** Where the container may write its termination message (defaulted to /dev/termination-log). */
  terminationMessagePath?: string;
  terminationMessagePolicy?: "File" | "FallbackToLogsOnError";
}

/** The pod-level part of what a backend is asked to run (the CRI's PodSandboxConfig). */
export interface PodSandboxSpec {
  uid: string;
  name: string;
  namespace: string;
  volumes: ResolvedVolume[];
  /** The pod's containers share one pid namespace (the sandbox's). */
  shareProcessNamespace?: boolean;
  /** `securityContext.sysctls`, set in the sandbox's namespaces. */
  sysctls?: Record<string, string>;
  /**
   * `securityContext.fsGroup`: the group that owns the pod's emptyDir, configMap, secret and
   * downwardAPI volumes (the kubelet's SetVolumeOwnership).
   */
  fsGroup?: number;
  /** The pod cgroup's memory limit (resources/pod-memory-limit.ts); caps a memory emptyDir's size. */
  memoryLimitBytes?: number;
}
