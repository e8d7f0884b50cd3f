/**
 * A container's resource limits and effective security context, as the kubelet hands them to a
 * CRI runtime (kuberuntime `generateLinuxContainerConfig`): quantities as numbers, the pod's
 * securityContext under the container's (pkg/securitycontext `DetermineEffectiveSecurityContext`),
 * and the pod's `fsGroup` then `supplementalGroups` as the container's supplemental groups
 * (kuberuntime `determineEffectiveSecurityContext`). How a backend applies them is its own
 * business (the container backend: runtime/container/container-settings.ts).
 */
import type { Container, PodSpec } from "../api/index.js";
import { NANOS_PER_UNIT, parseQuantity } from "../api/quantity/index.js";

export interface LinuxContainerSettings {
  memoryLimitBytes?: number;
  cpuLimitMilli?: number;
  cpuRequestMilli?: number;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  /** The pod's fsGroup, then its supplementalGroups, in that order. */
  supplementalGroups?: number[];
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add: string[]; drop: string[] };
}

/** The securityContext fields `linuxContainerSettings` carries, pod-level and container-level. */
export const CARRIED_POD_SECURITY_FIELDS = [
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "fsGroup",
  // Honoured as the kubelet honours it for emptyDir, configMap, secret and downwardAPI volumes: not at
  // all (their plugins pass no policy and always walk the whole volume).
  "fsGroupChangePolicy",
  "supplementalGroups",
  "sysctls",
] as const;
export const CARRIED_CONTAINER_SECURITY_FIELDS = [
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "readOnlyRootFilesystem",
  "privileged",
  "allowPrivilegeEscalation",
  "capabilities",
] as const;

/**
 * The CPU request is the shares' source, else the CPU limit (the kubelet repeats the API's
 * request-from-limit default); a container with neither gets no shares rather than the kubelet's
 * minimum 2, which beside other engine containers (not in a BestEffort cgroup) would starve it.
 * Limits the container lacks come from the pod's `spec.resources` (KEP-2837 `getMemoryLimit`,
 * `getCPULimit`).
 */
export function linuxContainerSettings(
  pod: Pick<PodSpec, "securityContext" | "resources">,
  container: Container,
): LinuxContainerSettings {
  const podSc = pod.securityContext ?? {};
  const sc = container.securityContext ?? {};
  const pick = <T>(key: string, is: (v: unknown) => v is T): T | undefined => {
    const own = sc[key];
    if (is(own)) return own;
    const fromPod = podSc[key];
    return is(fromPod) ? fromPod : undefined;
  };
  const own = <T>(key: string, is: (v: unknown) => v is T): T | undefined =>
    is(sc[key]) ? sc[key] : undefined;
  const caps = sc.capabilities as { add?: unknown; drop?: unknown } | undefined;
  const limits = { ...pod.resources?.limits, ...container.resources?.limits };
  const requests = container.resources?.requests ?? {};
  const groups = [
    ...(isNumber(podSc.fsGroup) ? [podSc.fsGroup] : []),
    ...(Array.isArray(podSc.supplementalGroups) ? podSc.supplementalGroups.filter(isNumber) : []),
  ];
  const settings: { [K in keyof LinuxContainerSettings]: LinuxContainerSettings[K] | undefined } = {
    memoryLimitBytes: quantityValue(limits.memory, 1),
    cpuLimitMilli: quantityValue(limits.cpu, 1000),
    cpuRequestMilli: quantityValue(requests.cpu ?? container.resources?.limits?.cpu, 1000),
    runAsUser: pick("runAsUser", isNumber),
    runAsGroup: pick("runAsGroup", isNumber),
    runAsNonRoot: pick("runAsNonRoot", isBoolean),
    supplementalGroups: groups.length > 0 ? groups : undefined,
    // These four exist only on the container's securityContext.
    readOnlyRootFilesystem: own("readOnlyRootFilesystem", isBoolean),
    privileged: own("privileged", isBoolean),
    allowPrivilegeEscalation: own("allowPrivilegeEscalation", isBoolean),
    capabilities: caps ? { add: strings(caps.add), drop: strings(caps.drop) } : undefined,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

/** The pod's `securityContext.sysctls`, set in the sandbox (they are per network/IPC namespace). */
export function podSysctls(pod: Pick<PodSpec, "securityContext">): Record<string, string> {
  const listed = pod.securityContext?.sysctls;
  if (!Array.isArray(listed)) return {};
  const sysctls: Record<string, string> = {};
  for (const entry of listed as { name?: unknown; value?: unknown }[])
    if (typeof entry.name === "string" && typeof entry.value === "string") sysctls[entry.name] = entry.value;
  return sysctls;
}

/** A quantity's value in `perUnit`ths, rounded up as Quantity.Value()/MilliValue() round. */
function quantityValue(text: string | number | undefined, perUnit: number): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseQuantity(text);
  if (!parsed.ok) return undefined;
  const nanosPer = NANOS_PER_UNIT / BigInt(perUnit);
  const nanos = parsed.quantity.nanos;
  return Number((nanos + nanosPer - 1n) / nanosPer);
}

const isNumber = (v: unknown): v is number => typeof v === "number";
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
