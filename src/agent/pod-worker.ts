/**
 * The pod worker: the imperative shell around the pure engine (kubelet `podWorkers` + `SyncPod`).
 * On every event — a process exit, a hook's return, a timer, a deletion — it folds the fact into
 * the pod's observed state (`observe`), asks the engine what to do (`computePodActions`), and
 * carries the plan out. It decides nothing itself.
 */
import {
  formatTime,
  podAsSeenByKubelet,
  type Container,
  type FeatureGates,
  type Pod,
  type PodCondition,
} from "../api/index.js";
import { type Clock, type EventSink, WakeTimer } from "../shared/index.js";
import type { ContainerRuntime, PodSandbox } from "../runtime/index.js";
import type { ContainerLogSink, ObjectLookup, PodStatusSink } from "./ports.js";
import {
  type BackoffEntry,
  type Observation,
  type PodActions,
  computePodActions,
  containersToPrepare,
  createPodRuntimeState,
  isStillToPrepare,
  formatPodDescription,
  podGracePeriodMs,
  ObservedPodState,
  type PodRuntimeState,
  observationsForActions,
  type EngineOptions,
} from "../lifecycle/index.js";
import { buildSandboxSpec, resolveVolumes } from "../podspec/index.js";
import { podMemoryLimitBytes } from "../resources/index.js";
import type { ContainerContext } from "./container-context.js";
import { ContainerPreparer } from "./container-prepare.js";
import { startContainer } from "./container-start.js";
import { killingMessage, runPreStop, stopContainer } from "./container-stop.js";
import { podEvents } from "./pod-events.js";
import { ProbeWorkers } from "./probe-workers.js";
import { StatusPublisher } from "./status-publisher.js";

export interface PodWorkerDeps {
  runtime: ContainerRuntime;
  clock: Clock;
  engineOptions?: EngineOptions;
  /**
   * The kubelet's feature gates (default: v1.36's). The pod enters the worker as a kubelet with
   * these gates sees it (`podAsSeenByKubelet`), so the engine and the status agree on what is a
   * sidecar: with SidecarContainers off, a `restartPolicy: Always` init container is a plain one.
   */
  featureGates?: FeatureGates;
  /** The ConfigMaps and Secrets the pod's env and volumes read. */
  objects: ObjectLookup;
  nodeName: string;
  hostIP: string;
  onEvent: EventSink;
  /** A line of a container instance's output; `restartCount` names the instance (0 = the first). */
  onLog: ContainerLogSink;
  /** The instance's output is complete (it exited and every line was delivered). */
  onLogEnd?: (pod: Pod, container: string, restartCount: number) => void;
  /** Called after every sync with the pod and its freshly generated status. */
  onStatus?: PodStatusSink;
  /**
   * Told how many container records each whole-state snapshot copied (issue 10 item 12: over a
   * pod's start they stay linear in its containers); for tests and benchmarks.
   */
  onRecordsCopied?: (count: number) => void;
}

export class PodWorker {
  /** The pod's observed state; a fact about one container costs O(1) (lifecycle/observed-pod-state.ts). */
  private readonly state: ObservedPodState;
  private current: Pod;
  private sandbox: PodSandbox | undefined;
  private sandboxRequested = false;
  private syncQueued = false;
  /** When the status is generated and handed on (status-publisher.ts). */
  private readonly publisher: StatusPublisher;
  /** The pod's containers by name, for the spec they were built from (a lookup is O(1) per start). */
  private specIndex: { spec: Pod["spec"]; byName: Map<string, Container> } | undefined;
  private finishedSettled = false;
  private readonly wakeTimer: WakeTimer;
  private startChain: Promise<void> = Promise.resolve();
  private readonly queuedStarts = new Set<string>();
  /** Instances whose pod-termination `Killing` event was emitted. */
  private readonly announcedStops = new Set<string>();
  private readonly events;
  private readonly probes: ProbeWorkers;
  private readonly context: ContainerContext;
  private readonly preparer: ContainerPreparer;
  /** The upcoming containers were handed to the preparer (once, when the sandbox came up). */
  private hasAskedToPrepare = false;
  private resolveFinished!: (pod: Pod) => void;
  private rejectFinished!: (error: unknown) => void;
  /** Resolves with the final pod (status included) once nothing will run in it again. */
  readonly finished: Promise<Pod>;

