/**
 * The lifecycle engine: podvisor's pure core for one pod, the kubelet's `computePodActions`
 * re-done as data. Given the (defaulted) pod, what the agent has observed of it
 * (`PodRuntimeState`, changed only through `observe`) and the time, it says what to do now:
 * create the sandbox, start init containers strictly in order and sidecars once started (KEP-753),
 * start regular containers together, restart per restartPolicy with CrashLoopBackOff, kill on
 * probe failure or a changed image (A16), complete Job-style pods, and terminate in the v1.29+
 * order (regular containers first, sidecars in reverse; opt-in, KEP-4438's restart of a sidecar
 * that dies before its turn), or by the opt-in `podvisor.dev/wait-for` annotation's dependency
 * order (wait-order.ts, docs/ordering.md). No I/O, no clock, no timers. Code and tests cite the
 * rules by their ID in docs/rules/lifecycle.md (a bare `C5` means that file's §C5).
 */
export type * from "./pod-state.js";
export { createPodRuntimeState } from "./initial-state.js";
export { observe } from "./observe.js";
export { ObservedPodState, type ObservedPodStateOptions } from "./observed-pod-state.js";
export { observationsForActions } from "./action-observations.js";
export { computePodActions, type EngineOptions } from "./compute-pod-actions.js";
export { hasStarted } from "./container-specs.js";
export { containersToPrepare, isStillToPrepare } from "./containers-to-prepare.js";
export { formatBackOffMessage, formatGoDuration } from "./restart-backoff.js";
export { MINIMUM_STOP_WINDOW_MS } from "./termination-order.js";
export { podGracePeriodMs } from "./pod-completion.js";
export { formatPodDescription } from "./restart-backoff.js";
export { podRestartPolicy, shouldRestartAfterExit } from "./restart-decision.js";
export {
  isRestartAllDue,
  RESTARTING_ALL_CONTAINERS_MESSAGE,
  RESTARTING_ALL_CONTAINERS_REASON,
} from "./restart-all.js";
export {
  LOST_CONTAINER_MESSAGE,
  LOST_CONTAINER_REASON,
  planAfterLostSandbox,
  type LostSandboxPlan,
} from "./lost-sandbox.js";
