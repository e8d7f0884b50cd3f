/**
 * What a runtime backend can do, described once by the backend (a CRI's `RuntimeStatus` and
 * feature flags play this part for the kubelet). Admission refuses volumes a backend cannot
 * provide, `run` warns about fields it runs without honouring, the agent pulls images only on a
 * backend that has them, and the contract suite skips what a backend does not claim.
 */
import type { Container, Pod } from "../api/index.js";

export interface RuntimeCapabilities {
  /** How messages name the backend: "the process backend". */
  displayName: string;
  /** The pod volume sources it provides, by their field name in `spec.volumes[*]` ("emptyDir"). */
  volumeTypes: readonly string[];
  /** Container resource limits are enforced (cgroups); otherwise only reported. */
  enforcesResourceLimits: boolean;
  /** Pod and container securityContext (user, groups, capabilities) is honoured. */
  honoursSecurityContext: boolean;
  /** `shareProcessNamespace: true` gives the pod's containers one pid namespace. */
  sharesProcessNamespace: boolean;
  /** Images are pulled and run; otherwise `image` is only a label and every image is present. */
  pullsImages: boolean;
  /** "host": pods use the node's network and address; "pod": each pod has its own namespace and IP. */
  network: "host" | "pod";
  /**
   * The backend's own finer list, for what the flags above cannot say (e.g. the securityContext
   * fields it does not apply), in the same "<field.path>: <what happens>" form.
   */
  unhonouredPodFields?: (pod: Pod) => string[];
}

/**
 * Valid pod fields `capabilities` runs without honouring, each as "<field.path>: <what happens>"
 * (printed before the run starts, as kubectl prints the API server's warnings). Fields that make a
 * faithful run impossible are the backend's `checkPod` problems instead.
 */
export function unhonouredFields(pod: Pod, capabilities: RuntimeCapabilities): string[] {
  const warnings: string[] = [];
  const spec = pod.spec;
  const backend = capabilities.displayName;
  if (!capabilities.honoursSecurityContext && isNonEmpty(spec.securityContext)) {
    warnings.push(`spec.securityContext: ignored by ${backend}: containers run as podvisor's own user`);
  }
  if (!capabilities.sharesProcessNamespace && spec.shareProcessNamespace === true) {
    warnings.push(
      `spec.shareProcessNamespace: ignored by ${backend}: each container keeps its own pid namespace`,
    );
  }
  const groups: [string, readonly Container[]][] = [
    ["initContainers", spec.initContainers ?? []],
    ["containers", spec.containers],
  ];
  for (const [field, containers] of groups) {
    containers.forEach((container, i) => {
      const path = `spec.${field}[${i}]`;
      if (!capabilities.enforcesResourceLimits && isNonEmpty(container.resources?.limits)) {
        warnings.push(
          `${path}.resources.limits: not enforced by ${backend} (no cgroups); requests and limits are still reported`,
        );
      }
      if (!capabilities.honoursSecurityContext && isNonEmpty(container.securityContext)) {
        warnings.push(
          `${path}.securityContext: ignored by ${backend}: the container runs as podvisor's own user`,
        );
      }
    });
  }
  return [...warnings, ...(capabilities.unhonouredPodFields?.(pod) ?? [])];
}

function isNonEmpty(value: object | undefined): boolean {
  return value !== undefined && Object.keys(value).length > 0;
}
