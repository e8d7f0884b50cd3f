/**
 * The pod worker: the imperative shell around the pure engine (kubelet `podWorkers` + `SyncPod`).
 * On every event — a process exit, a hook's return, a timer, a deletion — it folds the fact into
 * the pod's observed state (`observe`), asks the engine what to do (`computePodActions`), and
 * carries the plan out. It decides nothing itself.
 */
import type { ConfigMap, Container, Pod, Secret } from "../api/types.js";
import type { Clock } from "../shared/clock.js";
import type { EventSink } from "../shared/events.js";
import type { ContainerRuntime, LogLine, PodSandbox } from "../runtime/port.js";
import type { BackoffEntry, Observation, PodActions, PodRuntimeState } from "../lifecycle/pod-state.js";
import { computePodActions, createPodRuntimeState, observe, type EngineOptions } from "../lifecycle/index.js";
import { generatePodStatus } from "../status/index.js";
import { resolveContainerEnv } from "./container-env.js";
import { resolveVolumes } from "./container-volumes.js";
import { buildLaunchSpec } from "./launch-spec.js";
import { runLifecycleHandler } from "./lifecycle-hooks.js";
import { podEvents } from "./pod-events.js";
import { ProbeWorkers } from "./probe-workers.js";

export interface PodWorkerDeps {
  runtime: ContainerRuntime;
  clock: Clock;
  engineOptions?: EngineOptions;
  objects: { configMaps: ConfigMap[]; secrets: Secret[] };
  nodeName: string;
  hostIP: string;
  onEvent: EventSink;
  onLog: (pod: Pod, container: string, line: LogLine) => void;
  /** Called after every sync with the pod and its freshly generated status. */
  onStatus?: (pod: Pod) => void;
}

export class PodWorker {
  private state: PodRuntimeState;
  private current: Pod;
  private sandbox: PodSandbox | undefined;
  private sandboxRequested = false;
  private syncQueued = false;
  private finishedSettled = false;
  private wakeTimer: { atMs: number; abort: AbortController } | undefined;
  private killQueue: Promise<void> = Promise.resolve();
  private startChain: Promise<void> = Promise.resolve();
  private readonly queuedStarts = new Set<string>();
  /** Each running instance's exit, by container name: a sleep preStop ends early on it (F6). */
  private readonly exits = new Map<string, Promise<unknown>>();
  /** Instances whose pod-termination `Killing` event was emitted. */
  private readonly announcedStops = new Set<string>();
  private readonly events;
  private readonly probes: ProbeWorkers;
  private resolveFinished!: (pod: Pod) => void;
  private rejectFinished!: (error: unknown) => void;
  /** Resolves with the final pod (status included) once nothing will run in it again. */
  readonly finished: Promise<Pod>;

  constructor(
    pod: Pod,
    private readonly deps: PodWorkerDeps,
  ) {
    // Admission drops any status the manifest carried (e.g. one exported from a cluster).
    const { status: _ignored, ...admitted } = pod;
    this.current = admitted;
    this.state = createPodRuntimeState(pod, deps.clock.now());
    this.events = podEvents(pod, deps.onEvent, () => deps.clock.now());
    // H4, improved: a recorded probe result changes the state and syncs at once.
    this.probes = new ProbeWorkers({
      runtime: deps.runtime,
      clock: deps.clock,
      onResult: (name, probe, result) => {
        this.record({ type: "probeResult", name, probe, result });
        this.requestSync();
      },
      onUnhealthy: (container, message) => this.events.unhealthy(container, message),
    });
    this.finished = new Promise((resolve, reject) => {
      this.resolveFinished = resolve;
      this.rejectFinished = reject;
    });
  }

  get pod(): Pod {
    return this.current;
  }

  get isFinished(): boolean {
    return this.finishedSettled;
  }

  start(): void {
    this.events.scheduled(this.deps.nodeName);
    this.requestSync();
  }

