/**
 * The events a pod's lifecycle produces, worded as the kubelet and scheduler word them
 * (kuberuntime_container.go, kubelet events.go), so `podvisor run` reads like `kubectl get events -w`.
 */
import { type Container, type Pod, isSidecar } from "../api/index.js";
import type { EventReason, EventSink, EventType } from "../shared/index.js";
import { formatPodDescription } from "../lifecycle/index.js";

export function podEvents(pod: Pod, sink: EventSink, now: () => number) {
  const namespace = pod.metadata.namespace ?? "default";
  const name = pod.metadata.name ?? "";
  const isInit = (container: Container) =>
    (pod.spec.initContainers ?? []).some((c) => c.name === container.name);
  const emit = (
    type: EventType,
    reason: EventReason,
    message: string,
    container?: Container,
    source: "kubelet" | "default-scheduler" = "kubelet",
  ) =>
    sink({
      type,
      reason,
      message,
      source,
      timeMs: now(),
      involvedObject: {
        kind: "Pod",
        namespace,
        name,
        ...(container
          ? { fieldPath: `spec.${isInit(container) ? "initContainers" : "containers"}{${container.name}}` }
          : {}),
      },
    });
  return {
    scheduled: (nodeName: string) =>
      emit(
        "Normal",
        "Scheduled",
        `Successfully assigned ${namespace}/${name} to ${nodeName}`,
        undefined,
        "default-scheduler",
      ),
    pulling: (c: Container, message: string) => emit("Normal", "Pulling", message, c),
    pulled: (c: Container, message: string) => emit("Normal", "Pulled", message, c),
    imageNeverPull: (c: Container, message: string) => emit("Warning", "ErrImageNeverPull", message, c),
    /** kubelet_pods.go getPullSecretsForPod: about the pod, not a container. */
    failedToRetrievePullSecrets: (message: string) =>
      emit("Warning", "FailedToRetrieveImagePullSecret", message),
    created: (c: Container) => emit("Normal", "Created", `Created container: ${c.name}`, c),
    started: (c: Container) => emit("Normal", "Started", `Started container ${c.name}`, c),
    killing: (c: Container, message: string) => emit("Normal", "Killing", message, c),
    backOff: (c: Container, containerName: string) =>
      emit(
        "Warning",
        "BackOff",
        `Back-off restarting failed container ${containerName} in pod ${formatPodDescription(pod)}`,
        c,
      ),
    failed: (c: Container, message: string) => emit("Warning", "Failed", message, c),
    /** A18: image_manager.go's event for a sync that found the image in back-off. */
    imagePullBackOff: (c: Container) =>
      emit("Normal", "BackOff", `Back-off pulling image ${JSON.stringify(c.image ?? "")}`, c),
    // kuberuntime_container.go leaves the hook's output out of these two events (it may hold secrets).
    failedPostStartHook: (c: Container) => emit("Warning", "FailedPostStartHook", "PostStartHook failed", c),
    failedPreStopHook: (c: Container) => emit("Warning", "FailedPreStopHook", "PreStopHook failed", c),
    /** A probe run failed: "Liveness probe failed: HTTP probe failed with statuscode: 503" (prober.go). */
    /** kubelet volume manager: a volume could not be set up (here: a refresh of its contents). */
    failedMount: (message: string) => emit("Warning", "FailedMount", message),
    unhealthy: (c: Container, message: string) => emit("Warning", "Unhealthy", message, c),
    /** A probe run succeeded with a warning: "Readiness probe warning: Probe terminated redirects, ..." (prober.go). */
    probeWarning: (c: Container, message: string) => emit("Warning", "ProbeWarning", message, c),
    /** Whether a container is a sidecar, for printers that mark them. */
    isSidecar: (c: Container) => isSidecar(c) && isInit(c),
  };
}
