import { defaultPullPolicy } from "../../api/index.js";
import type { Clock } from "../../shared/index.js";
import { ContainerStartError } from "../../shared/index.js";
import type {
  ContainerLaunchSpec,
  ContainerRuntime,
  ExecResult,
  ImageStatus,
  LogSink,
  PodSandbox,
  PodSandboxSpec,
  RegistryAuth,
  ResolvedVolume,
  RuntimeCapabilities,
  StartedContainer,
} from "../port.js";
import { updateFileVolumes } from "../process/sandbox-volumes.js";
import { containerRuntimeCapabilities } from "./container-capabilities.js";
import { fromLaunchSpec, RUN_LABEL, RUN_PID_LABEL, type ContainerCreateSpec } from "./container-config.js";
import {
  createPodContainer,
  preparePodContainer,
  type PreparePodContainerOptions,
} from "./create-pod-container.js";
import type { EngineClient } from "./engine-client.js";
import type { EngineContainer } from "./engine-container.js";
import { execInEngineContainer } from "./engine-exec.js";
import { EngineImageStore } from "./engine-image-store.js";
import type { EnsuredImage } from "./engine-images.js";
import type { PullPolicy } from "./image-pull-policy.js";
import { ensureNetwork } from "./pod-sandbox.js";
import { ownUpdatedVolumes } from "./pod-volumes.js";
import { setUpSandbox, tearDownSandbox, type SandboxState } from "./sandbox-state.js";
import { memoryVolumeProblems } from "./tmpfs-volume.js";
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
  /** The pid the run's labels name, whose death makes its leftovers fair game for cleanup (default: this process). */
  runPid?: number;
  /** The engine network the pods join; created if missing. */
  network: string;
  /** Removes `network` at close() when this backend created it (test runs). */
  removesNetworkOnClose?: boolean;
  /** The infra image (docs/container-backend.md says how to build one without a registry). */
  pauseImage: string;
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
  readonly capabilities: RuntimeCapabilities = containerRuntimeCapabilities;
  private readonly sandboxes = new Map<string, SandboxState>();
  private readonly containers = new Map<string, EngineContainer>();
  private readonly images: EngineImageStore;
  /** The run's network when this backend created it (removed at close if asked). */
  private removableNetwork: string | undefined;
  private hasNetwork: Promise<boolean> | undefined;
  private nextInstance = 1;
  private readonly runPid: number;

  constructor(private readonly options: ContainerBackendOptions) {
    this.runPid = options.runPid ?? process.pid;
    this.images = new EngineImageStore(options.client, options.clock);
  }

  checkPod(spec: PodSandboxSpec): Promise<string[]> {
    return Promise.resolve(memoryVolumeProblems(spec, process.getuid?.() === 0));
  }

  imageStatus(image: string): Promise<ImageStatus> {
    return this.images.imageStatus(image);
  }

  pullImage(image: string, auth?: RegistryAuth): Promise<{ imageRef: string }> {
    return this.images.pullImage(image, auth);
  }

  ensureImage(
    image: string,
    policy: PullPolicy,
    onProgress?: (status: string) => void,
  ): Promise<EnsuredImage> {
    return this.images.ensureImage(image, policy, onProgress);
  }

  createSandbox(spec: PodSandboxSpec): Promise<PodSandbox> {
    return this.createPodSandbox(spec);
  }

  /** The volume directories are bind-mounted whole, so an AtomicWriter swap reaches the containers. */
  async updateSandboxVolumes(sandbox: PodSandbox, volumes: ResolvedVolume[]): Promise<void> {
    await updateFileVolumes(sandbox.volumeDirs, volumes, this.options.clock.now());
    const state = this.sandboxes.get(sandbox.id);
    if (state) await ownUpdatedVolumes(state.spec, sandbox.volumeDirs, volumes);
  }

  /** The infra container on the run's network; the pod's volumes made on the host. */
  async createPodSandbox(spec: PodSandboxSpec): Promise<PodSandbox> {
    const { client, network, runId, pauseImage } = this.options;
    this.hasNetwork ??= ensureNetwork(client, network, {
      [RUN_LABEL]: runId,
      [RUN_PID_LABEL]: String(this.runPid),
    });
    // Independent engine calls, made at once: the run's network and the infra image.
    const [createdNetwork] = await Promise.all([
      this.hasNetwork,
      this.ensureImage(pauseImage, "IfNotPresent"),
    ]);
    if (createdNetwork) this.removableNetwork = network;
    const state = await setUpSandbox(
      {
        client,
        clock: this.options.clock,
        stateDir: this.options.stateDir,
        infra: { runId, runPid: this.runPid, network, pauseImage },
        infraName: this.instanceName(spec, "POD"),
      },
      spec,
    );
    this.sandboxes.set(state.sandbox.id, state);
    return state.sandbox;
  }

  /**
   * A pod's container created, attached and its exit waited for ahead of its turn, so that its
   * turn is only the start call (docs/container-backend.md, "Containers prepared ahead of their
   * turn"). Only from an image already here: it never pulls. The turn uses it only if its create
   * body is then the same; a failure here is left for the turn to meet and report.
   */
  async prepareContainer(sandbox: PodSandbox, launch: ContainerLaunchSpec): Promise<void> {
    const state = this.sandboxes.get(sandbox.id);
    if (!state) return;
    const spec = fromLaunchSpec(launch);
    await state.prepared.prepare(spec.name, async () => {
      const image = await this.images.ifPresent(spec.image);
      if (!image) return undefined;
      const options = this.podContainerOptions(this.instanceName(state.spec, spec.name));
      return preparePodContainer(options, state, spec, image);
    });
  }

  startContainer(sandbox: PodSandbox, spec: ContainerLaunchSpec, onLog: LogSink): Promise<StartedContainer> {
    return this.createContainer(sandbox, fromLaunchSpec(spec), onLog);
  }

  async createContainer(
    sandbox: PodSandbox,
    spec: ContainerCreateSpec,
    onLog: LogSink,
    policy: PullPolicy = defaultPullPolicy(spec.image),
  ): Promise<StartedContainer> {
    const state = this.sandboxes.get(sandbox.id);
    if (!state)
      throw new ContainerStartError(
        `pod sandbox "${sandbox.id}" was not created by this runtime`,
        "CreateContainerError",
      );
    // Taken before anything is awaited: no preparation of this container begins after its turn.
    const taken = state.prepared.take(spec.name);
    let container: EngineContainer;
    try {
      // The agent's image step (imageStatus, pullImage) inspected the image just before.
      const image = await this.images.forCreate(spec.image, policy);
      const prepared = await taken;
      const instanceName = prepared?.instanceName ?? this.instanceName(state.spec, spec.name);
      container = await createPodContainer(
        {
          ...this.podContainerOptions(instanceName),
          onGone: (id) => this.containers.delete(id),
          ...(prepared ? { prepared } : {}),
        },
        state,
        spec,
        image,
        onLog,
      );
    } catch (error) {
      // A prepared container not started (the image step or the body failed) goes; removal is idempotent.
      await (await taken)?.discard().catch(() => undefined);
      throw error;
    }
    this.containers.set(container.id, container);
    state.containerIds.add(container.id);
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
    await Promise.all([...state.containerIds].map((id) => this.killAndWait(id)));
    await tearDownSandbox(this.options.client, state);
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

  private podContainerOptions(instanceName: string): PreparePodContainerOptions {
    const { client, clock, engine, runId } = this.options;
    return { client, clock, engine, run: { id: runId, pid: this.runPid }, instanceName };
  }

  private async killAndWait(id: string): Promise<void> {
    const container = this.containers.get(id);
    if (!container) return;
    await container.kill("SIGKILL");
    await container.exited;
    await container.removed;
  }

  /**
   * Unique per instance and run, readable in `podman ps`: podvisor_<ns>_<pod>_<container>_<run>_<n>.
   * The whole run id: a prefix of it (its date) is shared by every run of the day, and two
   * concurrent runs of one pod then asked the engine for the same name.
   */
  private instanceName(pod: PodSandboxSpec, container: string): string {
    return `podvisor_${pod.namespace}_${pod.name}_${container}_${this.options.runId}_${this.nextInstance++}`;
  }
}
