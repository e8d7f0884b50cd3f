/**
 * One sidecar as Kruise's `buildSidecars` prepares it for a new pod (pkg/webhook/pod/mutating/
 * sidecarset.go): the app containers' volume mounts when shareVolumePolicy is enabled (by mount
 * path, the sidecar's own mounts and device paths first) with the env their subPathExpr needs,
 * `IS_INJECTED=true`, the transferred env (by name, the sidecar's own first), the app containers'
 * volume devices when shareVolumeDevicePolicy is enabled (by device path, the sidecar's own
 * devices and mount paths first), and the SidecarSet-only fields dropped. Works on decoded JSON,
 * so container fields podvisor does not know are carried over untouched.
 */
import { injectedEnvName, sidecarOnlyFields } from "../api/sidecarset/index.js";
import { splitSubscriptedPath, isRecord, type Fields } from "../api/index.js";

export interface BuiltSidecar {
  container: Fields;
  name: string;
  podInjectPolicy: "BeforeAppContainer" | "AfterAppContainer";
  /** The SidecarSet volumes its own mounts, then its own devices, use (Kruise's order). */
  volumeNames: string[];
  /** `upgradeStrategy.upgradeType: HotUpgrade`, with its `hotUpgradeEmptyImage` ("" when unset). */
  hotUpgradeEmptyImage?: string;
}

const subPathExprEnv = /\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)/g;

export function buildSidecarContainer(sidecar: Fields, pod: Fields): BuiltSidecar {
  const container = structuredClone(sidecar);
  // Kruise's injection reads an empty podInjectPolicy as "after" (mergeSidecarContainers); only
  // an undefaulted SidecarSet, such as a restored revision written by hand, has one.
  const podInjectPolicy =
    container.podInjectPolicy === "BeforeAppContainer" ? "BeforeAppContainer" : "AfterAppContainer";
  const ownMounts = listOf(container.volumeMounts);
  const ownDevices = listOf(container.volumeDevices);
  const volumeNames = [...ownMounts, ...ownDevices].map((item) => String(item.name));

  const shared = isEnabled(container.shareVolumePolicy) ? sharedMountsAndEnvs(pod) : { mounts: [], envs: [] };
  const transferred = mergeEnvVars(transferEnvs(container, pod), shared.envs);

  const devicePaths = ownDevices.map((device) => device.devicePath);
  const mounts = mergeByPath(ownMounts, "mountPath", shared.mounts, devicePaths);
  if (mounts.length > 0 || container.volumeMounts !== undefined) container.volumeMounts = mounts;
  const env = [...listOf(container.env), { name: injectedEnvName, value: "true" }];
  container.env = mergeEnvVars(env, transferred);
  const sharedDevices = isEnabled(container.shareVolumeDevicePolicy) ? sharedVolumeDevices(pod) : [];
  const mountPaths = mounts.map((mount) => mount.mountPath);
  const devices = mergeByPath(ownDevices, "devicePath", sharedDevices, mountPaths);
  if (devices.length > 0 || container.volumeDevices !== undefined) container.volumeDevices = devices;
  const upgrade = isRecord(container.upgradeStrategy) ? container.upgradeStrategy : {};
  const hotUpgradeEmptyImage =
    upgrade.upgradeType === "HotUpgrade"
      ? typeof upgrade.hotUpgradeEmptyImage === "string"
        ? upgrade.hotUpgradeEmptyImage
        : ""
      : undefined;
  for (const field of sidecarOnlyFields) delete container[field];
  return {
    container,
    name: String(container.name),
    podInjectPolicy,
    volumeNames,
    ...(hotUpgradeEmptyImage !== undefined ? { hotUpgradeEmptyImage } : {}),
  };
}

function isEnabled(policy: unknown): boolean {
  return isRecord(policy) && policy.type === "enabled";
}

/** Kruise `IsInjectedSidecarContainerInPod`: a container carrying IS_INJECTED=true. */
export function isInjectedContainer(container: Fields): boolean {
  return listOf(container.env).some((env) => env.name === injectedEnvName && env.value === "true");
}

