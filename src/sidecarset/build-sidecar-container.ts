/**
 * One sidecar as Kruise's `buildSidecars` prepares it for a new pod (pkg/webhook/pod/mutating/
 * sidecarset.go): the app containers' volume mounts when shareVolumePolicy is enabled (by mount
 * path, the sidecar's own first) with the env their subPathExpr needs, `IS_INJECTED=true`, the
 * transferred env (by name, the sidecar's own first), and the SidecarSet-only fields dropped.
 * Works on decoded JSON, so container fields podvisor does not know are carried over untouched.
 */
import { injectedEnvName, sidecarOnlyFields } from "../api/sidecarset/index.js";
import { splitSubscriptedPath, isRecord, type Fields } from "../api/index.js";

export interface BuiltSidecar {
  container: Fields;
  name: string;
  podInjectPolicy: "BeforeAppContainer" | "AfterAppContainer";
  /** The SidecarSet volumes its own mounts use. */
  volumeNames: string[];
}

const subPathExprEnv = /\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)/g;

export function buildSidecarContainer(sidecar: Fields, pod: Fields): BuiltSidecar {
  const container = structuredClone(sidecar);
  const podInjectPolicy =
    container.podInjectPolicy === "AfterAppContainer" ? "AfterAppContainer" : "BeforeAppContainer";
  const ownMounts = listOf(container.volumeMounts);
  const volumeNames = ownMounts.map((mount) => String(mount.name));

  const shared =
    isRecord(container.shareVolumePolicy) && container.shareVolumePolicy.type === "enabled"
      ? sharedMountsAndEnvs(pod)
      : { mounts: [], envs: [] };
  const transferred = mergeEnvVars(transferEnvs(container, pod), shared.envs);

  const mounts = mergeVolumeMounts(ownMounts, shared.mounts);
  if (mounts.length > 0 || container.volumeMounts !== undefined) container.volumeMounts = mounts;
  const env = [...listOf(container.env), { name: injectedEnvName, value: "true" }];
  container.env = mergeEnvVars(env, transferred);
  for (const field of sidecarOnlyFields) delete container[field];
  return { container, name: String(container.name), podInjectPolicy, volumeNames };
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

/** Kruise `util.MergeVolumeMounts`: by mount path, the first one wins. */
function mergeVolumeMounts(original: Fields[], additional: Fields[]): Fields[] {
  const paths = new Set(original.map((mount) => mount.mountPath));
  const out = [...original];
  for (const mount of additional) {
    if (paths.has(mount.mountPath)) continue;
    out.push(mount);
    paths.add(mount.mountPath);
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
