import { constants } from "node:os";
import { ContainerStartError } from "../../shared/index.js";
import type { ContainerLaunchSpec, ContainerMount, LinuxContainerSettings } from "../port.js";
import { engineSettings, runAsNonRootRefusal } from "./container-settings.js";
import type { TerminationMessagePolicy } from "./termination-message.js";

/**
 * How the backend turns a pod's container into the Engine API's create body, pure. The rules are
 * Kubernetes' (command/args over ENTRYPOINT/CMD, stop signal from the spec then the image) and
 * dockershim's (the sandbox's namespaces joined with `container:<infra>` modes, labels naming the
 * pod). https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/
 */

/** The backend's own container spec: `command` and `args` apart, so the image's defaults can apply. */
export interface ContainerCreateSpec {
  name: string;
  image: string;
  command?: readonly string[];
  args?: readonly string[];
  /** Ordered; later entries win. The image's own ENV comes first (the engine merges it). */
  env: readonly (readonly [string, string])[];
  workingDir?: string;
  /** The spec's (lifecycle.stopSignal); absent: the image's STOPSIGNAL, then SIGTERM. */
  stopSignal?: string;
  mounts: readonly ContainerMount[];
  /** Resource limits and the effective security context (container-settings.ts). */
  settings?: LinuxContainerSettings;
  /** Where the container may write its termination message; the backend mounts a file there. */
  terminationMessagePath?: string;
  terminationMessagePolicy?: TerminationMessagePolicy;
}

export interface ImageDefaults {
  entrypoint: readonly string[];
  cmd: readonly string[];
  stopSignal?: string;
  /** The image's USER ("" when unset: root). */
  user?: string;
}

/**
 * The argv a container runs: `command` replaces the image's ENTRYPOINT and drops its CMD; `args`
 * alone replaces CMD; neither keeps both. An empty list counts as unset, as in the kubelet.
 */
export function resolveArgv(
  spec: Pick<ContainerCreateSpec, "command" | "args">,
  image: ImageDefaults,
): string[] {
  const command = spec.command ?? [];
  const args = spec.args ?? [];
  if (command.length > 0) return [...command, ...args];
  return [...image.entrypoint, ...(args.length > 0 ? args : image.cmd)];
}

const byNumber = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/**
 * The signal a stop sends: the spec's, then the image's STOPSIGNAL (Docker stores "SIGUSR1" or
 * "USR1"; Podman stores the number, "10"), then SIGTERM — containerd's order.
 */
export function resolveStopSignal(specSignal: string | undefined, imageSignal: string | undefined): string {
  if (specSignal) return specSignal;
  if (!imageSignal) return "SIGTERM";
  if (/^\d+$/.test(imageSignal)) return byNumber.get(Number(imageSignal)) ?? "SIGTERM";
  const upper = imageSignal.toUpperCase();
  return upper.startsWith("SIG") ? upper : `SIG${upper}`;
}

/** The last value of each name, in the order names first appear (the engine keeps one per name). */
export function mergeEnv(env: readonly (readonly [string, string])[]): string[] {
  const values = new Map<string, string>();
  for (const [name, value] of env) values.set(name, value);
  return [...values].map(([name, value]) => `${name}=${value}`);
}

export interface PodIdentity {
  uid: string;
  name: string;
  namespace: string;
}

/** The labels every object of a run carries: `cleanup` finds a dead run's leftovers by them. */
export const RUN_LABEL = "io.podvisor.run";
export const RUN_PID_LABEL = "io.podvisor.run-pid";
export const ROLE_LABEL = "io.podvisor.role";

export function podLabels(runId: string, runPid: number, pod: PodIdentity): Record<string, string> {
  return {
    [RUN_LABEL]: runId,
    [RUN_PID_LABEL]: String(runPid),
    // dockershim's labels, so `docker ps`/`podman ps` users recognise the pod.
    "io.kubernetes.pod.uid": pod.uid,
    "io.kubernetes.pod.name": pod.name,
    "io.kubernetes.pod.namespace": pod.namespace,
  };
}

export interface SandboxNamespaces {
  infraId: string;
  sharesProcessNamespace: boolean;
  /** Podman joins another container's UTS namespace; Docker takes the hostname from the network container. */
  canJoinUts: boolean;
}

/** HostConfig fields that put a container into its pod: dockershim's `container:<infra>` modes. */
export function sandboxHostConfig(ns: SandboxNamespaces): Record<string, string> {
  const join = `container:${ns.infraId}`;
  return {
    NetworkMode: join,
    IpcMode: join,
    ...(ns.sharesProcessNamespace ? { PidMode: join } : {}),
    ...(ns.canJoinUts ? { UTSMode: join } : {}),
  };
}

