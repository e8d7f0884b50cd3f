/**
 * The agent's ports: what a front-end plugs into the pod workers. `podvisor run` plugs a fixed
 * list, the state directory and the terminal (run/, cli/); `podvisor node` will plug a watch on
 * the API server, its pods/status subresource and its events API (kube/), like the kubelet's
 * config sources, status manager and event recorder. The agent depends on these interfaces only.
 */
import type { Pod } from "../api/index.js";
import type { LogLine } from "../runtime/index.js";

export type { EventSink } from "../shared/index.js";
export type { ObjectLookup } from "../podspec/index.js";

/**
 * Where pods come from (the kubelet's pod config sources). A source tells its handler about each
 * pod bound to this node, each change to one (kubelet UpdatePod), and each deletion with its grace
 * period; `watch` returns a function that stops the deliveries.
 */
export interface PodSource {
  watch(handler: PodSourceHandler): () => void;
}

export interface PodSourceHandler {
  added(pod: Pod): void;
  updated(pod: Pod): void;
  /** `gracePeriodMs` is the deletion's own (a `--grace-period`); undefined: the pod's. */
  deleted(pod: Pod, gracePeriodMs?: number): void;
}

/** Where a pod's status goes after every sync (the kubelet's status manager). */
export type PodStatusSink = (pod: Pod) => void;

/** A line of a container instance's output; `restartCount` names the instance (0 = the first). */
export type ContainerLogSink = (pod: Pod, container: string, line: LogLine, restartCount: number) => void;
