/**
 * Whether a container restarts after an exit, from its own `restartPolicy` and
 * `restartPolicyRules` (KEP-5307) or else the pod's — upstream `pkg/api/v1/pod/util.go`
 * (`ContainerShouldRestart`, `FindMatchingContainerRestartRule`, `IsContainerRestartable`,
 * `AllContainersCouldRestart`), with ContainerRestartRules and RestartAllContainersOnContainerExits
 * on, as in v1.36. Shared by the engine (restart decisions) and the status (phase).
 */
import type { Container, ContainerRestartRule, PodSpec, RestartPolicy } from "./types.js";

/** The first rule whose exit codes match `exitCode` (In: listed, NotIn: not listed). */
export function findMatchingRestartRule(
  container: Pick<Container, "restartPolicyRules">,
  exitCode: number,
): ContainerRestartRule | undefined {
  return (container.restartPolicyRules ?? []).find((rule) => {
    if (!rule.exitCodes) return false;
    const listed = (rule.exitCodes.values ?? []).includes(exitCode);
    if (rule.exitCodes.operator === "In") return listed;
    if (rule.exitCodes.operator === "NotIn") return !listed;
    return false;
  });
}

/**
 * Upstream `ContainerShouldRestart`: with a container restartPolicy, a matching rule decides
 * (Restart and RestartAllContainers both restart the container), else that policy; without one,
 * the pod's restartPolicy (default Always).
 */
export function containerShouldRestart(
  container: Pick<Container, "restartPolicy" | "restartPolicyRules">,
  podRestartPolicy: RestartPolicy | undefined,
  exitCode: number,
): boolean {
  if (container.restartPolicy !== undefined) {
    if (findMatchingRestartRule(container, exitCode) !== undefined) return true;
    switch (container.restartPolicy) {
      case "Always":
        return true;
      case "OnFailure":
        return exitCode !== 0;
      case "Never":
        return false;
    }
  }
  switch (podRestartPolicy ?? "Always") {
    case "OnFailure":
      return exitCode !== 0;
    case "Never":
      return false;
    default:
      return true;
  }
}

/** The exit matches a `RestartAllContainers` rule: the whole pod restarts in place (KEP-5532). */
export function isRestartAllContainersExit(
  container: Pick<Container, "restartPolicyRules">,
  exitCode: number,
): boolean {
  return findMatchingRestartRule(container, exitCode)?.action === "RestartAllContainers";
}

/** Upstream `AllContainersCouldRestart`: some container has a RestartAllContainers rule. */
export function allContainersCouldRestart(spec: Pick<PodSpec, "initContainers" | "containers">): boolean {
  return [...(spec.initContainers ?? []), ...spec.containers].some((container) =>
    (container.restartPolicyRules ?? []).some((rule) => rule.action === "RestartAllContainers"),
  );
}
