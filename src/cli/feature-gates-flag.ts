/**
 * `--feature-gates` on `podvisor run` and `podvisor node`: the kubelet's syntax and messages
 * (api/feature-gates.ts); a bad value is a one-line user error naming the flag.
 */
import { defaultFeatureGates, parseFeatureGates, type FeatureGates } from "../api/index.js";
import { InvalidInputError } from "../shared/index.js";

export const featureGatesFlagHelp =
  "kubelet feature gates as key=value pairs, e.g. SidecarContainers=false to run restartPolicy: Always init containers as plain init containers, as a kubelet without native sidecars (v1.27) does; SidecarsRestartableDuringPodTermination=true (alpha, KEP-4438, default false) to restart a sidecar that exits while its pod terminates, before its turn to stop";

export function readFeatureGatesFlag(value: string | undefined): FeatureGates {
  if (value === undefined) return { ...defaultFeatureGates };
  const parsed = parseFeatureGates(value);
  if (!parsed.ok)
    throw new InvalidInputError(`invalid argument "${value}" for "--feature-gates" flag: ${parsed.message}`);
  return parsed.gates;
}
