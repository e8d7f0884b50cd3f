/**
 * `observe(state, observation)`: the only way the agent changes a pod's runtime state. A pure
 * reducer — it returns new objects and never mutates its input — so every transition can be
 * tested without processes or timers.
 */
import { observeImagePullFailed, observeImagePullHeld } from "./image-pull-backoff.js";
import { INITIAL_PROBES } from "./initial-state.js";
import { resetRecord } from "./restart-all.js";
import { startFailedInstance } from "./start-failed-instance.js";
import type {
  ContainerExit,
  ContainerRecord,
  Observation,
  PodRuntimeState,
  Termination,
} from "./pod-state.js";

/**
 * An observation about one container: it changes that container's record only. Image pulls are
 * about a container too, but their back-off is kept per image for the whole pod (A18).
 */
export type ContainerObservation = Exclude<
  Extract<Observation, { name: string }>,
  { type: "imagePullFailed" | "imagePullBackOff" }
>;

/** Whether `observation` concerns one container (and so changes nothing but its record). */
export function isContainerObservation(observation: Observation): observation is ContainerObservation {
  return (
    "name" in observation && observation.type !== "imagePullFailed" && observation.type !== "imagePullBackOff"
  );
}

/** Folds one observed fact into the state. Facts about containers the pod does not have are ignored. */
export function observe(state: PodRuntimeState, observation: Observation): PodRuntimeState {
  switch (observation.type) {
    case "sandboxReady":
      return state.sandboxReadyAtMs === undefined
        ? { ...state, sandboxReadyAtMs: observation.atMs, podIP: observation.podIP }
        : state;
    case "terminationStarted":
      // C4/C10: termination begins once; later requests (a second Ctrl-C) do not change its grace.
      if (state.termination) return state;
      return {
        ...state,
        // A single kill not begun yet (B11) gives way: termination stops that container in order.
        containers: dropQueuedKills(state.containers),
        termination: {
          reason: observation.reason,
          startedAtMs: observation.atMs,
          gracePeriodMs: observation.gracePeriodMs,
        },
      };
    case "containersReset": {
      // KEP-5532: every container is gone; the pod starts over in the same sandbox.
      const containers: PodRuntimeState["containers"] = {};
      for (const [name, record] of Object.entries(state.containers)) containers[name] = resetRecord(record);
      return { ...state, containers };
    }
    case "imagePullFailed":
      return observeImagePullFailed(state, observation);
    case "imagePullBackOff":
      return observeImagePullHeld(state, observation);
    default:
      return updateContainer(state, observation);
  }
}

function dropQueuedKills(containers: PodRuntimeState["containers"]): PodRuntimeState["containers"] {
  const next = { ...containers };
  for (const [name, record] of Object.entries(containers)) {
    if (record.stop?.step !== "killQueued") continue;
    const { killing: _dropped, stop: _queued, ...rest } = record;
    next[name] = rest;
  }
  return next;
}

function updateContainer(state: PodRuntimeState, observation: ContainerObservation): PodRuntimeState {
  const record = state.containers[observation.name];
  if (!record) return state;
  const next = observeContainer(record, observation);
  if (next === record) return state;
  return { ...state, containers: { ...state.containers, [record.name]: next } };
}

/**
 * Folds a fact about one container into its record: what `observe` does to that record, and the
 * record itself when nothing changes. ObservedPodState builds on it (observed-pod-state.ts).
 */
