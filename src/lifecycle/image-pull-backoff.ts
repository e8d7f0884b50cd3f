/**
 * ErrImagePull → ImagePullBackOff (A18): the kubelet's image back-off, a client-go
 * `flowcontrol.Backoff` of its own (kubelet.go `NewBackOff(imageBackOffPeriod = 10s,
 * MaxImageBackOff = 300s)`), keyed by pod and image (images/image_manager.go `pullImage`,
 * `backOffKey = podUID_image`), and the pod worker's retry of a failed sync after its
 * `backOffPeriod` of 10 s (pod_workers.go `completeWork`; its ×1–1.5 jitter is left out).
 *
 * Each sync that finds the key in back-off answers `ImagePullBackOff` with
 * `Back-off pulling image "x": ErrImagePull: <last pull error>` and does not pull; one past it
 * pulls again, and a failure moves the entry on (`Next`). So with pulls failing at once the status
 * reads ErrImagePull at 0 s and 10 s, ImagePullBackOff at 20 s, ErrImagePull at 30 s, back-off
 * at 40–60 s, ErrImagePull at 70 s, … the window doubling up to 300 s.
 */
import type { Pod } from "../api/index.js";
import { nextBackoffEntry } from "./restart-backoff.js";
import type { ContainerRecord, ImagePullBackoffEntry, Observation, PodRuntimeState } from "./pod-state.js";

/** kubelet.go imageBackOffPeriod and MaxImageBackOff. */
export const IMAGE_BACKOFF_POLICY = { initialMs: 10_000, maxMs: 300_000 } as const;
/** pod_workers.go: a sync that returned an error runs again after the kubelet's backOffPeriod. */
export const FAILED_SYNC_RETRY_MS = 10_000;

export const IMAGE_PULL_BACK_OFF_REASON = "ImagePullBackOff";

type ImagePullFailed = Extract<Observation, { type: "imagePullFailed" }>;
type ImagePullHeld = Extract<Observation, { type: "imagePullBackOff" }>;

/** A pull failed: the image's entry moves on (`Next`) and the container waits with ErrImagePull. */
export function observeImagePullFailed(state: PodRuntimeState, failed: ImagePullFailed): PodRuntimeState {
  const record = state.containers[failed.name];
  if (!record) return state;
  const previous = state.imagePullBackoff?.[failed.image];
  const entry: ImagePullBackoffEntry = {
    ...nextBackoffEntry(previous, failed.atMs, failed.atMs, IMAGE_BACKOFF_POLICY),
    lastError: `ErrImagePull: ${failed.message}`,
  };
  return {
    ...state,
    imagePullBackoff: { ...state.imagePullBackoff, [failed.image]: entry },
    containers: {
      ...state.containers,
      [record.name]: waitingWith(record, "ErrImagePull", failed.message, failed.atMs),
    },
  };
}

/** A sync found the image in back-off: the container waits with ImagePullBackOff, nothing pulled. */
export function observeImagePullHeld(state: PodRuntimeState, held: ImagePullHeld): PodRuntimeState {
  const record = state.containers[held.name];
  if (!record) return state;
  return {
    ...state,
    containers: {
      ...state.containers,
      [record.name]: waitingWith(record, IMAGE_PULL_BACK_OFF_REASON, held.message, held.atMs),
    },
  };
}

function waitingWith(
  record: ContainerRecord,
  reason: string,
  message: string,
  atMs: number,
): ContainerRecord {
  const { startError: _replaced, ...rest } = record;
  return { ...rest, state: { kind: "startFailed", reason, message, atMs } };
}

export type ImagePullPlan =
  /** The failed sync has not come round again yet. */
  | { kind: "wait"; untilMs: number }
  /** This sync answers ImagePullBackOff with `message`. */
  | { kind: "hold"; message: string }
  /** Pull (start) again. */
  | { kind: "pull" };

/**
 * For a container whose last start failed in the image step, or before its container was created
 * (`retriesOnSync`): when the retry comes, and whether it pulls. Undefined for any other container,
 * and for a `retriesOnSync` one once its sync came round (its start follows restart-backoff.ts).
 *
 * ErrImageNeverPull is no crash and has no back-off of its own: image_manager.go
 * `imagePullPrecheck` returns it on every sync before `pullImage` (and its back-off) is reached,
 * and `doBackOff` finds no exited instance to back off from, so the container waits with
 * ErrImageNeverPull and the failed sync comes round again after the pod worker's 10 s. So does a
 * pull secret the keyring cannot read (`lookupPullCredentials` fails before `pullImage`), and a
 * create the runtime refused (kuberuntime_container.go `startContainer`: ErrCreateContainerConfig,
 * ErrCreateContainer return before any container exists): all are recorded with `retriesOnSync`.
 */
export function planImagePull(
  pod: Pod,
  state: PodRuntimeState,
  record: ContainerRecord,
  nowMs: number,
): ImagePullPlan | undefined {
  const current = record.state;
  if (current.kind !== "startFailed") return undefined;
  const isPullFailure = current.reason === "ErrImagePull" || current.reason === IMAGE_PULL_BACK_OFF_REASON;
  if (!isPullFailure && !current.retriesOnSync) return undefined;
  const retryAtMs = current.atMs + FAILED_SYNC_RETRY_MS;
  if (nowMs < retryAtMs) return { kind: "wait", untilMs: retryAtMs };
  // The failed sync came round: doBackOff decides, from the last exit if there was one (restart-backoff.ts).
  if (!isPullFailure) return undefined;
  const image = specImage(pod, record.name);
  const entry = state.imagePullBackoff?.[image];
  // client-go IsInBackOffSinceUpdate(key, now): still inside the window the last failure opened.
  if (entry && nowMs - entry.lastUpdateMs < entry.delayMs)
    return { kind: "hold", message: `Back-off pulling image ${JSON.stringify(image)}: ${entry.lastError}` };
  return { kind: "pull" };
}

function specImage(pod: Pod, name: string): string {
  const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((c) => c.name === name);
  return spec?.image ?? "";
}
