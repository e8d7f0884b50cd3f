/**
 * The runtime port: what the agent needs from a container backend (the CRI analogue).
 * Backends: runtime/process (local process groups, the embedded default), runtime/fake (tests),
 * later runtime/docker. Every backend passes the one contract suite (runtime/testing/contract.ts).
 */
import type { Pod } from "../api/types.js";
import type { ContainerExit } from "../lifecycle/pod-state.js";

export type { ContainerExit };

/** A volume with its contents already resolved from ConfigMaps, Secrets and the downward API. */
export type ResolvedVolume =
  | { name: string; kind: "emptyDir" }
  | { name: string; kind: "hostPath"; path: string; type?: string }
  | { name: string; kind: "files"; files: ResolvedFile[] };

export interface ResolvedFile {
  /** Relative path inside the volume, e.g. "config/app.yaml". */
  path: string;
  data: Uint8Array;
  /** File mode, e.g. 0o644. */
  mode: number;
}

export interface PodSandboxSpec {
  uid: string;
  name: string;
  namespace: string;
  volumes: ResolvedVolume[];
}

export interface PodSandbox {
  id: string;
  /** The pod's address: the loopback address on the process backend. */
  ip: string;
  /** Volume name → directory on the host that backs it. */
  volumeDirs: Record<string, string>;
}

export interface ContainerMount {
  volume: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
}

/** Everything needed to start one container instance; built purely from the pod (runtime/launch-spec.ts). */
export interface ContainerLaunchSpec {
  name: string;
  image: string;
  /** `command` + `args` after `$(VAR)` expansion. Empty: the backend decides (the process backend refuses). */
  argv: string[];
  /** Ordered, later entries win, as the kubelet passes them. */
  env: [string, string][];
  workingDir?: string;
  mounts: ContainerMount[];
  /** The signal the stop sends, e.g. "SIGTERM" (lifecycle.stopSignal, KEP-4960). */
  stopSignal: NodeJS.Signals;
}

export interface LogLine {
  stream: "stdout" | "stderr";
  /** Epoch milliseconds at which the line was read. */
  timeMs: number;
  /** The line without its newline. */
  text: string;
  /**
   * The exact bytes of the line when they are not valid UTF-8 (`text` then shows U+FFFD in their
   * place); logs store these, as the kubelet stores what the container wrote.
   */
  raw?: Uint8Array;
  /** True when the line had no trailing newline (its end came with the process's exit). */
  partial: boolean;
}

export type LogSink = (line: LogLine) => void;

export interface StartedContainer {
  readonly id: string;
  readonly startedAtMs: number;
  /** Resolves once the process has exited and every byte of its output has gone to the LogSink. */
  readonly exited: Promise<ContainerExit>;
}

export interface ExecResult {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

export interface ContainerRuntime {
  readonly name: string;
  /**
   * Problems that make this pod impossible to run here faithfully (e.g. a mountPath this platform
   * cannot honour), each naming the container, the mount and the fix. Empty when it can run.
   */
  checkPod(spec: PodSandboxSpec, containers: ContainerLaunchSpec[]): Promise<string[]>;
  /**
   * Valid fields of the pod this backend runs without honouring (e.g. resource limits without
   * cgroups), each as "<field.path>: <what happens>"; the run goes on. Optional: none by default.
   */
  podWarnings?(pod: Pod): string[];
  createSandbox(spec: PodSandboxSpec): Promise<PodSandbox>;
  /** Throws ContainerStartError (reason CreateContainerError / RunContainerError) when it cannot start. */
  startContainer(sandbox: PodSandbox, spec: ContainerLaunchSpec, onLog: LogSink): Promise<StartedContainer>;
  /**
   * Sends the stop signal, then SIGKILL once `gracePeriodMs` has passed; resolves when it has exited.
   * Stopping an exited container is a no-op.
   */
  stopContainer(id: string, gracePeriodMs: number): Promise<void>;
  /** Runs a command in the container's environment (exec probes and hooks). */
  execInContainer(id: string, argv: string[], timeoutMs: number): Promise<ExecResult>;
  /** Kills whatever is left of the pod and removes its volumes (not hostPath ones). */
  removeSandbox(sandbox: PodSandbox): Promise<void>;
  /** Kills every container this runtime started. Idempotent. */
  close(): Promise<void>;
}
