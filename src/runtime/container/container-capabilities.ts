import type { Pod } from "../../api/index.js";
import type { RuntimeCapabilities } from "../capabilities.js";
import { containersWithPaths } from "./containers-with-paths.js";

/**
 * What the container backend honours, stated once: the runtime port's `RuntimeCapabilities`
 * (issue 9) will carry these fields for every backend; until then the backend reports them
 * through `capabilities()` and names what it cannot honour in `podWarnings`.
 */
export interface ContainerBackendCapabilities {
  volumeKinds: readonly ("emptyDir" | "hostPath" | "files")[];
  pullsImages: true;
  /** The pod gets its own network namespace and address (not the host's loopback). */
  podNetwork: "own";
  sharesProcessNamespace: true;
  /** Memory and CPU limits through the engine's cgroups; OOMKilled as far as the engine reports it. */
  enforcesResourceLimits: true;
  /** The securityContext fields the backend applies; others are warned about. */
  securityContextFields: readonly string[];
  terminationMessages: true;
  /** Exec timeouts stop podvisor waiting; the engine cannot kill an exec'd command. */
  killsExecOnTimeout: false;
}

const CONTAINER_FIELDS = [
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "readOnlyRootFilesystem",
  "privileged",
  "allowPrivilegeEscalation",
  "capabilities",
] as const;
const POD_FIELDS = ["runAsUser", "runAsGroup", "runAsNonRoot"] as const;

export const CONTAINER_BACKEND_CAPABILITIES: ContainerBackendCapabilities = {
  volumeKinds: ["emptyDir", "hostPath", "files"],
  pullsImages: true,
  podNetwork: "own",
  sharesProcessNamespace: true,
  enforcesResourceLimits: true,
  securityContextFields: CONTAINER_FIELDS,
  terminationMessages: true,
  killsExecOnTimeout: false,
};

/** Valid pod fields this backend runs without honouring, as "<field.path>: <what happens>". */
export function containerBackendWarnings(pod: Pod): string[] {
  const warnings: string[] = [];
  const unapplied = (path: string, sc: Record<string, unknown> | undefined, applied: readonly string[]) => {
    for (const key of Object.keys(sc ?? {}).filter((k) => !applied.includes(k)))
      warnings.push(`${path}.${key}: not applied by the container backend`);
  };
  unapplied("spec.securityContext", pod.spec.securityContext, POD_FIELDS);
  for (const { path, container } of containersWithPaths(pod)) {
    unapplied(`${path}.securityContext`, container.securityContext, CONTAINER_FIELDS);
    const sc = { ...pod.spec.securityContext, ...container.securityContext };
    if (sc.runAsGroup !== undefined && sc.runAsUser === undefined)
      warnings.push(
        `${path}.securityContext.runAsGroup: applied only together with runAsUser by the container backend`,
      );
  }
  for (const [i, volume] of (pod.spec.volumes ?? []).entries())
    if (volume.emptyDir?.medium === "Memory")
      warnings.push(
        `spec.volumes[${i}].emptyDir.medium: Memory is a directory on disk with the container backend`,
      );
  return warnings;
}

/**
 * What the container backend honours through today's port: images are pulled and each pod has
 * its own network and IP, but the launch spec does not carry resource limits, securityContext or
 * shareProcessNamespace yet (the backend's own createContainer applies them; see
 * CONTAINER_BACKEND_CAPABILITIES), so `run` warns about those fields rather than claim them.
 */
export const containerRuntimeCapabilities: RuntimeCapabilities = {
  displayName: "the container backend",
  volumeTypes: ["emptyDir", "hostPath", "configMap", "secret", "downwardAPI"],
  enforcesResourceLimits: false,
  honoursSecurityContext: false,
  sharesProcessNamespace: false,
  pullsImages: true,
  network: "pod",
};
