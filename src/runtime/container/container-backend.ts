import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { defaultPullPolicy } from "../../api/defaults/pod-defaults.js";
import type { Pod } from "../../api/types.js";
import type { Clock } from "../../shared/clock.js";
import { ContainerStartError } from "../../shared/errors.js";
import type {
  ContainerLaunchSpec,
  ContainerRuntime,
  ExecResult,
  LogSink,
  PodSandbox,
  PodSandboxSpec,
  StartedContainer,
} from "../port.js";
import { insideOf, materializeVolumes, removePodDir } from "../process/sandbox-volumes.js";
import { CONTAINER_BACKEND_CAPABILITIES, containerBackendWarnings } from "./container-capabilities.js";
import {
  engineMounts,
  mergeEnv,
  podLabels,
  resolveArgv,
  resolveStopSignal,
  ROLE_LABEL,
  sandboxHostConfig,
  type ContainerCreateSpec,
} from "./container-config.js";
import { EngineError } from "./container-errors.js";
import type { EngineClient } from "./engine-client.js";
import { attachOutput, type AttachedOutput } from "./engine-attach.js";
import { EngineContainer } from "./engine-container.js";
import { execInEngineContainer } from "./engine-exec.js";
import { ensureImage, type EnsuredImage } from "./engine-images.js";
import type { PullPolicy, RegistryCredential } from "./image-pull-policy.js";
import { ensureNetwork, removeContainer, startInfra } from "./pod-sandbox.js";
import { removeRunNetwork } from "./run-cleanup.js";

export interface ContainerBackendOptions {
  client: EngineClient;
  /** "podman" joins the infra's UTS namespace explicitly; Docker shares it through the network mode. */
  engine: "podman" | "docker";
  clock: Clock;
  /** podvisor's state directory; pod volumes live under `<stateDir>/pods/<uid>/volumes/<name>`. */
  stateDir: string;
  /** Labels every container of this run (`io.podvisor.run`), so a later cleanup can find them. */
  runId: string;
  /** The engine network the pods join; created if missing. */
  network: string;
  /** Removes `network` at close() when this backend created it (test runs). */
  removesNetworkOnClose?: boolean;
  /** The infra image (docs/container-backend.md says how to build one without a registry). */
  pauseImage: string;
}

/** The backend's sandbox spec: the port's plus the pod-level fields a container engine honours. */
export interface SandboxCreateSpec extends PodSandboxSpec {
  shareProcessNamespace?: boolean;
}

interface SandboxState {
  sandbox: PodSandbox;
  infraId: string;
  podDir: string;
  sharesProcessNamespace: boolean;
  containerIds: Set<string>;
}

/**
 * The container backend: each pod is an infra container plus one engine container per container
 * instance, through the Docker Engine API that Docker and Podman both serve
 * (docs/container-backend.md). The port methods adapt to the backend's own API
 * (`createPodSandbox`, `pullImage`, `createContainer`), which already has what the reshaped port
 * (issue 9) asks for: capabilities, image pulls with policy and credentials, the sandbox's IP.
 */
export class ContainerBackend implements ContainerRuntime {
  readonly name = "container";
  private readonly sandboxes = new Map<string, SandboxState>();
  private readonly containers = new Map<string, EngineContainer>();
  private hasNetwork: Promise<boolean> | undefined;
  private nextInstance = 1;

  constructor(private readonly options: ContainerBackendOptions) {}

  capabilities() {
    return CONTAINER_BACKEND_CAPABILITIES;
  }

  checkPod(): Promise<string[]> {
    return Promise.resolve([]);
  }

  podWarnings(pod: Pod): string[] {
    return containerBackendWarnings(pod);
  }

  /** Makes the image present per its pull policy; ImagePullError (ErrImagePull / ErrImageNeverPull) if not. */
  pullImage(
    image: string,
    policy: PullPolicy,
    credentials: readonly RegistryCredential[] = [],
    onProgress?: (status: string) => void,
  ): Promise<EnsuredImage> {
    const { client, clock } = this.options;
    return ensureImage(client, image, policy, credentials, () => clock.now(), onProgress);
  }

  createSandbox(spec: PodSandboxSpec): Promise<PodSandbox> {
    return this.createPodSandbox(spec);
  }

  async createPodSandbox(spec: SandboxCreateSpec): Promise<PodSandbox> {
    const { client, network, runId, pauseImage } = this.options;
    this.hasNetwork ??= ensureNetwork(client, network, { "io.podvisor.run": runId });
    const createdNetwork = await this.hasNetwork;
    if (createdNetwork) this.removableNetwork = network;
    await this.pullImage(pauseImage, "IfNotPresent");
    const podDir = join(this.options.stateDir, "pods", spec.uid);
    const volumeDirs = await materializeVolumes(podDir, spec.volumes);
    const infra = await startInfra(
      client,
      { runId, runPid: process.pid, network, pauseImage },
      spec,
      this.instanceName(spec, "POD"),
    );
    const sandbox: PodSandbox = { id: infra.infraId, ip: infra.ip, volumeDirs };
    this.sandboxes.set(sandbox.id, {
      sandbox,
      infraId: infra.infraId,
      podDir,
      sharesProcessNamespace: spec.shareProcessNamespace === true,
      containerIds: new Set(),
    });
    this.specs.set(sandbox.id, spec);
    return sandbox;
  }