/** Volume mounts as the Engine API's `HostConfig.Mounts` (bind mounts of host directories). */
export function engineMounts(
  mounts: readonly ContainerMount[],
  volumeDirs: Readonly<Record<string, string>>,
): { Type: "bind"; Source: string; Target: string; ReadOnly: boolean }[] {
  return mounts.map((mount) => {
    const dir = volumeDirs[mount.volume];
    if (dir === undefined)
      throw new ContainerStartError(
        `volume "${mount.volume}" is not one of the pod's volumes`,
        "CreateContainerConfigError",
      );
    return {
      Type: "bind",
      Source: mount.subPath ? `${dir}/${mount.subPath}` : dir,
      Target: mount.mountPath,
      ReadOnly: mount.readOnly,
    };
  });
}

export interface CreateBodyInput {
  spec: ContainerCreateSpec;
  image: ImageDefaults & { id: string };
  pod: PodIdentity;
  run: { id: string; pid: number };
  namespaces: SandboxNamespaces;
  volumeDirs: Readonly<Record<string, string>>;
  /** The host file mounted at terminationMessagePath, when the spec has one. */
  terminationLogFile?: string;
}

/**
 * The Engine API's create body for one container instance, and the stop signal it resolved to.
 * The argv is resolved here against the image (so both engines see the same explicit
 * Entrypoint + Cmd); no command at all is CreateContainerError, as containerd reports it.
 */
export function containerCreateBody(input: CreateBodyInput): {
  body: Record<string, unknown>;
  stopSignal: string;
} {
  const { spec, image, pod, run, namespaces } = input;
  const [entrypoint, ...cmd] = resolveArgv(spec, image);
  if (entrypoint === undefined)
    throw new ContainerStartError(
      `container "${spec.name}": no command specified: image "${spec.image}" has no ENTRYPOINT or CMD; set command`,
      "CreateContainerError",
    );
  const stopSignal = resolveStopSignal(spec.stopSignal, image.stopSignal);
  const settings = spec.settings ?? {};
  const refusal = runAsNonRootRefusal(settings, image.user ?? "", {
    pod: `${pod.name}_${pod.namespace}(${pod.uid})`, // kubelet format.Pod
    container: spec.name,
  });
  if (refusal !== undefined) throw new ContainerStartError(refusal, "CreateContainerConfigError");
  const { user, hostConfig } = engineSettings(settings, image.user ?? "");
  const mounts = engineMounts(spec.mounts, input.volumeDirs);
  if (input.terminationLogFile !== undefined && spec.terminationMessagePath)
    mounts.push({
      Type: "bind",
      Source: input.terminationLogFile,
      Target: spec.terminationMessagePath,
      ReadOnly: false,
    });
  const body = {
    Image: image.id,
    Entrypoint: [entrypoint],
    Cmd: cmd,
    Env: mergeEnv(spec.env),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ...(user !== undefined ? { User: user } : {}),
    StopSignal: stopSignal,
    Labels: {
      ...podLabels(run.id, run.pid, pod),
      [ROLE_LABEL]: "container",
      "io.kubernetes.container.name": spec.name,
    },
    HostConfig: { ...sandboxHostConfig(namespaces), ...hostConfig, Mounts: mounts },
  };
  return { body, stopSignal };
}

/**
 * The port's launch spec in the backend's terms. The port joins `command` and `args` into
 * `argv`; `usesImageEntrypoint` says there was no `command`, so all of `argv` are the args that
 * replace the image's CMD (none: ENTRYPOINT and CMD as they are).
 */
export function fromLaunchSpec(spec: ContainerLaunchSpec): ContainerCreateSpec {
  return {
    name: spec.name,
    image: spec.image,
    ...(spec.usesImageEntrypoint ? { args: spec.argv } : { command: spec.argv }),
    env: spec.env,
    ...(spec.workingDir !== undefined ? { workingDir: spec.workingDir } : {}),
    stopSignal: spec.stopSignal,
    mounts: spec.mounts,
    ...(spec.linux !== undefined ? { settings: spec.linux } : {}),
    ...(spec.terminationMessagePath !== undefined
      ? { terminationMessagePath: spec.terminationMessagePath }
      : {}),
    ...(spec.terminationMessagePolicy !== undefined
      ? { terminationMessagePolicy: spec.terminationMessagePolicy }
      : {}),
  };
}
