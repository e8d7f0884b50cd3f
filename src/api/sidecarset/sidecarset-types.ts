/**
 * OpenKruise SidecarSet, as on the wire (apps.kruise.io/v1alpha1 `sidecarset_types.go`, and
 * v1beta1, Kruise 1.9's storage version, which keeps `namespaceSelector` and drops `namespace`:
 * its conversion turns a v1alpha1 `namespace` into a selector on `kubernetes.io/metadata.name`,
 * ahead of any `namespaceSelector`). Decoded
 * objects keep every other field; only what podvisor reads is typed.
 */
import type { KindRef } from "../decode-manifests.js";
import type { Container, LabelSelector, ObjectFieldSelector, ObjectMeta, Volume } from "../types.js";

export const sidecarSetKinds: readonly KindRef[] = [
  { apiVersion: "apps.kruise.io/v1alpha1", kind: "SidecarSet" },
  { apiVersion: "apps.kruise.io/v1beta1", kind: "SidecarSet" },
];

export type PodInjectPolicy = "BeforeAppContainer" | "AfterAppContainer";
export type ShareVolumePolicyType = "enabled" | "disabled";
export type SidecarContainerUpgradeType = "ColdUpgrade" | "HotUpgrade";
export type SidecarSetPatchPolicy = "Retain" | "Overwrite" | "MergePatchJson";
export type SidecarSetUpdateStrategyType = "RollingUpdate" | "NotUpdate";
export type SidecarSetInjectRevisionPolicy = "Always" | "Partial";

export interface TransferEnvVar {
  sourceContainerName?: string;
  sourceContainerNameFrom?: { fieldRef?: ObjectFieldSelector };
  envName?: string;
  envNames?: string[];
}

/** v1beta1 `ResourcesPolicy` (Kruise 1.9): the sidecar's resources computed from the pod's containers. */
export interface ResourcesPolicy {
  targetContainersMode?: "sum" | "max";
  /** Go regexp, unanchored; the CRD defaults it to `.*`. */
  targetContainersNameRegex?: string;
  resourcesExpr?: {
    limits?: { cpu?: string; memory?: string };
    requests?: { cpu?: string; memory?: string };
  };
}

export interface SidecarContainer extends Container {
  /** core/v1 `volumeDevices` (block PVCs), typed here for the volumes a sidecar's devices name. */
  volumeDevices?: { name: string; devicePath: string }[];
  podInjectPolicy?: PodInjectPolicy;
  upgradeStrategy?: { upgradeType?: SidecarContainerUpgradeType; hotUpgradeEmptyImage?: string };
  shareVolumePolicy?: { type?: ShareVolumePolicyType };
  shareVolumeDevicePolicy?: { type?: ShareVolumePolicyType };
  transferEnv?: TransferEnvVar[];
  resourcesPolicy?: ResourcesPolicy;
}

/** The fields of a SidecarContainer that are Kruise's, not the container's: never injected. */
export const sidecarOnlyFields = [
  "podInjectPolicy",
  "upgradeStrategy",
  "shareVolumePolicy",
  "shareVolumeDevicePolicy",
  "transferEnv",
  "resourcesPolicy",
] as const;

export interface SidecarSetPatchPodMetadata {
  annotations?: Record<string, string>;
  patchPolicy?: SidecarSetPatchPolicy;
}

export interface SidecarSetSpec {
  selector?: LabelSelector;
  /** v1alpha1 only; wins over `namespaceSelector` (Kruise 1.9 `ConvertTo`). */
  namespace?: string;
  namespaceSelector?: LabelSelector;
  initContainers?: SidecarContainer[];
  containers?: SidecarContainer[];
  volumes?: Volume[];
  updateStrategy?: {
    type?: SidecarSetUpdateStrategyType;
    paused?: boolean;
    selector?: LabelSelector;
    partition?: number | string;
    maxUnavailable?: number | string;
  };
  injectionStrategy?: {
    paused?: boolean;
    revision?: { customVersion?: string; revisionName?: string; policy?: SidecarSetInjectRevisionPolicy };
  };
  imagePullSecrets?: { name?: string }[];
  revisionHistoryLimit?: number;
  patchPodMetadata?: SidecarSetPatchPodMetadata[];
  /** v1beta1 */
  customVersion?: string;
}

export interface SidecarSet {
  apiVersion: "apps.kruise.io/v1alpha1" | "apps.kruise.io/v1beta1";
  kind: "SidecarSet";
  metadata: ObjectMeta;
  spec: SidecarSetSpec;
  status?: { latestRevision?: string; [key: string]: unknown };
}

/**
 * Where the pods a SidecarSet may select live: a v1alpha1 `namespace`, which Kruise 1.9 converts
 * into a namespace selector on the name label and so wins over `namespaceSelector`, or the
 * `namespaceSelector` (validation refuses `namespace` in v1beta1, which has no such field).
 */
export function sidecarSetNamespaceScope(spec: SidecarSetSpec): {
  namespace: string | undefined;
  namespaceSelector: LabelSelector | undefined;
} {
  const namespace = spec.namespace || undefined;
  return { namespace, namespaceSelector: namespace ? undefined : (spec.namespaceSelector ?? undefined) };
}

/** Kruise's own annotations (pkg/control/sidecarcontrol/util.go). */
export const kruiseAnnotations = {
  sidecarSetHash: "kruise.io/sidecarset-hash",
  sidecarSetHashWithoutImage: "kruise.io/sidecarset-hash-without-image",
  sidecarSetInjectedList: "kruise.io/sidecarset-injected-list",
  /** Which hot-upgrade slot works, per sidecar: `{"proxy":"proxy-1"}` (util_hotupgrade.go). */
  workingHotUpgradeContainer: "kruise.io/sidecarset-working-hotupgrade-container",
  /** On a SidecarSet, with `sidecarSetBase`: it replaces its base in the pods it matches. */
  sidecarSetCanary: "apps.kruise.io/sidecarset-canary",
  sidecarSetBase: "apps.kruise.io/sidecarset-base",
} as const;

/** Kruise's labels on the ControllerRevisions that store a SidecarSet's revisions (history_control.go). */
export const kruiseRevisionLabels = {
  sidecarSetName: "kruise.io/sidecarset-name",
  customVersion: "apps.kruise.io/sidecarset-custom-version",
} as const;

/**
 * The namespace Kruise runs in (`webhookutil.GetNamespace()`, default `kruise-system`): its
 * ControllerRevisions and its `kruise-configuration` ConfigMap live there.
 */
export const kruiseNamespace = "kruise-system";

/** The env var Kruise adds to every injected container. */
export const injectedEnvName = "IS_INJECTED";

/**
 * podvisor's own annotation, on a SidecarSet or a pod (template): how to inject sidecars.
 * `native` (init container, restartPolicy: Always), `legacy` (regular container, first), `auto`
 * (native from Kubernetes 1.29), `universal` (both, decided in the pod at run time) or
 * `ordered-legacy` (regular containers held in order by hooks); docs/sidecar-modes.md.
 * Absent: exactly as the SidecarSet spells them, as Kruise.
 */
export const sidecarModeAnnotation = "podvisor.dev/sidecar-mode";
export type SidecarMode = "native" | "legacy" | "auto" | "universal" | "ordered-legacy";
export const sidecarModes: readonly SidecarMode[] = [
  "native",
  "legacy",
  "auto",
  "universal",
  "ordered-legacy",
];
