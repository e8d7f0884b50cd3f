/**
 * Runs one ReplicaSet (or ReplicationController): asks the pure ReplicaSet controller
 * (controllers/replicaset) what to do with its pods, creates and deletes them through the
 * caller's `startPod`, and publishes the status. It runs until stopped: then it deletes its pods
 * and finishes once they are gone.
 */
import type { ReplicaSet, ReplicationController } from "../api/index.js";
import { buildReplicaSetPod, computeReplicaSetActions } from "../controllers/index.js";
import type { Clock, EventSink } from "../shared/index.js";
import { ControllerLoop } from "./controller-loop.js";
import { toOwnedPodView, type OwnedPodHandle } from "./owned-pod-handle.js";
import type { Pod } from "../api/index.js";
import { controllerEvent, type PlannedEvent } from "./controller-event.js";

export interface WorkloadRunnerDeps {
  clock: Clock;
  randomSuffix: () => string;
  onEvent: EventSink;
  startPod: (pod: Pod) => OwnedPodHandle;
}

export class ReplicaSetRunner {
  private rs: ReplicaSet | ReplicationController;
  private readonly pods: OwnedPodHandle[] = [];
  private stopped = false;
  private readonly loop: ControllerLoop;
  private resolveFinished!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    rs: ReplicaSet | ReplicationController,
    private readonly deps: WorkloadRunnerDeps & {
      onStatus?: (rs: ReplicaSet | ReplicationController) => void;
    },
  ) {
    this.rs = rs;
    this.loop = new ControllerLoop(deps.clock, () => this.sync());
  }

  get current(): ReplicaSet | ReplicationController {
    return this.rs;
  }

  get podHandles(): readonly OwnedPodHandle[] {
    return this.pods;
  }

  start(): void {
    this.loop.request();
  }

  /** The run is being deleted: delete the pods, create no more, finish when they are gone. */
  stop(): void {
    this.stopped = true;
    for (const pod of this.pods) pod.delete();
    this.loop.request();
  }

  podChanged(): void {
    this.loop.request();
  }

  private sync(): number | undefined | "done" {
    const nowMs = this.deps.clock.now();
    const name = this.rs.metadata.name ?? "";
    const actions = computeReplicaSetActions(
      {
        name,
        replicas: this.stopped ? 0 : (this.rs.spec.replicas ?? 1),
        minReadySeconds: this.rs.spec.minReadySeconds ?? 0,
        templateLabels: this.rs.spec.template.metadata?.labels ?? {},
        ...(this.rs.status ? { status: this.rs.status } : {}),
      },
      this.pods.map(toOwnedPodView),
      nowMs,
      () => this.deps.randomSuffix(),
    );
    if (!this.stopped) {
      for (const event of actions.events) this.emit(event, nowMs);
      for (const deletion of actions.deletePods)
        this.pods.find((pod) => pod.pod.metadata.name === deletion.name)?.delete();
      for (const planned of actions.podsToCreate) this.createPod(planned.name);
    }
    this.rs = { ...this.rs, status: actions.status };
    this.deps.onStatus?.(this.rs);
    if (this.stopped && this.pods.every((pod) => pod.isFinished)) {
      this.resolveFinished();
      return "done";
    }
    return actions.wakeAtMs;
  }

  private createPod(name: string): void {
    const handle = this.deps.startPod(buildReplicaSetPod(this.rs, this.rs.spec.template, name));
    this.pods.push(handle);
    const resync = () => this.loop.request();
    void handle.finished.then(resync, resync);
  }

  private emit(event: PlannedEvent, nowMs: number): void {
    this.deps.onEvent(
      controllerEvent(
        this.rs.kind === "ReplicationController" ? "replication-controller" : "replicaset-controller",
        this.rs,
        event,
        nowMs,
      ),
    );
  }
}