export function observeContainer(
  record: ContainerRecord,
  observation: ContainerObservation,
): ContainerRecord {
  switch (observation.type) {
    case "containerStarting": {
      const next = startInstance(
        record,
        observation.atMs,
        observation.backoff ?? record.backoff,
        observation.image,
      );
      // KEP-4438: the restarted sidecar still waits for its turn with the budget it had.
      if (observation.duringTermination !== true || record.stop === undefined) return next;
      return { ...next, stop: record.stop, restartedDuringTermination: true };
    }
    case "containerRunning": {
      // A new instance: probe results start over (E4); its start got through, so an earlier
      // start error no longer stands (a failing postStart records `postStartFailed` next).
      const { startError: _passed, imageRef: _previous, ...rest } = record;
      return {
        ...rest,
        state: { kind: "running", startedAtMs: observation.startedAtMs, id: observation.id },
        probes: { ...INITIAL_PROBES },
        ...(observation.imageRef !== undefined ? { imageRef: observation.imageRef } : {}),
      };
    }
    case "postStartFailed":
      // F3, D8: the start is reported as PostStartHookError; only the instance whose hook ran has one.
      if (record.state.kind !== "running") return record;
      return { ...record, startError: { reason: "PostStartHookError", message: observation.message } };
    case "containerStartFailed": {
      if (observation.leftExited)
        return startFailedInstance(record, { ...observation, ...observation.leftExited });
      const { startError: _replaced, ...rest } = record;
      return {
        ...rest,
        state: {
          kind: "startFailed",
          reason: observation.reason,
          message: observation.message,
          atMs: observation.atMs,
          ...(observation.retriesOnSync ? { retriesOnSync: true } : {}),
        },
      };
    }
    case "containerExited":
      return exitInstance(record, observation.exit, observation.message);
    case "probeResult":
      // Results only describe the running instance; a late result for a gone instance is dropped.
      if (record.state.kind !== "running") return record;
      return { ...record, probes: { ...record.probes, [observation.probe]: observation.result } };
    case "backOff": {
      // B4: the kubelet's back-off result replaces a PostStartHookError in its reason cache.
      const { startError: _replaced, ...rest } = record;
      return { ...rest, backOff: { message: observation.message, untilMs: observation.untilMs } };
    }
    case "killStarted": {
      const killing = { ...record, killing: { reason: observation.reason, sinceMs: observation.atMs } };
      if (observation.gracePeriodMs === undefined || record.stop !== undefined) return killing;
      return { ...killing, stop: { step: "killQueued", budgetMs: observation.gracePeriodMs } };
    }
    case "preStopStarted":
      return {
        ...record,
        stop: { step: "preStop", startedAtMs: observation.atMs, budgetMs: observation.budgetMs },
      };
    case "preStopFinished":
      if (record.stop?.step !== "preStop" || record.stop.finishedAtMs !== undefined) return record;
      return { ...record, stop: { ...record.stop, finishedAtMs: observation.atMs } };
    case "awaitingTurn":
      return {
        ...record,
        stop: { step: "awaitingTurn", sinceMs: observation.atMs, budgetMs: observation.budgetMs },
      };
    case "stopSignalled":
      return {
        ...record,
        stop: { step: "stopping", signalledAtMs: observation.atMs, gracePeriodMs: observation.gracePeriodMs },
      };
  }
}

/**
 * containerStarting. B5: restartCount counts instances after the first. Only an instance that
 * existed (state exited) makes the next start a new instance; a start after `startFailed` with no
 * exit in between retries the same instance, as the kubelet does for CreateContainerError (no
 * container was created, so `restartCount = previous instance + 1` does not move again). The
 * previous instance's end becomes `lastTermination` (`lastState.terminated`). A `startError`
 * stays until this start has a result, as in the kubelet's reason cache.
 */
function startInstance(
  record: ContainerRecord,
  atMs: number,
  backoff: ContainerRecord["backoff"],
  image: string | undefined,
): ContainerRecord {
  const {
    backOff: _held,
    killing: _killing,
    stop: _stop,
    backoff: _old,
    restartedDuringTermination: _restarted,
    ...rest
  } = record;
  const failed =
    record.state.kind === "startFailed" && record.backOff === undefined ? record.state : undefined;
  const next: ContainerRecord = {
    ...rest,
    state: {
      kind: "starting",
      sinceMs: atMs,
      ...(failed ? { retrying: { reason: failed.reason, message: failed.message } } : {}),
    },
    probes: { ...INITIAL_PROBES },
  };
  if (backoff) next.backoff = backoff;
  if (image !== undefined) next.image = image;
  if (record.state.kind === "exited") {
    next.lastTermination = record.state.termination;
    next.restartCount = record.restartCount + 1;
  }
  return next;
}

/** containerExited: a kill in flight becomes `killedFor`, so B3 decides from the kill, not the exit code. */
function exitInstance(
  record: ContainerRecord,
  exit: ContainerExit,
  message: string | undefined,
): ContainerRecord {
  const { killing, ...rest } = record;
  const termination: Termination = { ...exit };
  if (message !== undefined) termination.message = message;
  if (killing) termination.killedFor = killing.reason;
  if (record.state.kind === "running") termination.containerId = record.state.id;
  return { ...rest, state: { kind: "exited", termination } };
}
