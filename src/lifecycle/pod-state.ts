/**
 * What the agent has observed of one pod, in the engine's terms (kubelet `PodStatus` +
 * the bits of kubelet memory the engine needs: backoff entries, kills and termination progress).
 * The agent changes it only through `observe()` (lifecycle/observe.ts), a pure reducer, so every
 * transition is testable without processes or timers. See docs/architecture.md.
 */
import type { Signal } from "../api/index.js";

/** How a container instance ended, observed from the process by the runtime, never polled. */
export interface ContainerExit {
  exitCode: number;
  /** The signal that ended it, e.g. "SIGKILL" (exitCode is then 128 + its number). */
  signal?: SignalName;
  /** "Completed" (0), "Error" (non-zero), as containerd reports them. */
  reason: "Completed" | "Error" | "OOMKilled";
  startedAtMs: number;
  finishedAtMs: number;
}

/** A signal's name as Kubernetes spells it ("SIGTERM"; api/signals.ts). */
export type SignalName = Signal;

export type ContainerRole = "init" | "sidecar" | "regular";

export type ProbeResult = "Unknown" | "Success" | "Failure";

/** Why podvisor stops a single container instance (the `Killing` event's reason). */
export type KillReason =
  | "LivenessProbe"
  | "StartupProbe"
  | "FailedPostStartHook"
  | "InitFailed"
  | "PodTermination"
  /** KEP-5532: every container is killed (no preStop, 2 s window) before the pod restarts in place. */
  | "RestartAllContainers"
  /** A16: the container's image changed in the pod spec; it is started again with the new one. */
  | "SpecChanged";

/**
 * One finished container instance. Reason `RestartingAllContainers` (exit code 137, no times) is
 * what the kubelet records for a container removed by an in-place pod restart (KEP-5532).
 */
export interface Termination extends Omit<ContainerExit, "reason"> {
  /**
   * `ContainerStatusUnknown` (137, no times): a running container lost with its sandbox (A15);
   * `StartError` (128): created, its start failed (A17, start-failed-instance.ts).
   */
  reason: ContainerExit["reason"] | "RestartingAllContainers" | "ContainerStatusUnknown" | "StartError";
  message?: string;
  /** Set when podvisor killed the instance, so B3 can decide the restart from the kill, not the exit code. */
  killedFor?: KillReason;
  /** The runtime's id of the instance that ended (status `containerID` / `terminated.containerID`). */
  containerId?: string;
}

/** The current instance of a container. */
export type InstanceState =
  /** Never created in this pod (status: Waiting PodInitializing / ContainerCreating, D5). */
  | { kind: "notCreated" }
  /**
   * Being created/started, postStart hook in flight (F2: not yet reported Running). `retrying`: the
   * start before it failed (A17) and was not held; the kubelet's reason cache keeps that failure
   * as the status while this retry is under way (D8), so it does not read ContainerCreating.
   */
  | { kind: "starting"; sinceMs: number; retrying?: { reason: string; message: string } }
  /** Running, postStart returned. */
  | { kind: "running"; startedAtMs: number; id: string }
  /**
   * The last start attempt failed for a runtime reason (A17, D8); retried with backoff, or, when
   * `retriesOnSync` (no container was created: ErrImageNeverPull, CreateContainerError,
   * CreateContainerConfigError), when the failed sync comes round again, backed off only from the
   * previous instance's exit.
   */
  | { kind: "startFailed"; reason: string; message: string; atMs: number; retriesOnSync?: true }
  /** The instance exited. */
  | { kind: "exited"; termination: Termination };

/** client-go flowcontrol.Backoff entry for this container (B4). */
export interface BackoffEntry {
  delayMs: number;
  lastUpdateMs: number;
}

/** The kubelet's image back-off entry for one of the pod's images (A18), with its last pull error. */
export interface ImagePullBackoffEntry extends BackoffEntry {
  /** `ErrImagePull: <message>`, quoted in the ImagePullBackOff message (image_manager.go prevPullErrMsg). */
  lastError: string;
}

