/**
 * The kubelet feature gates podvisor knows, parsed from the `--feature-gates` syntax of
 * component-base (`A=true,B=false`, k8s.io/component-base/featuregate/feature_gate.go `Set`), and
 * what turning one off does to the pod the engine sees.
 *
 * `SidecarContainers` (KEP-753; alpha 1.28, beta 1.29, GA 1.33). With it off the
 * node behaves as a kubelet without native sidecars (v1.27 and older, or 1.28 with the alpha gate
 * off): an init container's `restartPolicy` is unknown to it, so a `restartPolicy: Always` init
 * container is a plain init container — it must exit before the next one starts, and the pod
 * never finishes initializing if it never exits. A v1.36 kubelet refuses
 * `SidecarContainers=false` (the gate is locked to true since GA); podvisor accepts it on
 * purpose, to play an old node (docs/adoption.md).
 *
 * `SidecarsRestartableDuringPodTermination` (KEP-4438; alpha in v1.37, off by default): a sidecar
 * that exits while the pod terminates, before its turn to stop, is started again
 * (lifecycle/termination-restarts.ts, docs/lifecycle.md). A v1.36 kubelet does not know this gate;
 * podvisor offers it ahead of its release as an opt-in extension.
 * https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/4438-container-restart-termination
 */
import type { Container, Pod } from "./types.js";

/** The gates and their values; every known gate is present. */
export interface FeatureGates {
  SidecarContainers: boolean;
  /** KEP-4438, alpha: restart sidecars that exit during pod termination. */
  SidecarsRestartableDuringPodTermination: boolean;
}

export type FeatureGateName = keyof FeatureGates;

/** The defaults of the release podvisor implements (v1.36.3). */
export const defaultFeatureGates: Readonly<FeatureGates> = {
  SidecarContainers: true,
  SidecarsRestartableDuringPodTermination: false,
};

export type FeatureStage = "" | "ALPHA" | "BETA" | "DEPRECATED";

/**
 * Each gate's history: from which minor release it had which maturity, as the `stage` label of
 * `kubernetes_feature_enabled` spells it (component-base/featuregate: "ALPHA", "BETA", "" for
 * GA). pkg/features/kube_features.go: SidecarContainers alpha 1.28, beta 1.29, GA 1.33;
 * SidecarsRestartableDuringPodTermination alpha 1.37 (the KEP's kep.yaml milestone), so a node
 * playing v1.36 or older shows no series for it.
 */
const featureGateHistory: Readonly<
  Record<FeatureGateName, readonly { sinceMinor: number; stage: FeatureStage }[]>
> = {
  SidecarContainers: [
    { sinceMinor: 33, stage: "" },
    { sinceMinor: 29, stage: "BETA" },
    { sinceMinor: 28, stage: "ALPHA" },
  ],
  SidecarsRestartableDuringPodTermination: [{ sinceMinor: 37, stage: "ALPHA" }],
};

/** The gate's stage in Kubernetes 1.`minor`; undefined before the gate existed (no series then). */
export function featureGateStageAt(name: FeatureGateName, minor: number): FeatureStage | undefined {
  return featureGateHistory[name].find((entry) => minor >= entry.sinceMinor)?.stage;
}

export type FeatureGatesParse = { ok: true; gates: FeatureGates } | { ok: false; message: string };

/** Go's strconv.ParseBool spellings. */
const goBooleans: Readonly<Record<string, boolean>> = {
  "1": true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  "0": false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

function isFeatureGateName(name: string): name is FeatureGateName {
  return Object.hasOwn(defaultFeatureGates, name);
}

/**
 * `--feature-gates` as the kubelet reads it (featureGate.Set then SetFromMap): comma-separated
 * `key=value`, blanks around key and value trimmed, empty items skipped; the first bad item is
 * the error, with upstream's wording.
 */
export function parseFeatureGates(
  value: string,
  base: FeatureGates = defaultFeatureGates,
): FeatureGatesParse {
  const gates: FeatureGates = { ...base };
  for (const item of value.split(",")) {
    if (item.length === 0) continue;
    const equals = item.indexOf("=");
    const key = (equals < 0 ? item : item.slice(0, equals)).trim();
    if (equals < 0) return { ok: false, message: `missing bool value for ${key}` };
    const text = item.slice(equals + 1).trim();
    const enabled = goBooleans[text];
    if (enabled === undefined)
      return {
        ok: false,
        message: `invalid value of ${key}=${text}, err: strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`,
      };
    if (!isFeatureGateName(key))
      return {
        ok: false,
        message: `unrecognized feature gate: ${key} (podvisor knows: ${Object.keys(defaultFeatureGates).join(", ")})`,
      };
    gates[key] = enabled;
  }
  return { ok: true, gates };
}

/** `A=true,B=false` in name order, as featureGate.String prints the gates. */
export function formatFeatureGates(gates: FeatureGates): string {
  return (Object.keys(gates) as FeatureGateName[])
    .sort()
    .map((name) => `${name}=${String(gates[name])}`)
    .join(",");
}

/**
 * The pod as a kubelet with these gates sees it. With SidecarContainers off, every init
 * container loses `restartPolicy` (and the KEP-5307 `restartPolicyRules` that need it): a kubelet
 * without the feature never reads them (pkg/api/pod/util.go `dropDisabledPodFields` drops the same
 * field when the API server's gate is off). Such a container's probes go too: a kubelet without
 * the feature probes regular containers only (prober_manager.go `AddPod` before v1.28). Returns
 * `pod` itself when nothing is dropped.
 */
export function podAsSeenByKubelet<P extends Pod>(pod: P, gates: FeatureGates): P {
  if (gates.SidecarContainers) return pod;
  const initContainers = pod.spec.initContainers;
  if (initContainers === undefined || !initContainers.some(hasRestartFields)) return pod;
  return {
    ...pod,
    spec: {
      ...pod.spec,
      initContainers: initContainers.map((container) => {
        if (!hasRestartFields(container)) return container;
        const {
          restartPolicy: _policy,
          restartPolicyRules: _rules,
          startupProbe: _startup,
          readinessProbe: _readiness,
          livenessProbe: _liveness,
          ...rest
        } = container;
        return rest;
      }),
    },
  };
}

function hasRestartFields(container: Container): boolean {
  return container.restartPolicy !== undefined || container.restartPolicyRules !== undefined;
}
