/**
 * Whether a container that is not running should be started again (kubelet
 * `ShouldContainerBeRestarted` plus the sidecar and init-container branches of
 * `computeInitContainerActions`), with ContainerRestartRules on as in v1.36 (KEP-5307): a
 * container's own `restartPolicy` and `restartPolicyRules` override the pod's. Backoff timing is
 * separate (restart-backoff.ts).
 */
import { containerShouldRestart } from "../api/index.js";
import type { Container, RestartPolicy } from "../api/index.js";
import type { ContainerSpecEntry } from "./container-specs.js";
import type { ContainerRecord, Termination } from "./pod-state.js";

/** What the restart decision needs of a container: its role and its spec. */
export type RestartSubject = Pick<ContainerSpecEntry, "role"> & {
  spec: Pick<Container, "restartPolicy" | "restartPolicyRules">;
};

/**
 * For an exited instance:
 * - B1: a sidecar restarts after every exit, whatever the policies (its rules only matter for
 *   RestartAllContainers, decided in restart-all.ts).
 * - A11: a regular init container that exited 0 is done (A2); one that failed restarts if its
 *   own policy and rules, else the pod's, say so (`ContainerShouldRestart`): under pod Never with
 *   no policy of its own the pod fails.
 * - B3: a regular container killed for a failed liveness/startup probe restarts iff its own
 *   restartPolicy, else the pod's, is not Never, whatever code the killed process exited with
 *   (the kubelet decides at kill time; rules are not consulted for a running container).
 * - A16: a regular container killed because its image changed restarts under any policy.
 * - B2, I3: otherwise a regular container follows `ContainerShouldRestart`: a matching rule
 *   (Restart or RestartAllContainers) restarts it, else its own policy, else the pod's: Always
 *   any exit, OnFailure non-zero, Never none.
 */
export function shouldRestartAfterExit(
  subject: RestartSubject,
  termination: Termination,
  restartPolicy: RestartPolicy,
): boolean {
  switch (subject.role) {
    case "sidecar":
      return true;
    case "init":
      return (
        termination.exitCode !== 0 &&
        containerShouldRestart(subject.spec, restartPolicy, termination.exitCode)
      );
    case "regular":
      // A16: a container killed because its definition changed restarts whatever the policy.
      if (termination.killedFor === "SpecChanged") return true;
      if (termination.killedFor === "LivenessProbe" || termination.killedFor === "StartupProbe") {
        const policy = subject.spec.restartPolicy ?? restartPolicy;
        return policy !== "Never";
      }
      return containerShouldRestart(subject.spec, restartPolicy, termination.exitCode);
  }
}

/**
 * For a record that may need a (re)start: never created → start; a failed start attempt → retry
 * whatever the policy (A17; the kubelet always restarts containers left in Created/unknown state
 * and retries create errors); exited → per `shouldRestartAfterExit`; starting/running → no.
 */
export function needsStart(
  subject: RestartSubject,
  record: ContainerRecord,
  restartPolicy: RestartPolicy,
): boolean {
  switch (record.state.kind) {
    case "notCreated":
    case "startFailed":
      return true;
    case "exited":
      return shouldRestartAfterExit(subject, record.state.termination, restartPolicy);
    default:
      return false;
  }
}

/** The pod's restartPolicy; the API layer defaults it, Always is the API default. */
export function podRestartPolicy(policy: RestartPolicy | undefined): RestartPolicy {
  return policy ?? "Always";
}
