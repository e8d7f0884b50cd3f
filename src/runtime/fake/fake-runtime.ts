import { type Clock, ContainerStartError, ImagePullError } from "../../shared/index.js";
import type {
  ContainerExit,
  ContainerLaunchSpec,
  ContainerRuntime,
  ExecResult,
  ImageStatus,
  LogSink,
  PodSandbox,
  RuntimeCapabilities,
  PodSandboxSpec,
  RegistryAuth,
  ResolvedVolume,
  StartedContainer,
} from "../port.js";
import { behaviourFromArgv, type FakeBehaviour, type FakeLog } from "./fake-behaviour.js";
import { exitCodeForSignal, type NamedSignal } from "../../api/index.js";
import { processRuntimeCapabilities } from "../process/process-capabilities.js";

/** Every call the agent made, in order, for tests to assert on. */
export type FakeCall =
  | { op: "checkPod"; pod: string }
  | { op: "createSandbox"; pod: string }
  | { op: "updateSandboxVolumes"; pod: string; volumes: ResolvedVolume[] }
  | { op: "pullImage"; image: string; auth?: RegistryAuth }
  | { op: "startContainer"; pod: string; container: string; id: string }
  | { op: "stopContainer"; id: string; container: string; gracePeriodMs: number }
  | { op: "execInContainer"; id: string; container: string; argv: string[] }
  | { op: "removeSandbox"; pod: string }
  | { op: "close" };

interface FakeContainer {
  id: string;
  spec: ContainerLaunchSpec;
  behaviour: FakeBehaviour;
  startedAtMs: number;
  exited: Promise<ContainerExit>;
  exit(exitCode: number, signal?: NamedSignal): void;
  hasExited: boolean;
  onLog: LogSink;
  stopping?: Promise<void>;
}

export interface FakeRuntimeOptions {
  /** Behaviour for containers not scripted by name (default: behaviourFromArgv(spec.argv)). */
  behaviourFor?: (spec: ContainerLaunchSpec) => FakeBehaviour;
  /** Overrides the fake's capabilities (by default those of the process backend, without pulls). */
  capabilities?: Partial<RuntimeCapabilities>;
  /** The sandbox's address (default "127.0.0.1"). */
  podIP?: string;
  /**
   * With `pullsImages`: images already present, and images whose pull fails (with the message);
   * a key "<image> as <username>" fails only the pull with that login.
   */
  images?: { present?: readonly string[]; failPull?: Readonly<Record<string, string>> };
}

// The fake stands in for the process backend in agent tests, so it claims what that backend does.
const fakeCapabilities: RuntimeCapabilities = {
  ...processRuntimeCapabilities,
  displayName: "the fake runtime",
};

/**
 * A ContainerRuntime whose containers are scripts played on a Clock (FakeClock in tests): no
 * processes, fully deterministic. Passes the runtime contract suite like the real backends.
 */
export class FakeRuntime implements ContainerRuntime {
  readonly name = "fake";
  readonly calls: FakeCall[] = [];
  /** Problems checkPod reports (set by tests). */
  checkPodProblems: string[] = [];
  private readonly scripts = new Map<string, FakeBehaviour[]>();
  private readonly containers = new Map<string, FakeContainer>();
  private readonly pods = new Map<string, PodSandboxSpec>();
  private nextId = 1;
  private readonly presentImages: Set<string>;

  constructor(
    private readonly clock: Clock,
    private readonly options: FakeRuntimeOptions = {},
  ) {
    this.presentImages = new Set(options.images?.present ?? []);
  }

  /** Scripts the next starts of the container `name`; with several behaviours, one per start (the last repeats). */
  script(name: string, ...behaviours: FakeBehaviour[]): this {
    this.scripts.set(name, behaviours);
    return this;
  }

  /** Names of the containers running now. */
  get running(): string[] {
    return [...this.containers.values()].filter((c) => !c.hasExited).map((c) => c.spec.name);
  }

  get capabilities(): RuntimeCapabilities {
    return { ...fakeCapabilities, ...this.options.capabilities };
  }

  imageStatus(image: string): Promise<ImageStatus> {
    const present = !this.capabilities.pullsImages || this.presentImages.has(image);
    return Promise.resolve(present ? { present, imageRef: image } : { present });
  }

  pullImage(image: string, auth?: RegistryAuth): Promise<{ imageRef: string }> {
    this.calls.push({ op: "pullImage", image, ...(auth ? { auth } : {}) });
    const failure =
      this.options.images?.failPull?.[auth ? `${image} as ${auth.username}` : image] ??
      this.options.images?.failPull?.[image];
    if (failure !== undefined) return Promise.reject(new ImagePullError(failure));
    this.presentImages.add(image);
    return Promise.resolve({ imageRef: image });
  }

  checkPod(spec: PodSandboxSpec): Promise<string[]> {
    this.calls.push({ op: "checkPod", pod: spec.name });
    return Promise.resolve([...this.checkPodProblems]);
  }

  createSandbox(spec: PodSandboxSpec): Promise<PodSandbox> {
    this.calls.push({ op: "createSandbox", pod: spec.name });
    this.pods.set(spec.uid, spec);
    const volumeDirs = Object.fromEntries(
      spec.volumes.map((v) => [v.name, `/fake/pods/${spec.uid}/volumes/${v.name}`]),
    );
    return Promise.resolve({ id: spec.uid, ip: this.options.podIP ?? "127.0.0.1", volumeDirs });
  }

  /** Records the new volume contents (agent tests read them from `calls`). */
  updateSandboxVolumes(sandbox: PodSandbox, volumes: ResolvedVolume[]): Promise<void> {
    const spec = this.pods.get(sandbox.id);
    this.calls.push({ op: "updateSandboxVolumes", pod: spec?.name ?? sandbox.id, volumes });
    return Promise.resolve();
  }

