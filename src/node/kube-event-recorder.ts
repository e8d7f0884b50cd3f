/**
 * Lifecycle events to the API server as core/v1 Events, as the kubelet's event recorder writes
 * them (client-go tools/record): `<object>.<unique suffix>` names, the involved object with its
 * UID and field path, source component "kubelet" and host the node, count 1. `kubectl describe
 * pod` and `kubectl get events` read them. Not done: the recorder's aggregation of repeats into
 * one Event with a count (docs/node.md).
 */
import { formatTime, type Fields } from "../api/index.js";
import type { Logger, PodvisorEvent } from "../shared/index.js";
import type { KubeRequester } from "./pod-status-manager.js";

export interface KubeEventRecorderDeps {
  client: KubeRequester;
  nodeName: string;
  logger: Logger;
  /** The involved object's UID, when the node knows it (the pod it runs). */
  uidOf: (namespace: string, name: string) => string | undefined;
  signal: AbortSignal;
}

export function buildKubeEvent(
  event: PodvisorEvent,
  nodeName: string,
  uid: string | undefined,
  sequence: number,
): Fields {
  const { involvedObject } = event;
  const time = formatTime(event.timeMs);
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      // client-go: "<name>.<UnixNano in hex>"; the sequence keeps two events of one millisecond apart.
      name: `${involvedObject.name}.${(BigInt(event.timeMs) * 1_000_000n + BigInt(sequence % 1_000_000)).toString(16)}`,
      namespace: involvedObject.namespace,
    },
    involvedObject: {
      apiVersion: involvedObject.kind === "Job" ? "batch/v1" : "v1",
      kind: involvedObject.kind,
      namespace: involvedObject.namespace,
      name: involvedObject.name,
      ...(uid ? { uid } : {}),
      ...(involvedObject.fieldPath ? { fieldPath: involvedObject.fieldPath } : {}),
    },
    reason: event.reason,
    message: event.message,
    type: event.type,
    source: { component: event.source, host: nodeName },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    reportingComponent: event.source,
    reportingInstance: nodeName,
  };
}

/** An EventSink that posts each event; a failed post is logged, never retried forever. */
export function kubeEventRecorder(deps: KubeEventRecorderDeps): (event: PodvisorEvent) => void {
  let sequence = 0;
  return (event) => {
    const { namespace, name } = event.involvedObject;
    const body = buildKubeEvent(event, deps.nodeName, deps.uidOf(namespace, name), sequence++);
    deps.client
      .requestJson("POST", `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, body, deps.signal)
      .catch((error: unknown) => {
        if (!deps.signal.aborted)
          deps.logger.warn(`event ${event.reason} for ${namespace}/${name} not recorded`, {
            error: String(error),
          });
      });
  };
}
