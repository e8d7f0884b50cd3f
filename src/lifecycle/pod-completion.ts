/**
 * Job-style completion (C1): after initialization, once every regular container has exited and
 * none of them will be restarted, the pod terminates — sidecars never keep a pod alive (kubelet
 * computePodActions: `keepCount == 0 && len(ContainersToStart) == 0` → KillPod).
 */
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, type Pod } from "../api/index.js";
import { listRegularContainers } from "./container-specs.js";
import type { PodRuntimeState } from "./pod-state.js";
import { podRestartPolicy, shouldRestartAfterExit } from "./restart-decision.js";

/** True when every regular container is exited and none will restart under the pod restartPolicy (C1). */
export function isPodCompleted(pod: Pod, state: PodRuntimeState): boolean {
  const policy = podRestartPolicy(pod.spec.restartPolicy);
  return listRegularContainers(pod).every((entry) => {
    const record = state.containers[entry.name];
    if (record?.state.kind !== "exited") return false;
    return !shouldRestartAfterExit(entry, record.state.termination, policy);
  });
}

/** C3: the grace period of a completion or failure kill is the pod's terminationGracePeriodSeconds. */
export function podGracePeriodMs(pod: Pod): number {
  return (pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS) * 1000;
}
