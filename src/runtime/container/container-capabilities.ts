import type { Container, Pod } from "../../api/types.js";

/**
 * What the container backend honours, stated once: the runtime port's `RuntimeCapabilities`
 * (issue 9) will carry these fields for every backend; until then the backend reports them
 * through `capabilities()` and turns what it cannot honour into `podWarnings`.
 */
export interface ContainerBackendCapabilities {
  volumeKinds: readonly ("emptyDir" | "hostPath" | "files")[];
  pullsImages: true;
  /** The pod gets its own network namespace and address (not the host's loopback). */
  podNetwork: "own";
  sharesProcessNamespace: true;
  enforcesResourceLimits: false;
  appliesSecurityContext: false;
  /** Exec timeouts stop podvisor waiting; the engine cannot kill an exec'd command. */
  killsExecOnTimeout: false;
}

export const CONTAINER_BACKEND_CAPABILITIES: ContainerBackendCapabilities = {
  volumeKinds: ["emptyDir", "hostPath", "files"],
  pullsImages: true,
  podNetwork: "own",
  sharesProcessNamespace: true,
  enforcesResourceLimits: false,
  appliesSecurityContext: false,
  killsExecOnTimeout: false,
};

/** Valid pod fields this backend runs without honouring yet, as "<field.path>: <what happens>". */
export function containerBackendWarnings(pod: Pod): string[] {
  const warnings: string[] = [];
  if (pod.spec.securityContext !== undefined && Object.keys(pod.spec.securityContext).length > 0)
    warnings.push("spec.securityContext: not yet applied by the container backend: the image's user is used");
  const groups: [string, Container[]][] = [
    ["initContainers", pod.spec.initContainers ?? []],
    ["containers", pod.spec.containers],
  ];
  for (const [field, containers] of groups) {
    containers.forEach((container, i) => {
      const path = `spec.${field}[${i}]`;
      if (container.resources?.limits !== undefined && Object.keys(container.resources.limits).length > 0)
        warnings.push(`${path}.resources.limits: not yet enforced by the container backend`);
      if (container.securityContext !== undefined && Object.keys(container.securityContext).length > 0)
        warnings.push(
          `${path}.securityContext: not yet applied by the container backend: the image's user is used`,
        );
    });
  }
  return warnings;
}
