/**
 * A16: a running container whose spec changed is killed and started again (kubelet
 * `kuberuntime_manager.go` computePodActions and `kuberuntime_container.go`
 * computeInitContainerActions, both through `containerChanged`: the container's hash differs from
 * the one recorded when the instance was created). Of a running pod's containers the API lets
 * only `image` change (resources are resized, not hashed), so the engine compares the image the
 * instance was started with against the spec's.
 *
 * - a regular container: killed with "Container <name> definition changed, will be restarted"
 *   and restarted whatever the restart policy;
 * - a sidecar, once started (its startup probe, if any, succeeded): killed with
 *   "Init container <name> definition changed" and restarted (B1);
 * - a regular init container is never killed for it, and one that completed is not re-run.
 *
 * The grace period is the pod's (`killContainer` with no override: no probe is involved). The
 * restart skips CrashLoopBackOff because the backoff key holds the container's hash (B4).
 */
import type { Pod } from "../api/index.js";
import { hasStarted, listContainerSpecs, type ContainerSpecEntry } from "./container-specs.js";
import { podGracePeriodMs } from "./pod-completion.js";
import type { ContainerRecord, PodActions, PodRuntimeState } from "./pod-state.js";

export function computeSpecChangeKills(pod: Pod, state: PodRuntimeState): PodActions["killContainers"] {
  const kills: PodActions["killContainers"] = [];
  for (const entry of listContainerSpecs(pod)) {
    const record = state.containers[entry.name];
    if (!record || record.killing || !isChangedWhileRunning(entry, record)) continue;
    kills.push({ name: entry.name, reason: "SpecChanged", gracePeriodMs: podGracePeriodMs(pod) });
  }
  return kills;
}

function isChangedWhileRunning(entry: ContainerSpecEntry, record: ContainerRecord): boolean {
  if (record.state.kind !== "running" || !isImageChanged(entry, record)) return false;
  switch (entry.role) {
    case "regular":
      return true;
    // computeInitContainerActions looks for a change only once the sidecar has started.
    case "sidecar":
      return hasStarted(entry.spec, record);
    case "init":
      return false;
  }
}

/** The spec names another image than the one the last instance was started with. */
export function isImageChanged(entry: Pick<ContainerSpecEntry, "spec">, record: ContainerRecord): boolean {
  return record.image !== undefined && record.image !== entry.spec.image;
}