function sharedMountsAndEnvs(pod: Fields): { mounts: Fields[]; envs: Fields[] } {
  const mounts: Fields[] = [];
  const envs: Fields[] = [];
  for (const app of listOf(isRecord(pod.spec) ? pod.spec.containers : undefined)) {
    if (isInjectedContainer(app)) continue;
    for (const mount of listOf(app.volumeMounts)) {
      mounts.push(structuredClone(mount));
      const expr = typeof mount.subPathExpr === "string" ? mount.subPathExpr : "";
      for (const match of expr.matchAll(subPathExprEnv)) {
        const env = listOf(app.env).find((e) => e.name === match[1]);
        if (env) envs.push(structuredClone(env));
      }
    }
  }
  return { mounts, envs };
}

/** Kruise `GetInjectedVolumeDevices`: the devices of the pod's app containers, in order. */
function sharedVolumeDevices(pod: Fields): Fields[] {
  const devices: Fields[] = [];
  for (const app of listOf(isRecord(pod.spec) ? pod.spec.containers : undefined))
    if (!isInjectedContainer(app))
      for (const device of listOf(app.volumeDevices)) devices.push(structuredClone(device));
  return devices;
}

/** Kruise `GetSidecarTransferEnvs`: env of the pod's regular containers, by container and name. */
function transferEnvs(sidecar: Fields, pod: Fields): Fields[] {
  const inPod = new Map<string, Fields>();
  for (const container of listOf(isRecord(pod.spec) ? pod.spec.containers : undefined))
    for (const env of listOf(container.env)) inPod.set(`${String(container.name)}/${String(env.name)}`, env);
  const out: Fields[] = [];
  for (const transfer of listOf(sidecar.transferEnv)) {
    const names = new Set<string>();
    if (typeof transfer.envName === "string" && transfer.envName !== "") names.add(transfer.envName);
    if (Array.isArray(transfer.envNames))
      for (const name of transfer.envNames) if (typeof name === "string") names.add(name);
    let source = typeof transfer.sourceContainerName === "string" ? transfer.sourceContainerName : "";
    const fieldRef = isRecord(transfer.sourceContainerNameFrom)
      ? transfer.sourceContainerNameFrom.fieldRef
      : undefined;
    if (isRecord(fieldRef) && typeof fieldRef.fieldPath === "string") {
      const resolved = containerNameFromFieldPath(fieldRef.fieldPath, pod);
      if (resolved === undefined) continue;
      source = resolved;
    }
    for (const name of [...names].sort()) {
      const env = inPod.get(`${source}/${name}`);
      if (env) out.push(structuredClone(env));
    }
  }
  return out;
}

/** Kruise `ExtractContainerNameFromFieldPath`: only `metadata.labels['k']` and `metadata.annotations['k']`. */
function containerNameFromFieldPath(fieldPath: string, pod: Fields): string | undefined {
  const split = splitSubscriptedPath(fieldPath);
  if (!split) return undefined;
  const meta = isRecord(pod.metadata) ? pod.metadata : {};
  const map =
    split[0] === "metadata.labels"
      ? meta.labels
      : split[0] === "metadata.annotations"
        ? meta.annotations
        : undefined;
  if (!isRecord(map))
    return split[0] === "metadata.labels" || split[0] === "metadata.annotations" ? "" : undefined;
  const value = map[split[1]];
  return typeof value === "string" ? value : "";
}

/**
 * Kruise `util.MergeVolumeMounts` (key `mountPath`) and `MergeVolumeDevices` (key `devicePath`):
 * the container's own first, then each additional one whose path is not taken yet, counting the
 * paths of the other kind (`takenPaths`) as taken.
 */
function mergeByPath(
  original: Fields[],
  key: "mountPath" | "devicePath",
  additional: Fields[],
  takenPaths: unknown[],
): Fields[] {
  const paths = new Set([...original.map((item) => item[key]), ...takenPaths]);
  const out = [...original];
  for (const item of additional) {
    if (paths.has(item[key])) continue;
    out.push(item);
    paths.add(item[key]);
  }
  return out;
}

/** Kruise `util.MergeEnvVar`: by name, the first one wins. */
export function mergeEnvVars(original: Fields[], additional: Fields[]): Fields[] {
  const names = new Set(original.map((env) => env.name));
  const out = [...original];
  for (const env of additional) {
    if (names.has(env.name)) continue;
    out.push(env);
    names.add(env.name);
  }
  return out;
}

export function listOf(value: unknown): Fields[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
