import type { Pod } from "../../api/index.js";
import { CARRIED_CONTAINER_SECURITY_FIELDS, CARRIED_POD_SECURITY_FIELDS } from "../../podspec/index.js";
import type { RuntimeCapabilities } from "../capabilities.js";
import { containersWithPaths } from "./containers-with-paths.js";

/**
 * What the container backend honours, stated once for the port: images, a network and address
 * per pod, cgroup limits, the security context the launch spec carries and a shared pid
 * namespace on request. What it still runs without honouring is `unhonouredPodFields`, printed
 * before the run like the booleans' warnings (docs/container-backend.md, "Not carried").
 */
export const containerRuntimeCapabilities: RuntimeCapabilities = {
  displayName: "the container backend",
  volumeTypes: ["emptyDir", "hostPath", "configMap", "secret", "downwardAPI", "projected"],
  enforcesResourceLimits: true,
  honoursSecurityContext: true,
  sharesProcessNamespace: true,
  pullsImages: true,
  network: "pod",
  unhonouredPodFields: containerBackendWarnings,
};

/** Valid pod fields this backend runs without honouring, as "<field.path>: <what happens>". */
export function containerBackendWarnings(pod: Pod): string[] {
  const warnings: string[] = [];
  const unapplied = (path: string, sc: Record<string, unknown> | undefined, applied: readonly string[]) => {
    for (const key of Object.keys(sc ?? {}).filter((k) => !applied.includes(k)))
      warnings.push(`${path}.${key}: not applied by the container backend`);
  };
  unapplied("spec.securityContext", pod.spec.securityContext, CARRIED_POD_SECURITY_FIELDS);
  for (const { path, container } of containersWithPaths(pod))
    unapplied(`${path}.securityContext`, container.securityContext, CARRIED_CONTAINER_SECURITY_FIELDS);
  return warnings;
}
