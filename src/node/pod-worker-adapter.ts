/**
 * The one place podvisor node creates and drives the agent's pod workers, through the narrowest
 * interface it needs: start a pod with the ConfigMaps and Secrets it names, hand it the pod's
 * updates, delete it with a grace period, learn when it is finished.
 */
import type { ConfigMap, FeatureGates, Pod, PodCondition, Secret } from "../api/index.js";
import type { EventSink } from "../shared/index.js";
import type { Clock } from "../shared/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import { PodWorker, type PodWorkerDeps } from "../agent/index.js";
import type { PodRuntimeState } from "../lifecycle/index.js";
import { lookupInLists, type ServiceAccountToken } from "../podspec/index.js";

export interface NodePodWorker {
  /** The final pod once nothing runs in it any more; rejects on an internal fault. */
  readonly finished: Promise<Pod>;
  /** Graceful deletion (C4) with `gracePeriodMs`; a second call does not shorten it. */
  delete(gracePeriodMs: number): void;
  /** The pod changed in the API (kubelet `UpdatePod`): labels, annotations, a new image (A16). */
  update(pod: Pod): void;
  /** The conditions others own changed in the API (a readiness gate's): Ready is decided again. */
  setForeignConditions(conditions: readonly PodCondition[]): void;
  /**
   * The pod's ConfigMaps and Secrets as the API has them now: later container starts read them,
   * and the configMap, secret and downwardAPI volumes are rewritten in place (AtomicWriter).
   */
  refreshObjects(objects: PodObjectLists): void;
}

export interface PodObjectLists {
  configMaps: ConfigMap[];
  secrets: Secret[];
  serviceAccountTokens?: ServiceAccountToken[];
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
  objects: PodObjectLists,
  deps: PodWorkerAdapterDeps,
  /** The records of a lost sandbox to start from (A15), instead of a new pod. */
  initialState?: PodRuntimeState,
): NodePodWorker {
  let lookup = lookupInLists(objects);
  const worker = new PodWorker(
    pod,
    {
      runtime: deps.runtime,
      clock: deps.clock,
      objects: {
        configMap: (namespace, name) => lookup.configMap(namespace, name),
        secret: (namespace, name) => lookup.secret(namespace, name),
        serviceAccountToken: (key) => lookup.serviceAccountToken(key),
      },
      nodeName: deps.nodeName,
      hostIP: deps.hostIP,
      featureGates: deps.featureGates,
      // The real scheduler has recorded `Scheduled` already; the worker's own would be a second one.
      onEvent: (event) => {
        if (event.reason !== "Scheduled") deps.onEvent(event);
      },
      onLog: deps.onLog,
      onStatus: deps.onStatus,
    },
    initialState,
  );
  worker.start();
  return {
    finished: worker.finished,
    delete: (gracePeriodMs) => worker.delete(gracePeriodMs),
    update: (next) => worker.update(next),
    setForeignConditions: (conditions) => worker.setForeignConditions(conditions),
    refreshObjects: (next) => {
      lookup = lookupInLists(next);
      worker.refreshVolumes();
    },
  };
}
