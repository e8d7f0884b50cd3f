/**
 * Runs one StatefulSet: asks the pure StatefulSet controller (controllers/statefulset) which
 * ordinals to create and which pods to delete, backs each volumeClaimTemplate claim with a
 * directory that outlives the pod (the caller's `claimDirectory`, a hostPath-like directory under
 * the run's state), and publishes the status. When stopped it deletes its pods and finishes once
 * they are gone.
 */
import type { Pod, StatefulSet } from "../api/index.js";
import {
  type ClaimVolume,
  buildStatefulSetPod,
  computePodTemplateHash,
  computeStatefulSetActions,
  statefulSetPodName,
} from "../controllers/index.js";
import { ControllerLoop } from "./controller-loop.js";
import { toOwnedPodView, type OwnedPodHandle } from "./owned-pod-handle.js";
import type { WorkloadRunnerDeps } from "./replica-set-runner.js";
import { controllerEvent, type PlannedEvent } from "./controller-event.js";

export interface StatefulSetRunnerDeps extends WorkloadRunnerDeps {
  onStatus?: (set: StatefulSet) => void;
  /** The directory that backs claim `claimName` for the whole run; absent: an emptyDir per pod. */
  claimDirectory?: (namespace: string, claimName: string) => string;
}

export class StatefulSetRunner {
  private set: StatefulSet;
  private readonly pods = new Map<string, OwnedPodHandle>();
  private readonly ended: OwnedPodHandle[] = [];
  private stopped = false;
  private readonly loop: ControllerLoop;
  private readonly revision: string;
  private resolveFinished!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    set: StatefulSet,
    private readonly deps: StatefulSetRunnerDeps,
  ) {
    this.set = set;
    this.revision = `${set.metadata.name ?? ""}-${computePodTemplateHash(set.spec.template)}`;
    this.loop = new ControllerLoop(deps.clock, () => this.sync());
  }

  get current(): StatefulSet {
    return this.set;
  }

  start(): void {
    this.loop.request();
  }

  stop(): void {
    this.stopped = true;
    for (const pod of this.pods.values()) pod.delete();
    this.loop.request();
  }

  podChanged(): void {
    this.loop.request();
  }

  private sync(): number | undefined | "done" {
    const nowMs = this.deps.clock.now();
    const views = [...this.pods.values()].map(toOwnedPodView);
    const actions = computeStatefulSetActions(this.set, views, nowMs, this.stopped ? 0 : undefined);
    if (!this.stopped) {
      for (const event of actions.events) this.emit(event, nowMs);
      for (const { name } of actions.deletePods) this.pods.get(name)?.delete();
      for (const ordinal of actions.createOrdinals) this.createPod(ordinal);
    }
    this.set = { ...this.set, status: actions.status };
    this.deps.onStatus?.(this.set);
    if (this.stopped && [...this.pods.values()].every((pod) => pod.isFinished)) {
      this.resolveFinished();
      return "done";
    }
    return actions.wakeAtMs;
  }

  private createPod(ordinal: number): void {
    const name = statefulSetPodName(this.set, ordinal);
    const previous = this.pods.get(name);
    if (previous !== undefined) this.ended.push(previous);
    const pod = this.withClaimDirectories(buildStatefulSetPod(this.set, ordinal, this.revision));
    const handle = this.deps.startPod(pod);
    this.pods.set(name, handle);
    const resync = () => this.loop.request();
    void handle.finished.then(resync, resync);
  }

  /** A claim becomes a directory of the run, the same one for every pod of that ordinal. */
  private withClaimDirectories(pod: Pod): Pod {
    const namespace = this.set.metadata.namespace ?? "default";
    pod.spec.volumes = (pod.spec.volumes ?? []).map((volume: ClaimVolume) => {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim === undefined) return volume;
      const directory = this.deps.claimDirectory?.(namespace, claim);
      if (directory === undefined) return { name: volume.name, emptyDir: {} };
      return { name: volume.name, hostPath: { path: directory, type: "DirectoryOrCreate" } };
    });
    return pod;
  }

  private emit(event: PlannedEvent, nowMs: number): void {
    this.deps.onEvent(
      controllerEvent("statefulset-controller", { ...this.set, kind: "StatefulSet" as const }, event, nowMs),
    );
  }
}
