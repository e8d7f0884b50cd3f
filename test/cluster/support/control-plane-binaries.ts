/**
 * Where the control plane's binaries are: the cache `scripts/control-plane/build.sh` fills, for
 * the versions pinned in `scripts/control-plane/versions.env` (one source for the script and us).
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "..", "..", "..");
const versionsPath = join(repoRoot, "scripts", "control-plane", "versions.env");

export type ComponentName = "etcd" | "kube-apiserver" | "kube-controller-manager" | "kube-scheduler";

export interface ControlPlaneBinaries {
  kubeVersion: string;
  etcdVersion: string;
  binDir: string;
  path(component: ComponentName): string;
}

export class ControlPlaneNotBuiltError extends Error {
  readonly code = "CONTROL_PLANE_NOT_BUILT";
}

function readVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const line of readFileSync(versionsPath, "utf8").split("\n")) {
    const match = /^([A-Z_]+)=(\S+)$/.exec(line.trim());
    if (match) versions[match[1]!] = match[2]!;
  }
  return versions;
}

export const allComponents: ComponentName[] = [
  "etcd",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
];

/**
 * The binaries of the pinned release; throws (naming the command to run) when one of `required`
 * is not built.
 */
export function locateControlPlaneBinaries(
  required: ComponentName[] = allComponents,
  env: NodeJS.ProcessEnv = process.env,
): ControlPlaneBinaries {
  const versions = readVersions();
  const kubeVersion = versions.KUBE_VERSION;
  const etcdVersion = versions.ETCD_VERSION;
  if (kubeVersion === undefined || etcdVersion === undefined) {
    throw new Error(`${versionsPath} must set KUBE_VERSION and ETCD_VERSION`);
  }
  const cacheRoot = env.PODVISOR_CONTROL_PLANE_CACHE ?? join(homedir(), ".cache", "podvisor", "k8s");
  const binDir = env.PODVISOR_CONTROL_PLANE_BIN_DIR ?? join(cacheRoot, kubeVersion, "bin");
  // build.sh writes its stamp last: without it the cache holds an unfinished build. A directory
  // given explicitly is taken as it is.
  const isBuilt = env.PODVISOR_CONTROL_PLANE_BIN_DIR !== undefined || existsSync(join(binDir, ".built"));
  const missing = required.filter((component) => !existsSync(join(binDir, component)));
  if (!isBuilt || missing.length > 0) {
    const what = isBuilt ? `${missing.join(", ")} missing` : "no finished build";
    throw new ControlPlaneNotBuiltError(
      `control plane ${kubeVersion} is not built (${what} in ${binDir}); ` +
        "run scripts/control-plane/build.sh (npm run build:control-plane)",
    );
  }
  return { kubeVersion, etcdVersion, binDir, path: (component) => join(binDir, component) };
}