/** Progress of a container through ordered pod termination (C5), as recorded by the agent. */
export type StopProgress =
  /** A single-container kill (B3, F3) with `budgetMs` grace, not begun yet: kills are serial (B11). */
  | { step: "killQueued"; budgetMs: number }
  /**
   * preStop hook in flight since `startedAtMs`, with `budgetMs` grace before it; `finishedAtMs` once
   * the agent saw it return (or gave up on it), recorded by a `preStopFinished` observation.
   */
  | { step: "preStop"; startedAtMs: number; budgetMs: number; finishedAtMs?: number }
  /** Sidecar waiting for its turn (C5.2) since `sinceMs`, with `budgetMs` grace left. */
  | { step: "awaitingTurn"; sinceMs: number; budgetMs: number }
  /** Stop signal sent at `signalledAtMs`; SIGKILL after `gracePeriodMs`. */
  | { step: "stopping"; signalledAtMs: number; gracePeriodMs: number };

export interface ContainerRecord {
  name: string;
  role: ContainerRole;
  state: InstanceState;
  /** Instances created after the first one (B5). */
  restartCount: number;
  /** The previous instance's end, shown as `lastState.terminated`. */
  lastTermination?: Termination;
  /** Probe results for the current instance (E4 initial values: startup Unknown, liveness Success, readiness Failure). */
  probes: { startup: ProbeResult; liveness: ProbeResult; readiness: ProbeResult };
  backoff?: BackoffEntry;
  /**
   * The image the current (or last) instance was started with: the part of the kubelet's
   * container hash the API lets change on a running pod (A16). A spec that names another image
   * makes the running instance "changed"; the backoff entry belongs to this image (B4).
   */
  image?: string;
  /** The runtime's resolved reference of that image (status `imageID`), when it pulls images. */
  imageRef?: string;
  /** Set while the engine holds this container in CrashLoopBackOff (status: Waiting CrashLoopBackOff, B4). */
  backOff?: { message: string; untilMs: number };
  /** A single-container kill in flight (probe failure, postStart failure). */
  killing?: { reason: KillReason; sinceMs: number };
  /**
   * kubelet `reasonCache`: the latest start of this container failed after its instance was
   * created — its postStart hook failed (F3) — so the status reads `Waiting` with this reason and
   * the hook's message (D8) until a later start result replaces it: a start that gets through
   * postStart, another start failure, or a CrashLoopBackOff hold.
   */
  startError?: { reason: "PostStartHookError" | "RunContainerError"; message: string };
  /** Set once pod termination has reached this container. */
  stop?: StopProgress;
  /**
   * KEP-4438: the current instance was started during pod termination, after the sidecar exited
   * before its turn to stop (lifecycle/termination-restarts.ts). It runs without postStart and
   * probes, and is stopped with SIGKILL at its turn (the KEP's alpha limitations).
   */
  restartedDuringTermination?: true;
}

export type PodTerminationReason =
  /** The user deleted the pod (Ctrl-C, SIGTERM, `--timeout`), C4. */
  | "Deleted"
  /** Every regular container is done and none will restart (Job-style completion, C1). */
  | "Completed"
  /** A regular init container failed under restartPolicy Never (A11). */
  | "InitFailed"
  /** `activeDeadlineSeconds` passed. */
  | "DeadlineExceeded";

export interface PodRuntimeState {
  /** Epoch ms at which the agent admitted the pod. */
  admittedAtMs: number;
  /** Set once the sandbox (volumes, address) exists (A1). */
  sandboxReadyAtMs?: number;
  /** The node's address (status.hostIP), from the node's configuration. */
  hostIP?: string;
  /** The sandbox's address (status.podIP), reported by the runtime with the sandbox. */
  podIP?: string;
  /** Every init and regular container, by name. */
  containers: Record<string, ContainerRecord>;
  /** A18: the image back-off, by image (the kubelet's key is pod UID + image). */
  imagePullBackoff?: Record<string, ImagePullBackoffEntry>;
  /** Set when pod termination begins; nothing starts or restarts after it (C4, C10). */
  termination?: { reason: PodTerminationReason; startedAtMs: number; gracePeriodMs: number };
}