  /**
   * `initialState`: what the engine starts from instead of a freshly admitted pod — the records
   * of a sandbox that was lost (A15, lifecycle `planAfterLostSandbox`).
   */
  constructor(
    pod: Pod,
    private readonly deps: PodWorkerDeps,
    initialState?: PodRuntimeState,
  ) {
    // Admission drops any status the manifest carried (e.g. one exported from a cluster).
    const { status: _ignored, ...admitted } = pod;
    this.current = this.asSeenByKubelet(admitted);
    this.state = new ObservedPodState(
      initialState ?? createPodRuntimeState(this.current, deps.clock.now(), { hostIP: deps.hostIP }),
      deps.onRecordsCopied ? { onRecordsCopied: deps.onRecordsCopied } : {},
    );
    this.publisher = new StatusPublisher(
      {
        current: () => this.current,
        state: () => this.state.current(),
        adopt: (status) => (this.current = { ...this.current, status }),
        isFinished: () => this.finishedSettled,
      },
      deps.clock,
      deps.onStatus,
    );
    this.wakeTimer = new WakeTimer(deps.clock, () => this.requestSync());
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
      onWarning: (container, message) => this.events.probeWarning(container, message),
    });
    this.context = {
      deps,
      events: this.events,
      probes: this.probes,
      exits: new Map(),
      pod: () => this.current,
      sandbox: () => this.sandbox,
      spec: (name) => this.spec(name),
      containerId: (name) => this.containerId(name),
      restartCount: (name) => this.state.container(name)?.restartCount ?? 0,
      podLabel: () => formatPodDescription(this.current),
      record: (observation) => this.record(observation),
      requestSync: () => this.requestSync(),
    };
    this.preparer = new ContainerPreparer(
      this.context,
      (name) => !this.finishedSettled && isStillToPrepare(this.state.current(), this.queuedStarts, name),
    );
    this.finished = new Promise((resolve, reject) => {
      this.resolveFinished = resolve;
      this.rejectFinished = reject;
    });
  }

  /** The engine's options, with the gates it reads (KEP-4438). */
  private get engineOptions(): EngineOptions {
    const gate = this.deps.featureGates?.SidecarsRestartableDuringPodTermination === true;
    return gate
      ? { ...this.deps.engineOptions, sidecarsRestartableDuringPodTermination: true }
      : (this.deps.engineOptions ?? {});
  }

  private asSeenByKubelet(pod: Pod): Pod {
    return this.deps.featureGates ? podAsSeenByKubelet(pod, this.deps.featureGates) : pod;
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

  /**
   * The pod changed at its source (kubelet `UpdatePod` with SyncPodUpdate): its labels,
   * annotations and the spec fields the API lets change in place. The worker keeps the status it
   * published and any deletion under way; the engine reads the new spec on the next sync (a
   * shortened activeDeadlineSeconds, say). A running container whose image changed is killed and
   * started again with the new image (A16); the engine decides it from the new spec.
   */
  update(pod: Pod): void {
    if (this.finishedSettled) return;
    const { status: _published, ...next } = pod;
    const { deletionTimestamp, deletionGracePeriodSeconds } = this.current.metadata;
    this.current = {
      ...this.asSeenByKubelet(next),
      metadata: {
        ...next.metadata,
        ...(deletionTimestamp !== undefined ? { deletionTimestamp } : {}),
        ...(deletionGracePeriodSeconds !== undefined ? { deletionGracePeriodSeconds } : {}),
      },
      ...(this.current.status !== undefined ? { status: this.current.status } : {}),
    };
    // Labels and annotations reach downwardAPI volumes (the kubelet's remount on the next sync).
    this.refreshVolumes();
    this.requestSync();
  }

  /**
   * The pod's conditions that others own (a readiness gate's, a controller's), as the API has them
   * now: the kubelet syncs the pod it gets from the API, status included, so a readiness gate's
   * condition turning True makes the pod Ready (docs/rules/lifecycle.md D14) at the next sync.
   */
  setForeignConditions(conditions: readonly PodCondition[]): void {
    if (this.finishedSettled) return;
    this.publisher.setForeignConditions(conditions);
    this.requestSync();
  }

  /**
   * Writes the pod's configMap, secret and downwardAPI volumes again from the current pod and
   * `deps.objects` — the kubelet's periodic remount of those volumes (`RequiresRemount`), which
   * its AtomicWriter swaps in while the containers run. Nothing happens before the sandbox exists
   * (its creation reads the current contents) or once the pod is finished.
   */
  refreshVolumes(): void {
    const sandbox = this.sandbox;
    if (sandbox === undefined || this.finishedSettled) return;
    const volumes = resolveVolumes(this.current, this.deps.objects).filter((v) => v.kind === "files");
    if (volumes.length === 0) return;
    this.deps.runtime
      .updateSandboxVolumes(sandbox, volumes)
      .catch((error: unknown) =>
        this.events.failedMount(`MountVolume.SetUp failed: ${(error as Error).message}`),
      );
  }

  /** A pod deletion (C4): ordered, graceful termination with `gracePeriodMs` (default: the pod's). */
  delete(gracePeriodMs?: number): void {
    if (this.state.termination || this.finishedSettled) return;
    const graceMs = gracePeriodMs ?? podGracePeriodMs(this.current);
    this.current = {
      ...this.current,
      metadata: {
        ...this.current.metadata,
        deletionTimestamp: formatTime(this.deps.clock.now() + graceMs),
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
    // A state someone may be waiting to see is kept for publication before this overwrites it.
    this.publisher.keepBeforeObserving(() => this.isStartProgress(observation));
    this.state.observe(observation);
    // C4, E10: from the start of termination liveness and startup stop; readiness continues.
    if (observation.type === "terminationStarted") this.probes.podTerminating();
  }

  /**
   * The sandbox and a first instance coming up — the steps a big pod's start repeats per
   * container. A failed postStart amends the instance just recorded running, which is never shown.
   */
  private isStartProgress(observation: Observation): boolean {
    const progress = ["sandboxReady", "containerRunning", "postStartFailed"];
    if (progress.includes(observation.type)) return true;
    return (
      observation.type === "containerStarting" &&
      (this.state.container(observation.name)?.state.kind ?? "notCreated") === "notCreated"
    );
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
    let actions = computePodActions(this.current, this.state.current(), nowMs, this.engineOptions);
    if (actions.beginTermination && !this.state.termination) {
      const { reason, gracePeriodMs } = actions.beginTermination;
      this.record({ type: "terminationStarted", reason, atMs: nowMs, gracePeriodMs });
      actions = computePodActions(this.current, this.state.current(), nowMs, this.engineOptions);
    }
    this.carryOut(actions, nowMs);
    if (actions.isFinished) {
      // The final state is published before `finished` resolves with it.
      this.publisher.publishNow();
      void this.finish();
    } else this.publisher.request();
  }

  private carryOut(actions: PodActions, nowMs: number): void {
    if (actions.createSandbox) this.createSandbox();
    for (const hold of actions.backOff) {
      const record = this.state.container(hold.name);
      if (record?.backOff?.untilMs !== hold.untilMs) this.events.backOff(this.spec(hold.name), hold.name);
    }
    for (const hold of actions.imagePullBackOff) {
      // A18: each sync that finds the image in back-off says so, as the kubelet's does.
      const container = this.spec(hold.name);
      this.events.imagePullBackOff(container);
      this.events.failed(container, "Error: ImagePullBackOff");
    }
    // Each step is recorded as taken before it is carried out, so the engine does not plan it again.
    for (const observation of observationsForActions(actions, nowMs)) this.record(observation);
    for (const start of actions.startContainers) {
      if (this.queuedStarts.has(start.name)) continue;
      this.queuedStarts.add(start.name);
      // A5: starts are serial — each create, start and postStart completes before the next begins.
      this.startChain = this.startChain.then(() =>
        this.startQueued(start.name, start.backoff, start.duringTermination === true),
      );
    }
    this.prepareUpcoming();
    // A kill just decided takes its first step (preStop or the stop signal) on the next sync.
    if (actions.killContainers.length > 0) this.requestSync();
    for (const step of actions.runPreStop) {
      this.announceStop(step.name);
      void runPreStop(this.context, step.name, step.budgetMs);
    }
    for (const step of actions.awaitTurn) this.announceStop(step.name);
    for (const stop of actions.stopContainers) {
      this.announceStop(stop.name);
      void stopContainer(this.context, stop.name, stop.gracePeriodMs);
    }
    // KEP-5532: everything was killed; the containers are gone (recorded above) and the pod starts over.
    if (actions.resetContainers) this.requestSync();
    this.wakeTimer.set(actions.wakeAtMs);
  }

  /**
   * Once the sandbox is up and the first start queued: the containers after it are prepared in
   * the background, one at a time, while it starts and runs (container-prepare.ts).
   */
  private prepareUpcoming(): void {
    if (this.hasAskedToPrepare || this.sandbox === undefined || !this.deps.runtime.prepareContainer) return;
    this.hasAskedToPrepare = true;
    this.preparer.prepare(containersToPrepare(this.current, this.state.current(), this.queuedStarts));
  }

  /**
   * kubelet killContainer records `Killing` first, before the preStop hook and the wait for the
   * container's turn (C5), once per instance; a single kill says why (probe, postStart).
   */
  private announceStop(name: string): void {
    const id = this.containerId(name) ?? name;
    if (this.announcedStops.has(id)) return;
    this.announcedStops.add(id);
    const record = this.state.container(name);
    this.events.killing(this.spec(name), killingMessage(name, record?.killing?.reason, record?.role));
  }

  private createSandbox(): void {
    if (this.sandboxRequested) return;
    this.sandboxRequested = true;
    const volumes = resolveVolumes(this.current, this.deps.objects);
    this.deps.runtime
      .createSandbox(buildSandboxSpec(this.current, volumes, podMemoryLimitBytes(this.current)))
      .then((sandbox) => {
        this.sandbox = sandbox;
        this.record({ type: "sandboxReady", atMs: this.deps.clock.now(), podIP: sandbox.ip });
        this.requestSync();
      })
      .catch((error: unknown) => this.fail(error));
  }

  private async startQueued(
    name: string,
    backoff: BackoffEntry | undefined,
    duringTermination: boolean,
  ): Promise<void> {
    try {
      // C4: nothing starts once termination began; a queued start is dropped — but a KEP-4438
      // sidecar restart, which the engine planned during termination.
      if ((this.state.termination && !duringTermination) || this.finishedSettled) return;
      // A16: the instance remembers the image it runs, so a later spec update can be told apart.
      const image = this.spec(name).image;
      this.record({
        type: "containerStarting",
        name,
        atMs: this.deps.clock.now(),
        backoff,
        ...(image !== undefined ? { image } : {}),
        ...(duringTermination ? { duringTermination: true as const } : {}),
      });
      this.publisher.request();
      await startContainer(this.context, name, { withHooksAndProbes: !duringTermination });
    } catch (error) {
      this.fail(error);
    } finally {
      this.queuedStarts.delete(name);
      // The engine planned the queued starts together; it plans again once they are done (a
      // failed start, a failed postStart and an exit ask for a sync themselves).
      if (this.queuedStarts.size === 0) this.requestSync();
    }
  }

  private containerId(name: string): string | undefined {
    const state = this.state.container(name)?.state;
    return state?.kind === "running" ? state.id : undefined;
  }

  private async finish(): Promise<void> {
    if (this.finishedSettled) return;
    this.finishedSettled = true;
    this.wakeTimer.cancel();
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
    try {
      // What was observed before the fault is published, as it was when published on the spot.
      this.publisher.publishOwed();
    } catch {
      // the fault is reported below
    }
    this.finishedSettled = true;
    this.wakeTimer.cancel();
    this.probes.stopAll();
    this.rejectFinished(error);
  }

  private spec(name: string): Container {
    const spec = this.current.spec;
    if (this.specIndex?.spec !== spec) {
      const all = [...(spec.initContainers ?? []), ...spec.containers];
      this.specIndex = { spec, byName: new Map(all.map((c) => [c.name, c])) };
    }
    const container = this.specIndex.byName.get(name);
    if (!container)
      throw new Error(`internal: no container ${name} in pod ${this.current.metadata.name ?? ""}`);
    return container;
  }
}