  /** The port's start: `argv` is command + args already joined, so it stands as the command. */
  startContainer(sandbox: PodSandbox, spec: ContainerLaunchSpec, onLog: LogSink): Promise<StartedContainer> {
    return this.createContainer(
      sandbox,
      {
        name: spec.name,
        image: spec.image,
        command: spec.argv,
        env: spec.env,
        ...(spec.workingDir !== undefined ? { workingDir: spec.workingDir } : {}),
        stopSignal: spec.stopSignal,
        mounts: spec.mounts,
      },
      onLog,
    );
  }

  async createContainer(
    sandbox: PodSandbox,
    spec: ContainerCreateSpec,
    onLog: LogSink,
    policy: PullPolicy = defaultPullPolicy(spec.image),
  ): Promise<StartedContainer> {
    const state = this.sandboxes.get(sandbox.id);
    const pod = this.specs.get(sandbox.id);
    if (!state || !pod)
      throw new ContainerStartError(
        `pod sandbox "${sandbox.id}" was not created by this runtime`,
        "CreateContainerError",
      );
    const { client, clock, engine, runId } = this.options;
    const image = await this.pullImage(spec.image, policy);
    const argv = resolveArgv(spec, image);
    const [entrypoint, ...cmd] = argv;
    if (entrypoint === undefined)
      throw new ContainerStartError(
        `container "${spec.name}": no command specified: image "${spec.image}" has no ENTRYPOINT or CMD; set command`,
        "CreateContainerError",
      );
    for (const mount of spec.mounts) {
      const dir = sandbox.volumeDirs[mount.volume];
      if (dir !== undefined && mount.subPath)
        await mkdir(insideOf(dir, mount.subPath, `volumeMount "${mount.mountPath}" subPath`), {
          recursive: true,
        });
    }
    const stopSignal = resolveStopSignal(spec.stopSignal, image.stopSignal);
    const created = await client
      .json<{ Id: string }>({
        method: "POST",
        path: "/containers/create",
        query: { name: this.instanceName(pod, spec.name) },
        body: {
          Image: image.id,
          Entrypoint: [entrypoint],
          Cmd: cmd,
          Env: mergeEnv(spec.env),
          ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
          StopSignal: stopSignal,
          Labels: {
            ...podLabels(runId, process.pid, pod),
            [ROLE_LABEL]: "container",
            "io.kubernetes.container.name": spec.name,
          },
          HostConfig: {
            ...sandboxHostConfig({
              infraId: state.infraId,
              sharesProcessNamespace: state.sharesProcessNamespace,
              canJoinUts: engine === "podman",
            }),
            Mounts: engineMounts(spec.mounts, sandbox.volumeDirs),
          },
        },
      })
      .catch((error: unknown) => {
        throw new ContainerStartError(
          `container "${spec.name}": ${engineText(error)}`,
          "CreateContainerError",
          error,
        );
      });
    let output: AttachedOutput | undefined;
    try {
      output = await attachOutput(client, clock, created.Id, onLog);
      await client.call({ method: "POST", path: `/containers/${created.Id}/start` });
    } catch (error) {
      output?.detach();
      await removeContainer(client, created.Id);
      throw new ContainerStartError(
        `container "${spec.name}": ${engineText(error)}`,
        "RunContainerError",
        error,
      );
    }
    const container = new EngineContainer(
      client,
      clock,
      created.Id,
      clock.now(),
      stopSignal,
      output.done,
      () => this.containers.delete(created.Id),
    );
    this.containers.set(created.Id, container);
    state.containerIds.add(created.Id);
    return container;
  }

  async stopContainer(id: string, gracePeriodMs: number): Promise<void> {
    await this.containers.get(id)?.stop(gracePeriodMs);
  }

  async execInContainer(id: string, argv: string[], timeoutMs: number): Promise<ExecResult> {
    const container = this.containers.get(id);
    if (!container?.isRunning)
      return { exitCode: 126, output: `container ${id} is not running`, timedOut: false };
    return execInEngineContainer(this.options.client, this.options.clock, id, argv, timeoutMs);
  }

  async removeSandbox(sandbox: PodSandbox): Promise<void> {
    const state = this.sandboxes.get(sandbox.id);
    if (!state) return;
    this.sandboxes.delete(sandbox.id);
    this.specs.delete(sandbox.id);
    await Promise.all([...state.containerIds].map((id) => this.killAndWait(id)));
    await removeContainer(this.options.client, state.infraId);
    await removePodDir(state.podDir);
  }

  async close(): Promise<void> {
    await Promise.all([...this.containers.keys()].map((id) => this.killAndWait(id)));
    for (const sandbox of [...this.sandboxes.values()].map((s) => s.sandbox))
      await this.removeSandbox(sandbox);
    if (this.options.removesNetworkOnClose && this.removableNetwork) {
      await removeRunNetwork(this.options.client, this.removableNetwork);
      this.removableNetwork = undefined;
      this.hasNetwork = undefined;
    }
  }

  private readonly specs = new Map<string, SandboxCreateSpec>();
  private removableNetwork: string | undefined;

  private async killAndWait(id: string): Promise<void> {
    const container = this.containers.get(id);
    if (!container) return;
    await container.kill("SIGKILL");
    await container.exited;
  }

  /** Unique per instance and run, readable in `podman ps`: podvisor_<pod>_<container>_<run>_<n>. */
  private instanceName(pod: PodSandboxSpec, container: string): string {
    const run = this.options.runId.slice(0, 8);
    return `podvisor_${pod.namespace}_${pod.name}_${container}_${run}_${this.nextInstance++}`;
  }
}

function engineText(error: unknown): string {
  return error instanceof EngineError
    ? error.engineMessage
    : error instanceof Error
      ? error.message
      : String(error);
}
