/**
 * One `podvisor node`: registration, heartbeat, the pod watch and the pod loop wired together,
 * and the node shutdown (SIGTERM): Ready=False, every pod terminated gracefully, the final
 * statuses written, then everything stopped.
 */
import { setMaxListeners } from "node:events";
import type { FeatureGates, Pod } from "../api/index.js";
import type { Clock, EventSink, Logger } from "../shared/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import type { PodWorkerDeps } from "../agent/index.js";
import { kubeListWatcher, Reflector, type KubeClient } from "../kube/index.js";
import type { MachineFacts } from "./node-object.js";
import { NodeHeartbeat } from "./node-heartbeat.js";
import { NodeAgent } from "./node-agent.js";
import { PodStatusManager } from "./pod-status-manager.js";
import { kubeEventRecorder } from "./kube-event-recorder.js";
import { ServiceAccountTokens } from "./service-account-tokens.js";

export interface RunNodeOptions {
  client: KubeClient;
  runtime: ContainerRuntime;
  clock: Clock;
  logger: Logger;
  random: () => number;
  nodeName: string;
  nodeIP: string;
  /** The kubelet API's port (Node status.daemonEndpoints.kubeletEndpoint.Port). */
  kubeletPort: number;
  /** How often running pods' ConfigMaps, Secrets and downwardAPI volumes are refreshed (kubelet syncFrequency). */
  syncFrequencyMs: number;
  podvisorVersion: string;
  machine: MachineFacts;
  /** The kubelet's `--feature-gates`. */
  featureGates: FeatureGates;
  /** Pods the node accepts, its capacity and allocatable `pods` (kubelet `--max-pods`, default 110). */
  maxPods?: number;
  /** `nodeInfo.kubeletVersion` to report (default: the release podvisor implements). */
  kubeletVersion?: string;
  /** Local copies of what the node reports (the state directory). */
  onEvent: EventSink;
  onLog: PodWorkerDeps["onLog"];
  onPodStatus: (pod: Pod) => void;
  /** Aborts the registration (a SIGTERM while the API server is still unreachable): runNode rejects. */
  signal?: AbortSignal;
}

export const defaultMaxPods = 110;

export interface NodeProcess {
  /** Status writes sent so far. */
  statusWrites(): number;
  /** Node shutdown: NotReady, every pod terminated gracefully, statuses written, watches stopped. */
  shutdown(): Promise<void>;
}

/** Registers the node (retrying until the API answers) and starts serving its pods. */
export async function runNode(options: RunNodeOptions): Promise<NodeProcess> {
  const { client, clock, logger } = options;
  const controller = new AbortController();
  // Every watch, lease renewal and retry sleep listens on this one signal.
  setMaxListeners(256, controller.signal);
  const signal = controller.signal;
  const abortRegistration = () => controller.abort();
  options.signal?.addEventListener("abort", abortRegistration, { once: true });
  const heartbeat = new NodeHeartbeat({
    client,
    clock,
    logger,
    identity: {
      nodeName: options.nodeName,
      nodeIP: options.nodeIP,
      podvisorVersion: options.podvisorVersion,
      maxPods: options.maxPods ?? defaultMaxPods,
      ...(options.kubeletVersion !== undefined ? { kubeletVersion: options.kubeletVersion } : {}),
      kubeletPort: options.kubeletPort,
    },
    machine: options.machine,
    signal,
  });
  try {
    await heartbeat.register();
  } finally {
    options.signal?.removeEventListener("abort", abortRegistration);
  }
  const heartbeatLoop = heartbeat.run();

  const statuses = new PodStatusManager({ client, clock, logger, signal });
  const pods = new Reflector({
    name: "pods",
    listWatcher: kubeListWatcher(client, "/api/v1/pods", {
      fieldSelector: `spec.nodeName=${options.nodeName}`,
    }),
    clock,
    random: options.random,
    logger,
  });
  const recordEvent = kubeEventRecorder({
    client,
    nodeName: options.nodeName,
    logger,
    // `agent` exists before any pod (and so any event) does.
    uidOf: (namespace, name) => agent.uidOf(namespace, name),
    signal,
    clock,
    random: options.random,
  });
  const agent: NodeAgent = new NodeAgent({
    client,
    tokens: new ServiceAccountTokens({ client, clock, random: options.random, logger }),
    pods,
    runtime: options.runtime,
    statuses,
    clock,
    random: options.random,
    logger,
    nodeName: options.nodeName,
    hostIP: options.nodeIP,
    featureGates: options.featureGates,
    onEvent: (event) => {
      recordEvent(event);
      options.onEvent(event);
    },
    onLog: options.onLog,
    onPodStatus: options.onPodStatus,
    syncFrequencyMs: options.syncFrequencyMs,
    signal,
  });
  const watching = pods.run(signal);

  return {
    statusWrites: () => statuses.writes,
    async shutdown() {
      // kubelet graceful node shutdown: not ready first, so nothing new is scheduled here.
      await heartbeat.markNotReady("node is shutting down", signal);
      await agent.shutdown();
      controller.abort();
      await Promise.all([watching, heartbeatLoop]);
      await options.runtime.close();
    },
  };
}
