/**
 * Runs one DaemonSet on the local node: asks the pure DaemonSet controller (controllers/daemonset)
 * whether its pod fits here and keeps that one pod; when it does not fit, says why once (a
 * FailedPlacement warning event and the caller's `onUnschedulable`) and keeps the status at 0/0.
 */
import type { DaemonSet } from "../api/index.js";
import {
  type LocalNode,
  buildDaemonSetPod,
  computeDaemonSetActions,
  computePodTemplateHash,
} from "../controllers/index.js";
import { ControllerLoop } from "./controller-loop.js";
import { toOwnedPodView, type OwnedPodHandle } from "./owned-pod-handle.js";
import type { WorkloadRunnerDeps } from "./replica-set-runner.js";
import { controllerEvent, type PlannedEvent } from "./controller-event.js";

export interface DaemonSetRunnerDeps extends WorkloadRunnerDeps {
  node: LocalNode;
  onStatus?: (ds: DaemonSet) => void;
  onUnschedulable?: (reason: string) => void;
}

export class DaemonSetRunner {
  private ds: DaemonSet;
  private readonly pods: OwnedPodHandle[] = [];
  private stopped = false;
  private reported = false;
  private readonly loop: ControllerLoop;
  private readonly revisionHash: string;
  private resolveFinished!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    ds: DaemonSet,
    private readonly deps: DaemonSetRunnerDeps,
  ) {
    this.ds = ds;
    this.revisionHash = computePodTemplateHash(ds.spec.template);
    this.loop = new ControllerLoop(deps.clock, () => this.sync());
  }

  get current(): DaemonSet {
    return this.ds;
  }

  start(): void {
    this.loop.request();
  }

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
    const actions = computeDaemonSetActions(
      this.ds,
      this.deps.node,
      this.pods.map(toOwnedPodView),
      nowMs,
      () => this.deps.randomSuffix(),
      this.stopped,
    );
    if (!this.stopped) {
      for (const event of actions.events) this.emit(event, nowMs);
      for (const { name } of actions.deletePods)
        this.pods.find((pod) => pod.pod.metadata.name === name)?.delete();
      if (actions.podToCreate !== undefined) {
        const handle = this.deps.startPod(
          buildDaemonSetPod(this.ds, actions.podToCreate.name, this.deps.node.name, this.revisionHash),
        );
        this.pods.push(handle);
        const resync = () => this.loop.request();
        void handle.finished.then(resync, resync);
      }
      if (actions.unschedulable !== undefined && !this.reported) {
        this.reported = true;
        const message = `the daemon pod does not run on this node: ${actions.unschedulable}`;
        this.emit({ type: "Warning", reason: "FailedPlacement", message }, nowMs);
        this.deps.onUnschedulable?.(actions.unschedulable);
      }
    }
    this.ds = { ...this.ds, status: actions.status };
    this.deps.onStatus?.(this.ds);
    if (this.stopped && this.pods.every((pod) => pod.isFinished)) {
      this.resolveFinished();
      return "done";
    }
    return actions.wakeAtMs;
  }

  private emit(event: PlannedEvent, nowMs: number): void {
    this.deps.onEvent(
      controllerEvent("daemonset-controller", { ...this.ds, kind: "DaemonSet" as const }, event, nowMs),
    );
  }
}
