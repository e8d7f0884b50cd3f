/**
 * The one place podvisor node creates and drives the agent's pod workers, through the narrowest
 * interface it needs: start a pod with the ConfigMaps and Secrets it names, hand it the pod's
 * updates, delete it with a grace period, learn when it is finished.
 */
import type { ConfigMap, FeatureGates, Pod, Secret } from "../api/index.js";
import type { EventSink } from "../shared/index.js";
import type { Clock } from "../shared/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import { PodWorker, type PodWorkerDeps } from "../agent/index.js";
import { lookupInLists } from "../podspec/index.js";

export interface NodePodWorker {
  /** The final pod once nothing runs in it any more; rejects on an internal fault. */
  readonly finished: Promise<Pod>;
  /** Graceful deletion (C4) with `gracePeriodMs`; a second call does not shorten it. */
  delete(gracePeriodMs: number): void;
  /** The pod changed in the API (kubelet `UpdatePod`): labels, annotations, a new image (A16). */
  update(pod: Pod): void;
}

export interface PodWorkerAdapterDeps {
  runtime: ContainerRuntime;
  clock: Clock;
  nodeName: string;
  hostIP: string;
  featureGates: FeatureGates;
  onEvent: EventSink;
  onLog: PodWorkerDeps["onLog"];
  onStatus: (pod: Pod) => void;
}

export function startNodePodWorker(
  pod: Pod,
  objects: { configMaps: ConfigMap[]; secrets: Secret[] },
  deps: PodWorkerAdapterDeps,
): NodePodWorker {
  const worker = new PodWorker(pod, {
    runtime: deps.runtime,
    clock: deps.clock,
    objects: lookupInLists(objects),
    nodeName: deps.nodeName,
    hostIP: deps.hostIP,
    featureGates: deps.featureGates,
    // The real scheduler has recorded `Scheduled` already; the worker's own would be a second one.
    onEvent: (event) => {
      if (event.reason !== "Scheduled") deps.onEvent(event);
    },
    onLog: deps.onLog,
    onStatus: deps.onStatus,
  });
  worker.start();
  return {
    finished: worker.finished,
    delete: (gracePeriodMs) => worker.delete(gracePeriodMs),
    update: (next) => worker.update(next),
  };
}
