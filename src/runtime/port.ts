/**
 * The runtime port: what the agent needs from a container backend (the CRI analogue).
 * Backends: runtime/process (local process groups, the embedded default), runtime/fake (tests),
 * later runtime/docker. Every backend passes the one contract suite (runtime/testing/contract.ts).
 */
import type { ContainerExit } from "../lifecycle/index.js";

export type { ContainerExit };
export type {
  ContainerLaunchSpec,
  ContainerMount,
  LinuxContainerSettings,
  PodSandboxSpec,
  RegistryAuth,
  ResolvedFile,
  ResolvedVolume,
} from "../podspec/index.js";
import type { ContainerLaunchSpec, PodSandboxSpec, RegistryAuth, ResolvedVolume } from "../podspec/index.js";
import type { RuntimeCapabilities } from "./capabilities.js";

export type { RuntimeCapabilities };

export interface PodSandbox {
  id: string;
  /**
   * The pod's address (status.podIP): the node's own on a backend whose pods share the host's
   * network (the process backend), the pod's network namespace's on a container backend.
   */
  ip: string;
  /** Volume name → directory on the host that backs it. */
  volumeDirs: Record<string, string>;
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

/** What a backend knows of an image on this node (CRI ImageStatus). */
export interface ImageStatus {
  present: boolean;
  /** The resolved image reference (a digest), when present. */
  imageRef?: string;
}

export interface ContainerRuntime {
  readonly name: string;
  /** What this backend can do; admission, warnings and the agent read it. */
  readonly capabilities: RuntimeCapabilities;
  /**
   * Problems that make this pod impossible to run here faithfully (e.g. a mountPath this platform
   * cannot honour), each naming the container, the mount and the fix. Empty when it can run.
   */
  checkPod(spec: PodSandboxSpec, containers: ContainerLaunchSpec[]): Promise<string[]>;
  /** Whether `image` is on this node (CRI ImageStatus). A backend that pulls no images says present. */
  imageStatus(image: string): Promise<ImageStatus>;
  /**
   * Pulls `image` (CRI PullImage) with the registry login `auth` when given, else anonymously;
   * throws ImagePullError (reason ErrImagePull) when it cannot.
   */
  pullImage(image: string, auth?: RegistryAuth): Promise<{ imageRef: string }>;
  createSandbox(spec: PodSandboxSpec): Promise<PodSandbox>;
  /**
   * New contents for the sandbox's configMap, secret and downwardAPI volumes (`kind: "files"`;
   * others are ignored), swapped in while its containers run, as the kubelet's periodic remount
   * writes them (AtomicWriter).
   */
  updateSandboxVolumes(sandbox: PodSandbox, volumes: ResolvedVolume[]): Promise<void>;
  /**
   * Optional: makes the container of `spec` ready ahead of its turn, without running its program
   * (the container backend creates and attaches it: docs/container-backend.md). `startContainer`
   * of the same container uses it only if it would create exactly that container then; what is
   * never used goes with `removeSandbox`. Never pulls an image; never throws (a failure is the
   * turn's to meet and report). Only for a container's first instance, before its turn.
   */
  prepareContainer?(sandbox: PodSandbox, spec: ContainerLaunchSpec): Promise<void>;
  /** Throws ContainerStartError (reason CreateContainerError / RunContainerError) when it cannot start. */
  startContainer(sandbox: PodSandbox, spec: ContainerLaunchSpec, onLog: LogSink): Promise<StartedContainer>;
  /**
   * Sends the stop signal, then SIGKILL once `gracePeriodMs` has passed; resolves when it has exited.
   * Stopping an exited container is a no-op.
   */
  stopContainer(id: string, gracePeriodMs: number): Promise<void>;
  /**
   * Runs a command in the container's environment (exec probes and hooks). It dies with the
   * container, as a process in the container's pid namespace does (exit code 137), and is
   * SIGKILLed once `timeoutMs` passes (`timedOut`).
   */
  execInContainer(id: string, argv: string[], timeoutMs: number): Promise<ExecResult>;
  /** Kills whatever is left of the pod and removes its volumes (not hostPath ones). */
  removeSandbox(sandbox: PodSandbox): Promise<void>;
  /** Kills every container this runtime started. Idempotent. */
  close(): Promise<void>;
}
