import type { LinuxContainerSettings } from "../port.js";

/**
 * A container's limits and effective security context (podspec/linux-settings.ts) as the Engine
 * API takes them, pure: the numbers the kubelet computes for a cgroup (pkg/kubelet/cm/helpers_linux.go
 * MilliCPUToShares / MilliCPUToQuota, as dockershim passed them: CpuQuota over a 100 ms CpuPeriod;
 * the memory limit without swap), the user resolved as kuberuntime `determineEffectiveSecurityContext`
 * does (runAsGroup alone runs the image's user in that group), and runAsNonRoot checked as
 * kuberuntime `verifyRunAsNonRoot` checks it.
 */
const CPU_PERIOD_US = 100_000;
const MIN_QUOTA_US = 1_000;
const MIN_SHARES = 2;

/** The HostConfig fields for the settings (limits, privileges, groups) and the `User` to run as. */
export function engineSettings(
  s: LinuxContainerSettings,
  imageUser = "",
): { user?: string; hostConfig: Record<string, unknown> } {
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
  if (s.supplementalGroups?.length) hostConfig.GroupAdd = s.supplementalGroups.map(String);
  const user = effectiveUser(s, imageUser);
  return { ...(user !== undefined ? { user } : {}), hostConfig };
}

/**
 * `User` as "user[:group]": runAsUser, else (only when runAsGroup is set) the image's user — its
 * number or name, root when it has none — as the kubelet fills RunAsUser/RunAsUsername from the
 * image before the runtime joins them with the group.
 */
function effectiveUser(s: LinuxContainerSettings, imageUser: string): string | undefined {
  if (s.runAsUser === undefined && s.runAsGroup === undefined) return undefined;
  const user = s.runAsUser !== undefined ? String(s.runAsUser) : imageUserPart(imageUser) || "0";
  return s.runAsGroup === undefined ? user : `${user}:${s.runAsGroup}`;
}

const imageUserPart = (imageUser: string): string => imageUser.split(":")[0] ?? "";

/**
 * runAsNonRoot: the kubelet refuses to start a container that would run as uid 0, or as a user
 * name it cannot check (kuberuntime_container.go verifyRunAsNonRoot, with the image user as
 * containerd reports it: a number is a uid, no user is uid 0, anything else — "root" too — a
 * name). The refusal is a CreateContainerConfigError's message; undefined when it may start.
 */
export function runAsNonRootRefusal(
  s: LinuxContainerSettings,
  imageUser: string,
  who: { pod: string; container: string },
): string | undefined {
  if (!s.runAsNonRoot) return undefined;
  const suffix = `(pod: ${JSON.stringify(who.pod)}, container: ${who.container})`;
  if (s.runAsUser !== undefined)
    return s.runAsUser === 0 ? `container's runAsUser breaks non-root policy ${suffix}` : undefined;
  const user = imageUserPart(imageUser);
  if (user !== "" && !/^\d+$/.test(user))
    return `container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root ${suffix}`;
  if (user === "" || Number(user) === 0)
    return `container has runAsNonRoot and image will run as root ${suffix}`;
  return undefined;
}
