import type { Container, PodSpec } from "../../api/index.js";
import { NANOS_PER_UNIT, parseQuantity } from "../../api/quantity/index.js";

/**
 * A container's resource limits and security context as the engine takes them, pure: the numbers
 * the kubelet computes (pkg/kubelet/cm/helpers_linux.go MilliCPUToShares / MilliCPUToQuota; the
 * memory limit without swap) and the security context merged pod-then-container, as
 * pkg/securitycontext's DetermineEffectiveSecurityContext does.
 */
export interface ContainerSettings {
  memoryLimitBytes?: number;
  cpuLimitMilli?: number;
  cpuRequestMilli?: number;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add: string[]; drop: string[] };
}

const CPU_PERIOD_US = 100_000;
const MIN_QUOTA_US = 1_000;
const MIN_SHARES = 2;

export function settingsOf(pod: Pick<PodSpec, "securityContext">, container: Container): ContainerSettings {
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
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const settings: { [K in keyof ContainerSettings]: ContainerSettings[K] | undefined } = {
    memoryLimitBytes: quantityValue(limits.memory, 1),
    cpuLimitMilli: quantityValue(limits.cpu, 1000),
    cpuRequestMilli: quantityValue(requests.cpu, 1000),
    runAsUser: pick("runAsUser", isNumber),
    runAsGroup: pick("runAsGroup", isNumber),
    runAsNonRoot: pick("runAsNonRoot", isBoolean),
    // These four exist only on the container's securityContext.
    readOnlyRootFilesystem: own("readOnlyRootFilesystem", isBoolean),
    privileged: own("privileged", isBoolean),
    allowPrivilegeEscalation: own("allowPrivilegeEscalation", isBoolean),
    capabilities: caps ? { add: strings(caps.add), drop: strings(caps.drop) } : undefined,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

/** The HostConfig fields for the settings (limits, privileges) and the `User` to run as. */
export function engineSettings(s: ContainerSettings): { user?: string; hostConfig: Record<string, unknown> } {
  const hostConfig: Record<string, unknown> = {};
  if (s.memoryLimitBytes !== undefined) {
    hostConfig.Memory = s.memoryLimitBytes;
    hostConfig.MemorySwap = s.memoryLimitBytes; // no swap beyond the limit
  }
  if (s.cpuLimitMilli !== undefined && s.cpuLimitMilli > 0) {
    hostConfig.CpuPeriod = CPU_PERIOD_US;
    hostConfig.CpuQuota = Math.max(MIN_QUOTA_US, Math.floor((s.cpuLimitMilli * CPU_PERIOD_US) / 1000));
  }
  if (s.cpuRequestMilli !== undefined)
    hostConfig.CpuShares = Math.max(MIN_SHARES, Math.floor((s.cpuRequestMilli * 1024) / 1000));
  if (s.readOnlyRootFilesystem) hostConfig.ReadonlyRootfs = true;
  if (s.privileged) hostConfig.Privileged = true;
  if (s.allowPrivilegeEscalation === false) hostConfig.SecurityOpt = ["no-new-privileges"];
  if (s.capabilities?.add.length) hostConfig.CapAdd = s.capabilities.add;
  if (s.capabilities?.drop.length) hostConfig.CapDrop = s.capabilities.drop;
  const user =
    s.runAsUser === undefined
      ? undefined
      : s.runAsGroup === undefined
        ? String(s.runAsUser)
        : `${s.runAsUser}:${s.runAsGroup}`;
  return { ...(user !== undefined ? { user } : {}), hostConfig };
}

/**
 * runAsNonRoot: the kubelet refuses to start a container that would run as uid 0, or as a user
 * name it cannot check (kuberuntime_container.go verifyRunAsNonRoot). A refusal is the message of
 * a CreateContainerConfigError; undefined when the container may start.
 */
export function runAsNonRootRefusal(s: ContainerSettings, imageUser: string): string | undefined {
  if (!s.runAsNonRoot) return undefined;
  if (s.runAsUser !== undefined)
    return s.runAsUser === 0 ? "container's runAsUser breaks non-root policy" : undefined;
  const user = imageUser.split(":")[0] ?? "";
  if (user === "" || user === "0" || user === "root")
    return "container has runAsNonRoot and image will run as root";
  if (!/^\d+$/.test(user))
    return `container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root`;
  return undefined;
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
