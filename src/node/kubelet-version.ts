/**
 * The `nodeInfo.kubeletVersion` a node may report. podvisor implements the v1.36.3 kubelet; it
 * may report an older version to play an old node in a mixed cluster, but only one whose kubelet
 * could have behaved as the gates make it: before 1.28 there were no native sidecars at all
 * (KEP-753: alpha 1.28, beta and on by default 1.29), so an older version needs
 * `--feature-gates SidecarContainers=false`. A version newer than the one implemented would claim
 * behaviour podvisor does not have.
 */
import type { FeatureGates } from "../api/index.js";
import { isAtLeast, parseKubeVersion } from "../sidecarset/index.js";
import { implementedKubeletVersion } from "./node-object.js";

const firstSidecarKubelet: readonly [number, number] = [1, 28];

/** Why `--kubelet-version` cannot be reported with these gates; undefined when it can. */
export function kubeletVersionProblem(version: string, gates: FeatureGates): string | undefined {
  const parsed = /^v\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]*)?$/.test(version)
    ? parseKubeVersion(version)
    : undefined;
  if (!parsed) return `--kubelet-version must look like v1.27.16, got "${version}"`;
  const implemented = parseKubeVersion(implementedKubeletVersion) ?? [1, 36];
  if (!isAtLeast(implemented, parsed))
    return `--kubelet-version ${version} is newer than the kubelet podvisor implements (${implementedKubeletVersion})`;
  if (!isAtLeast(parsed, firstSidecarKubelet) && gates.SidecarContainers)
    return `--kubelet-version ${version}: a kubelet older than v1.28 has no native sidecars; add --feature-gates SidecarContainers=false`;
  return undefined;
}