  /** A pod deletion (C4): ordered, graceful termination with `gracePeriodMs` (default: the pod's). */
  delete(gracePeriodMs?: number): void {
    if (this.state.termination || this.finishedSettled) return;
    const graceMs = gracePeriodMs ?? (this.current.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    this.current = {
      ...this.current,
      metadata: {
        ...this.current.metadata,
        deletionTimestamp: new Date(this.deps.clock.now() + graceMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
        deletionGracePeriodSeconds: Math.floor(graceMs / 1000),
      },
    };
    this.record({
      type: "terminationStarted",
      reason: "Deleted",
      atMs: this.deps.clock.now(),
      gracePeriodMs: graceMs,
    });
    this.requestSync();
  }

  private record(observation: Observation): void {
    this.state = observe(this.state, observation);
    // C4, E10: from the start of termination liveness and startup stop; readiness continues.
    if (observation.type === "terminationStarted") this.probes.podTerminating();
  }

  private requestSync(): void {
    if (this.syncQueued || this.finishedSettled) return;
    this.syncQueued = true;
    queueMicrotask(() => {
      this.syncQueued = false;
      try {
        this.sync();
      } catch (error) {
        this.fail(error);
      }
    });
  }

  private sync(): void {
    if (this.finishedSettled) return;
    const nowMs = this.deps.clock.now();
    let actions = computePodActions(this.current, this.state, nowMs, this.deps.engineOptions);
    if (actions.beginTermination && !this.state.termination) {
      const { reason, gracePeriodMs } = actions.beginTermination;
      this.record({ type: "terminationStarted", reason, atMs: nowMs, gracePeriodMs });
      actions = computePodActions(this.current, this.state, nowMs, this.deps.engineOptions);
    }
    this.carryOut(actions, nowMs);
    this.publishStatus(nowMs);
    if (actions.isFinished) void this.finish();
  }

  private carryOut(actions: PodActions, nowMs: number): void {
    if (actions.createSandbox) this.createSandbox();
    for (const hold of actions.backOff) {
      const record = this.state.containers[hold.name];
      if (record?.backOff?.untilMs !== hold.untilMs) this.events.backOff(this.spec(hold.name), hold.name);
      this.record({ type: "backOff", ...hold });
    }
    for (const start of actions.startContainers) {
      if (this.queuedStarts.has(start.name)) continue;
      this.queuedStarts.add(start.name);
      // A5: starts are serial — each create, start and postStart completes before the next begins.
      this.startChain = this.startChain.then(() => this.startQueued(start.name, start.backoff));
    }
    for (const kill of actions.killContainers) {
      this.record({ type: "killStarted", name: kill.name, reason: kill.reason, atMs: nowMs });
      this.killQueue = this.killQueue
        .then(() => this.killContainer(kill.name, kill.reason, kill.gracePeriodMs))
        .catch((e: unknown) => this.fail(e));
    }
    for (const step of actions.runPreStop) {
      this.announceStop(step.name);
      this.record({ type: "preStopStarted", name: step.name, atMs: nowMs, budgetMs: step.budgetMs });
      void this.runPreStop(step.name, step.budgetMs);
    }
    for (const step of actions.awaitTurn) {
      this.announceStop(step.name);
      this.record({ type: "awaitingTurn", name: step.name, atMs: nowMs, budgetMs: step.budgetMs });
    }
    for (const stop of actions.stopContainers) {
      this.record({ type: "stopSignalled", name: stop.name, atMs: nowMs, gracePeriodMs: stop.gracePeriodMs });
      this.announceStop(stop.name);
      void this.stop(stop.name, stop.gracePeriodMs);
    }
    this.scheduleWake(actions.wakeAtMs);
  }

  /**
   * kubelet killContainer records `Killing` first, before the preStop hook and the wait for the
   * container's turn (C5), once per instance.
   */
  private announceStop(name: string): void {
    const id = this.containerId(name) ?? name;
    if (this.announcedStops.has(id)) return;
    this.announcedStops.add(id);
    this.events.killing(this.spec(name), `Stopping container ${name}`);
  }

  private createSandbox(): void {
    if (this.sandboxRequested) return;
    this.sandboxRequested = true;
    const volumes = resolveVolumes(this.current, this.deps.objects);
    this.deps.runtime
      .createSandbox({
        uid: this.current.metadata.uid ?? "",
        name: this.current.metadata.name ?? "",
        namespace: this.current.metadata.namespace ?? "default",
        volumes,
      })
      .then((sandbox) => {
        this.sandbox = sandbox;
        this.record({ type: "sandboxReady", atMs: this.deps.clock.now() });
        this.requestSync();
      })
      .catch((error: unknown) => this.fail(error));
  }

  private async startQueued(name: string, backoff: BackoffEntry | undefined): Promise<void> {
    try {
      // C4: nothing starts once termination began; a queued start is dropped.
      if (this.state.termination || this.finishedSettled) return;
      this.record({ type: "containerStarting", name, atMs: this.deps.clock.now(), backoff });
      this.publishStatus(this.deps.clock.now());
      await this.startContainer(name);
    } catch (error) {
      this.fail(error);
    } finally {
      this.queuedStarts.delete(name);
      this.requestSync();
    }
  }

  private async startContainer(name: string): Promise<void> {
    const container = this.spec(name);
    const sandbox = this.sandbox;
    if (!sandbox) throw new Error(`internal: container ${name} started before the sandbox`);
    const envResult = resolveContainerEnv(this.current, container, {
      ...this.deps.objects,
      podIP: sandbox.ip,
      hostIP: this.deps.hostIP,
      nodeName: this.deps.nodeName,
    });
    if ("error" in envResult) {
      this.startFailed(container, "CreateContainerConfigError", envResult.error);
      return;
    }
    const launch = buildLaunchSpec(this.current, container, envResult.env);
    let started;
    try {
      started = await this.deps.runtime.startContainer(sandbox, launch, (line) =>
        this.deps.onLog(this.current, name, line),
      );
    } catch (error) {
      const reason = (error as { reason?: string }).reason ?? "RunContainerError";
      this.startFailed(container, reason, error instanceof Error ? error.message : String(error));
      return;
    }
    this.events.created(container);
    this.events.started(container);
    this.exits.set(name, started.exited);
    let postStartDone: Promise<void> = Promise.resolve();
    const postStart = container.lifecycle?.postStart;
    if (postStart) {
      postStartDone = runLifecycleHandler(postStart, {
        runtime: this.deps.runtime,
        clock: this.deps.clock,
        containerId: started.id,
        container,
        podIP: sandbox.ip,
        podLabel: this.podLabel(),
        timeoutMs: NO_HOOK_TIMEOUT_MS,
      }).then((outcome) => {
        this.record({ type: "containerRunning", name, id: started.id, startedAtMs: started.startedAtMs });
        if (outcome.ok) this.probes.startInstance(container, started.id, started.startedAtMs, sandbox.ip);
        else {
          // F3: the kubelet leaves the hook's output out of the event (it may hold secrets).
          this.events.failedPostStartHook(container);
          const graceMs = (this.current.spec.terminationGracePeriodSeconds ?? 30) * 1000;
          this.record({
            type: "killStarted",
            name,
            reason: "FailedPostStartHook",
            atMs: this.deps.clock.now(),
          });
          this.killQueue = this.killQueue
            .then(() => this.killContainer(name, "FailedPostStartHook", graceMs))
            .catch((e: unknown) => this.fail(e));
        }
      });
    } else {
      this.record({ type: "containerRunning", name, id: started.id, startedAtMs: started.startedAtMs });
      this.probes.startInstance(container, started.id, started.startedAtMs, sandbox.ip);
    }
    // An exit during postStart is seen after postStart returned, as the kubelet's PLEG would.
    void Promise.all([started.exited, postStartDone]).then(([exit]) => {
      // E9: the instance's probe timers go with it.
      this.probes.stopInstance(name, started.id);
      this.record({ type: "containerExited", name, exit });
      this.requestSync();
    });
    await postStartDone;
  }

  private startFailed(container: Container, reason: string, message: string): void {
    this.record({
      type: "containerStartFailed",
      name: container.name,
      reason,
      message,
      atMs: this.deps.clock.now(),
    });
    this.events.failed(container, `Error: ${message}`);
    this.requestSync();
  }

  /** kubelet killContainer: preStop within the grace, then the stop signal with at least 2 s (C5.3, F4). */
  private async killContainer(name: string, reason: string, gracePeriodMs: number): Promise<void> {
    const container = this.spec(name);
    this.events.killing(container, killingMessage(name, reason));
    let remainingMs = gracePeriodMs;
    const preStop = container.lifecycle?.preStop;
    if (preStop && remainingMs > 0) {
      const startedAt = this.deps.clock.now();
      await this.runHookBounded(name, preStop, remainingMs);
      remainingMs -= Math.floor((this.deps.clock.now() - startedAt) / 1000) * 1000;
    }
    await this.stop(name, Math.max(remainingMs, 2000));
  }

  private async runPreStop(name: string, budgetMs: number): Promise<void> {
    const preStop = this.spec(name).lifecycle?.preStop;
    if (preStop) await this.runHookBounded(name, preStop, budgetMs);
    this.record({ type: "preStopFinished", name, atMs: this.deps.clock.now() });
    this.requestSync();
  }

  private async runHookBounded(
    name: string,
    handler: NonNullable<Container["lifecycle"]>["preStop"] & object,
    budgetMs: number,
  ): Promise<void> {
    const id = this.containerId(name);
    // F4: no preStop for a container that already exited.
    if (!id || !this.sandbox) return;
    const abort = new AbortController();
    // F6: a sleep preStop ends early once the container has exited.
    void this.exits.get(name)?.then(() => abort.abort());
    const hook = runLifecycleHandler(handler, {
      runtime: this.deps.runtime,
      clock: this.deps.clock,
      containerId: id,
      container: this.spec(name),
      podIP: this.sandbox.ip,
      podLabel: this.podLabel(),
      timeoutMs: budgetMs,
      signal: abort.signal,
    });
    const timeout = this.deps.clock.sleep(budgetMs, abort.signal).then(
      () => ({ ok: true as const, timedOut: true }),
      () => ({ ok: true as const, timedOut: false }),
    );
    const outcome = await Promise.race([hook, timeout]);
    abort.abort();
    // C7: a failed preStop is only a warning; the stop goes on. The message stays out of the event (F3).
    if (!outcome.ok) this.events.failedPreStopHook(this.spec(name));
  }

  private async stop(name: string, gracePeriodMs: number): Promise<void> {
    const id = this.containerId(name);
    if (id) await this.deps.runtime.stopContainer(id, gracePeriodMs);
  }

  private containerId(name: string): string | undefined {
    const state = this.state.containers[name]?.state;
    return state?.kind === "running" ? state.id : undefined;
  }

  private scheduleWake(atMs: number | undefined): void {
    if (this.wakeTimer && this.wakeTimer.atMs === atMs) return;
    this.wakeTimer?.abort.abort();
    this.wakeTimer = undefined;
    if (atMs === undefined) return;
    const abort = new AbortController();
    this.wakeTimer = { atMs, abort };
    this.deps.clock.sleep(atMs - this.deps.clock.now(), abort.signal).then(
      () => {
        if (this.wakeTimer?.abort === abort) this.wakeTimer = undefined;
        this.requestSync();
      },
      () => {},
    );
  }

  private publishStatus(nowMs: number): void {
    const status = generatePodStatus(this.current, this.state, nowMs, this.current.status);
    this.current = { ...this.current, status };
    this.deps.onStatus?.(this.current);
  }

  private async finish(): Promise<void> {
    if (this.finishedSettled) return;
    this.finishedSettled = true;
    this.wakeTimer?.abort.abort();
    this.probes.stopAll();
    try {
      if (this.sandbox) await this.deps.runtime.removeSandbox(this.sandbox);
      this.resolveFinished(this.current);
    } catch (error) {
      this.rejectFinished(error);
    }
  }

  private fail(error: unknown): void {
    if (this.finishedSettled) return;
    this.finishedSettled = true;
    this.wakeTimer?.abort.abort();
    this.probes.stopAll();
    this.rejectFinished(error);
  }

  /** kubelet `format.Pod`: name_namespace(uid), as hook failure messages name the pod. */
  private podLabel(): string {
    const meta = this.current.metadata;
    return `${meta.name ?? ""}_${meta.namespace ?? "default"}(${meta.uid ?? ""})`;
  }

  private spec(name: string): Container {
    const spec = this.current.spec;
    const container = [...(spec.initContainers ?? []), ...spec.containers].find((c) => c.name === name);
    if (!container)
      throw new Error(`internal: no container ${name} in pod ${this.current.metadata.name ?? ""}`);
    return container;
  }
}

/** The kubelet gives postStart no timeout of its own; the largest delay a Node timer can hold. */
const NO_HOOK_TIMEOUT_MS = 2_147_483_647;

function killingMessage(name: string, reason: string): string {
  switch (reason) {
    case "LivenessProbe":
      return `Container ${name} failed liveness probe, will be restarted`;
    case "StartupProbe":
      return `Container ${name} failed startup probe, will be restarted`;
    case "FailedPostStartHook":
      return "FailedPostStartHook";
    default:
      return `Stopping container ${name}`;
  }
}
