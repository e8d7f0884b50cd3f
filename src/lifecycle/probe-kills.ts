/**
 * Probe-driven kills of single container instances (B3, B7, A8, E6, E7): a running sidecar or
 * regular container whose liveness or startup probe reached Failure is killed, with the probe's
 * `terminationGracePeriodSeconds` if set, else the pod's (E2). Regular init containers have no probes.
 */
import type { Pod, Probe } from "../api/index.js";
import { listContainerSpecs } from "./container-specs.js";
import { podGracePeriodMs } from "./pod-completion.js";
import type { KillReason, PodActions, PodRuntimeState } from "./pod-state.js";

export function computeProbeKills(pod: Pod, state: PodRuntimeState): PodActions["killContainers"] {
  const kills: PodActions["killContainers"] = [];
  const podGraceMs = podGracePeriodMs(pod);
  for (const entry of listContainerSpecs(pod)) {
    const record = state.containers[entry.name];
    if (entry.role === "init" || !record || record.state.kind !== "running" || record.killing) continue;
    const failed = failedProbe(entry.role === "sidecar", record.probes);
    if (!failed) continue;
    const probe: Probe | undefined =
      failed === "LivenessProbe" ? entry.spec.livenessProbe : entry.spec.startupProbe;
    const graceSeconds = probe?.terminationGracePeriodSeconds;
    kills.push({
      name: entry.name,
      reason: failed,
      gracePeriodMs: graceSeconds !== undefined ? graceSeconds * 1000 : podGraceMs,
    });
  }
  return kills;
}

/**
 * The kubelet checks liveness before startup for regular containers (computePodActions) and startup
 * before liveness for sidecars (computeInitContainerActions); E5 makes both failing at once rare.
 */
function failedProbe(
  isSidecar: boolean,
  probes: PodRuntimeState["containers"][string]["probes"],
): KillReason | undefined {
  const order: KillReason[] = isSidecar
    ? ["StartupProbe", "LivenessProbe"]
    : ["LivenessProbe", "StartupProbe"];
  for (const reason of order) {
    const result = reason === "LivenessProbe" ? probes.liveness : probes.startup;
    if (result === "Failure") return reason;
  }
  return undefined;
}