/** Facts the agent reports; `observe()` folds them into the state. */
export type Observation =
  | { type: "sandboxReady"; atMs: number; podIP: string }
  /** The agent began creating and starting the container (a start action was taken). */
  | {
      type: "containerStarting";
      name: string;
      atMs: number;
      backoff: BackoffEntry | undefined;
      /** The spec's image at this start (A16); recorded as the instance's `image`. */
      image?: string;
      /** KEP-4438: a sidecar restarted during pod termination; it keeps its stop progress. */
      duringTermination?: true;
    }
  /** The process runs and postStart (if any) returned. */
  | { type: "containerRunning"; name: string; id: string; startedAtMs: number; imageRef?: string }
  | {
      type: "containerStartFailed";
      name: string;
      reason: string;
      message: string;
      atMs: number;
      /**
       * The start failed before any container was created: the image step before any pull (A18:
       * ErrImageNeverPull, an unreadable pull secret) or the create itself (A17: CreateContainerError,
       * CreateContainerConfigError).
       */
      retriesOnSync?: true;
      /**
       * A17: the start call failed after the container was created, and the runtime keeps it as
       * an exited instance (containerd: exit code 128, reason StartError; start-failed-instance.ts).
       */
      leftExited?: { containerId?: string };
    }
  /** A18: pulling the container's image failed with the runtime's `message` (ErrImagePull). */
  | { type: "imagePullFailed"; name: string; image: string; message: string; atMs: number }
  /** A18: a sync found the container's image in back-off (ImagePullBackOff); nothing was pulled. */
  | { type: "imagePullBackOff"; name: string; message: string; atMs: number }
  /** The running instance's postStart hook failed (F3); recorded right after its `containerRunning`. */
  | { type: "postStartFailed"; name: string; message: string }
  | { type: "containerExited"; name: string; exit: ContainerExit; message?: string }
  | { type: "probeResult"; name: string; probe: "startup" | "liveness" | "readiness"; result: ProbeResult }
  | { type: "backOff"; name: string; message: string; untilMs: number }
  /**
   * A single-container kill was decided. With `gracePeriodMs` the engine drives it (preStop, then
   * the stop signal, kill-progress.ts); without, the caller stops the container itself.
   */
  | { type: "killStarted"; name: string; reason: KillReason; atMs: number; gracePeriodMs?: number }
  | { type: "terminationStarted"; reason: PodTerminationReason; atMs: number; gracePeriodMs: number }
  | { type: "preStopStarted"; name: string; atMs: number; budgetMs: number }
  /** The preStop hook returned (or its budget ran out); C5 step 1 is over for this container. */
  | { type: "preStopFinished"; name: string; atMs: number }
  | { type: "awaitingTurn"; name: string; atMs: number; budgetMs: number }
  | { type: "stopSignalled"; name: string; atMs: number; gracePeriodMs: number }
  /** KEP-5532: every container was killed and removed; the pod starts over in the same sandbox. */
  | { type: "containersReset"; atMs: number };

/** What to do now — the plan the agent carries out (kubelet `podActions`). */
export interface PodActions {
  /** Create the sandbox first; nothing starts before it (A1). */
  createSandbox: boolean;
  /**
   * Start these now, in order, each after the previous one's postStart returned (A4, A5).
   * `duringTermination`: a KEP-4438 restart of a sidecar while the pod terminates — no postStart,
   * no probes (record its start with `duringTermination` too).
   */
  startContainers: { name: string; backoff: BackoffEntry | undefined; duringTermination?: true }[];
  /** Containers whose restart is held by CrashLoopBackOff (B4): record with a `backOff` observation. */
  backOff: { name: string; message: string; untilMs: number }[];
  /** A18: containers whose image is in back-off this sync: record with an `imagePullBackOff` observation. */
  imagePullBackOff: { name: string; message: string }[];
  /** Kill single instances (preStop, then stop with `gracePeriodMs`); serial (B11). */
  killContainers: { name: string; reason: KillReason; gracePeriodMs: number }[];
  /** Begin ordered pod termination (C1, A11, deadline). */
  beginTermination?: { reason: PodTerminationReason; gracePeriodMs: number };
  /** C5 step 1: run these preStop hooks now, each bounded by its budget. */
  runPreStop: { name: string; budgetMs: number }[];
  /** C5 step 2: these sidecars now wait for their turn. */
  awaitTurn: { name: string; budgetMs: number }[];
  /** C5 step 4: send the stop signal now; SIGKILL after `gracePeriodMs` (already floored at 2 s). */
  stopContainers: { name: string; gracePeriodMs: number }[];
  /** Re-run the engine at this time if no event comes first (backoff expiry, turn deadlines). */
  wakeAtMs?: number;
  /**
   * KEP-5532: a RestartAllContainers rule matched and nothing of the pod runs any more: remove
   * every container (record with a `containersReset` observation) and start over from the first
   * init container, keeping the sandbox.
   */
  resetContainers: boolean;
  /** Nothing will ever run in this pod again: termination finished, or completion with nothing live. */
  isFinished: boolean;
}
