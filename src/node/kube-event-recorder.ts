/**
 * Lifecycle events to the API server as core/v1 Events, as the kubelet's event recorder writes
 * them (client-go tools/record): `<object>.<unique suffix>` names, the involved object with its
 * UID and field path, source component "kubelet" and host the node, count 1. `kubectl describe
 * pod` and `kubectl get events` read them. As the recorder, Events are posted one at a time in
 * order from a queue of at most 1000 (more are dropped, said once per burst), and a post that did
 * not reach the API server is tried again: up to 12 tries, 10 s apart, the first wait randomized
 * (client-go tools/record/event.go: maxTriesPerEvent, defaultSleepDuration, maxQueuedEvents,
 * recordToSink); one the server refused is not. Not done: the recorder's aggregation of repeats
 * into one Event with a count (docs/node.md).
 */
import { formatTime, type Fields } from "../api/index.js";
import type { Clock, Logger, PodvisorEvent } from "../shared/index.js";
import { KubeApiError } from "../kube/index.js";
import type { KubeRequester } from "./pod-status-manager.js";

/** client-go tools/record: maxTriesPerEvent, defaultSleepDuration, maxQueuedEvents. */
export const maxTriesPerEvent = 12;
export const eventRetrySleepMs = 10_000;
export const maxQueuedEvents = 1000;

export interface KubeEventRecorderDeps {
  client: KubeRequester;
  nodeName: string;
  logger: Logger;
  /** The involved object's UID, when the node knows it (the pod it runs). */
  uidOf: (namespace: string, name: string) => string | undefined;
  signal: AbortSignal;
  clock: Clock;
  /** [0, 1): the first retry's share of the sleep, so that nodes do not retry in step. */
  random: () => number;
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

/** An EventSink that posts each event in order, retrying what did not reach the API server. */
export function kubeEventRecorder(deps: KubeEventRecorderDeps): (event: PodvisorEvent) => void {
  let sequence = 0;
  const queue: Fields[] = [];
  let isSending = false;
  let droppedSinceWarning = 0;

  const post = (body: Fields) => {
    const namespace = (body.metadata as { namespace: string }).namespace;
    return deps.client.requestJson(
      "POST",
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
      body,
      deps.signal,
    );
  };
  const describe = (body: Fields) => {
    const object = body.involvedObject as { namespace: string; name: string };
    return `event ${String(body.reason)} for ${object.namespace}/${object.name}`;
  };

  const send = async (body: Fields) => {
    for (let tries = 1; ; tries++) {
      try {
        await post(body);
        return;
      } catch (error) {
        if (deps.signal.aborted) return;
        // recordEvent: a Status from the server (malformed, namespace terminating, ...) is final;
        // a request that never got an answer is tried again.
        const reachedServer = error instanceof KubeApiError && error.statusCode !== 0;
        if (reachedServer || tries >= maxTriesPerEvent) {
          deps.logger.warn(
            `${describe(body)} not recorded${reachedServer ? "" : " (retry limit exceeded)"}`,
            {
              error: String(error),
            },
          );
          return;
        }
        const delayMs = tries === 1 ? eventRetrySleepMs * deps.random() : eventRetrySleepMs;
        await deps.clock.sleep(delayMs, deps.signal);
      }
    }
  };

  const drain = async () => {
    isSending = true;
    try {
      for (let body = queue.shift(); body; body = queue.shift()) await send(body);
    } catch {
      // aborted: the node is stopping
    } finally {
      isSending = false;
    }
  };

  return (event) => {
    if (deps.signal.aborted) return;
    const { namespace, name } = event.involvedObject;
    if (queue.length >= maxQueuedEvents) {
      // The broadcaster's DropIfChannelFull, said once per burst.
      if (droppedSinceWarning++ === 0)
        deps.logger.warn(`events dropped: ${maxQueuedEvents} are waiting for the API server`);
      return;
    }
    droppedSinceWarning = 0;
    queue.push(buildKubeEvent(event, deps.nodeName, deps.uidOf(namespace, name), sequence++));
    if (!isSending) void drain();
  };
}