  startContainer(sandbox: PodSandbox, spec: ContainerLaunchSpec, onLog: LogSink): Promise<StartedContainer> {
    const id = `${sandbox.id}/${spec.name}/${this.nextId++}`;
    this.calls.push({
      op: "startContainer",
      pod: this.pods.get(sandbox.id)?.name ?? sandbox.id,
      container: spec.name,
      id,
    });
    const behaviour = this.behaviourFor(spec);
    const { failStart } = behaviour;
    if (failStart)
      return Promise.reject(
        new ContainerStartError(
          failStart.message,
          failStart.reason,
          undefined,
          failStart.leftExited ? { containerId: id } : undefined,
        ),
      );
    const startedAtMs = this.clock.now();
    let resolveExit!: (exit: ContainerExit) => void;
    const container: FakeContainer = {
      id,
      spec,
      behaviour,
      startedAtMs,
      onLog,
      hasExited: false,
      exited: new Promise((resolve) => (resolveExit = resolve)),
      exit: (exitCode, signal) => {
        if (container.hasExited) return;
        container.hasExited = true;
        const reason = exitCode === 0 ? "Completed" : "Error";
        resolveExit({
          exitCode,
          ...(signal ? { signal } : {}),
          reason,
          startedAtMs,
          finishedAtMs: this.clock.now(),
        });
      },
    };
    this.containers.set(id, container);
    this.play(container, behaviour.logs ?? []);
    if (behaviour.exitAfterMs !== undefined)
      this.after(container, behaviour.exitAfterMs, () => container.exit(behaviour.exitCode ?? 0));
    return Promise.resolve({ id, startedAtMs, exited: container.exited });
  }

  stopContainer(id: string, gracePeriodMs: number): Promise<void> {
    const container = this.containers.get(id);
    this.calls.push({ op: "stopContainer", id, container: container?.spec.name ?? "?", gracePeriodMs });
    if (!container || container.hasExited) return Promise.resolve();
    container.stopping ??= (async () => {
      const onStop = container.behaviour.onStop ?? "die";
      const signal = container.spec.stopSignal;
      if (onStop === "die")
        // An unnamed (realtime) signal is reported as SIGTERM's status, as before.
        container.exit(exitCodeForSignal(signal, 15), signal);
      else if (onStop !== "ignore") {
        this.play(container, onStop.logs ?? []);
        this.after(container, onStop.afterMs ?? 0, () => container.exit(onStop.exitCode));
      }
      this.after(container, gracePeriodMs, () => container.exit(137, "SIGKILL"));
      await container.exited;
    })();
    return container.stopping;
  }

  async execInContainer(id: string, argv: string[], timeoutMs: number): Promise<ExecResult> {
    const container = this.containers.get(id);
    this.calls.push({ op: "execInContainer", id, container: container?.spec.name ?? "?", argv });
    if (!container || container.hasExited)
      return { exitCode: 126, output: `container "${id}" is not running`, timedOut: false };
    const { delayMs = 0, ...result } = container.behaviour.exec?.(argv) ?? {
      exitCode: 0,
      output: "",
      timedOut: false,
    };
    if (delayMs > 0) {
      // The command dies with its container, as in a pid namespace.
      const exited = new AbortController();
      void container.exited.then(() => exited.abort());
      const ended = await this.clock.sleep(Math.min(delayMs, timeoutMs), exited.signal).then(
        () => "slept" as const,
        () => "containerExited" as const,
      );
      if (ended === "containerExited") return { exitCode: 137, output: "", timedOut: false };
    }
    return delayMs > timeoutMs ? { exitCode: 137, output: "", timedOut: true } : result;
  }

  async removeSandbox(sandbox: PodSandbox): Promise<void> {
    this.calls.push({ op: "removeSandbox", pod: this.pods.get(sandbox.id)?.name ?? sandbox.id });
    const left = [...this.containers.values()].filter((c) => c.id.startsWith(`${sandbox.id}/`));
    for (const container of left) container.exit(137, "SIGKILL");
    await Promise.all(left.map((c) => c.exited));
    this.pods.delete(sandbox.id);
  }

  async close(): Promise<void> {
    this.calls.push({ op: "close" });
    for (const container of this.containers.values()) container.exit(137, "SIGKILL");
    await Promise.all([...this.containers.values()].map((c) => c.exited));
  }

  private behaviourFor(spec: ContainerLaunchSpec): FakeBehaviour {
    const scripted = this.scripts.get(spec.name);
    if (scripted && scripted.length > 0) return (scripted.length > 1 ? scripted.shift() : scripted[0]) ?? {};
    return this.options.behaviourFor?.(spec) ?? behaviourFromArgv(spec.argv);
  }

  /** Runs `action` `ms` after now unless the container has exited by then; at 0 ms, without waiting on the clock. */
  private after(container: FakeContainer, ms: number, action: () => void): void {
    if (ms <= 0) {
      queueMicrotask(() => !container.hasExited && action());
      return;
    }
    const exited = new AbortController();
    void container.exited.then(() => exited.abort());
    this.clock.sleep(ms, exited.signal).then(
      () => !container.hasExited && action(),
      () => undefined,
    );
  }

  private play(container: FakeContainer, logs: readonly FakeLog[]): void {
    const deliver = (log: FakeLog) =>
      container.onLog({
        stream: log.stream ?? "stdout",
        text: log.text,
        partial: log.partial ?? false,
        timeMs: this.clock.now(),
      });
    for (const log of logs) {
      if ((log.atMs ?? 0) <= 0) deliver(log);
      else this.after(container, log.atMs ?? 0, () => deliver(log));
    }
  }
}
