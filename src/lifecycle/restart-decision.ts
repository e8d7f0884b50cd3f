/**
 * Whether a container that is not running should be started again (kubelet
 * `ShouldContainerBeRestarted` plus the sidecar and init-container branches of
 * `computeInitContainerActions`). Backoff timing is separate (restart-backoff.ts).
 */
import type { RestartPolicy } from "../api/index.js";
import type { ContainerSpecEntry } from "./container-specs.js";
import type { ContainerRecord, Termination } from "./pod-state.js";

/**
 * For an exited instance:
 * - B1: a sidecar restarts after every exit, whatever the pod restartPolicy.
 * - A11: a regular init container that exited non-zero restarts unless the policy is Never
 *   (OnFailure semantics under Always and OnFailure); exit 0 means it is done (A2).
 * - B3: a regular container killed for a failed liveness/startup probe restarts iff the policy is
 *   not Never, whatever code the killed process exited with (the kubelet decides at kill time).
 * - B2: otherwise a regular container follows the policy: Always any exit, OnFailure non-zero, Never none.
 */
export function shouldRestartAfterExit(
  role: ContainerSpecEntry["role"],
  termination: Termination,
  restartPolicy: RestartPolicy,
): boolean {
  switch (role) {
    case "sidecar":
      return true;
    case "init":
      return termination.exitCode !== 0 && restartPolicy !== "Never";
    case "regular":
      if (termination.killedFor === "LivenessProbe" || termination.killedFor === "StartupProbe")
        return restartPolicy !== "Never";
      if (restartPolicy === "Always") return true;
      if (restartPolicy === "OnFailure") return termination.exitCode !== 0;
      return false;
  }
}

/**
 * For a record that may need a (re)start: never created → start; a failed start attempt → retry
 * whatever the policy (A17; the kubelet always restarts containers left in Created/unknown state
 * and retries create errors); exited → per `shouldRestartAfterExit`; starting/running → no.
 */
export function needsStart(
  role: ContainerSpecEntry["role"],
  record: ContainerRecord,
  restartPolicy: RestartPolicy,
): boolean {
  switch (record.state.kind) {
    case "notCreated":
    case "startFailed":
      return true;
    case "exited":
      return shouldRestartAfterExit(role, record.state.termination, restartPolicy);
    default:
      return false;
  }
}

/** The pod's restartPolicy; the API layer defaults it, Always is the API default. */
export function podRestartPolicy(policy: RestartPolicy | undefined): RestartPolicy {
  return policy ?? "Always";
}
