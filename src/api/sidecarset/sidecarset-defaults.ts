/**
 * SidecarSet defaults as Kruise's mutating webhook applies them (apis/apps/defaults
 * `SetDefaultsSidecarSet`): updateStrategy RollingUpdate, maxUnavailable 1, partition 0;
 * containers BeforeAppContainer, initContainers AfterAppContainer; ColdUpgrade; shareVolumePolicy
 * disabled; resourcesPolicy.targetContainersNameRegex `.*` (a CRD default); the core container
 * and volume defaults; revisionHistoryLimit 10; patchPolicy Retain;
 * injection revision policy Always. Cluster-scoped: a `metadata.namespace` is cleared, as the API
 * server's `BeforeCreate` does for cluster-scoped kinds. Mutates in place and leaves wrongly typed
 * fields to validation.
 */
import type { DefaultingContext } from "../defaults/defaulting-context.js";
import { formatTime } from "../format-time.js";
import { defaultPodSpec } from "../defaults/pod-defaults.js";
import { isRecord, type Fields } from "../validation/shape.js";

/**
 * A defaulted copy of a SidecarSet an API server stores or is asked to store: Kruise's defaults
 * as its mutating webhook applies them on every CREATE and UPDATE (`SetDefaultsSidecarSetV1beta1`,
 * pkg/webhook/sidecarset/mutating/sidecarset_create_update_handler.go), the metadata exactly as
 * given (the API server owns uid, creationTimestamp and the namespace). The defaults are
 * idempotent, so one the webhook already defaulted comes back equal. The one defaulting of stored
 * SidecarSets: `podvisor webhook` answers with it, and the rollout planner reads every SidecarSet
 * through it, stamped by a webhook or not.
 */
export function defaultedSidecarSet(object: Fields): Fields {
  const copy = structuredClone(object);
  defaultSidecarSet(copy, { nowMs: 0, ids: () => "" });
  copy.metadata = structuredClone(object.metadata ?? {});
  return copy;
}

export function defaultSidecarSet(sidecarSet: Fields, context: DefaultingContext): void {
  if (sidecarSet.metadata === undefined || sidecarSet.metadata === null) sidecarSet.metadata = {};
  if (isRecord(sidecarSet.metadata)) {
    delete sidecarSet.metadata.namespace;
    sidecarSet.metadata.uid = context.ids();
    sidecarSet.metadata.creationTimestamp = formatTime(context.nowMs);
  }
  if (!isRecord(sidecarSet.spec)) return;
  const spec = sidecarSet.spec;

  if (spec.updateStrategy === undefined || spec.updateStrategy === null) spec.updateStrategy = {};
  if (isRecord(spec.updateStrategy)) {
    setIfEmpty(spec.updateStrategy, "type", "RollingUpdate");
    // `*intstr.IntOrString` fields: only nil is defaulted; "" stays a string that validation
    // refuses (setSidecarSetUpdateStrategyV1beta1), while an empty `type` string is defaulted.
    setIfAbsent(spec.updateStrategy, "maxUnavailable", 1);
    setIfAbsent(spec.updateStrategy, "partition", 0);
  }
  for (const [list, policy] of [
    [spec.initContainers, "AfterAppContainer"],
    [spec.containers, "BeforeAppContainer"],
  ] as const) {
    if (!Array.isArray(list)) continue;
    for (const container of list) {
      if (!isRecord(container)) continue;
      setIfEmpty(container, "podInjectPolicy", policy);
      if (container.upgradeStrategy === undefined || container.upgradeStrategy === null)
        container.upgradeStrategy = {};
      if (isRecord(container.upgradeStrategy))
        setIfEmpty(container.upgradeStrategy, "upgradeType", "ColdUpgrade");
      if (container.shareVolumePolicy === undefined || container.shareVolumePolicy === null)
        container.shareVolumePolicy = {};
      if (isRecord(container.shareVolumePolicy)) setIfEmpty(container.shareVolumePolicy, "type", "disabled");
      // The CRD's `+kubebuilder:default=".*"`: the API server fills in only an absent field.
      if (
        isRecord(container.resourcesPolicy) &&
        (container.resourcesPolicy.targetContainersNameRegex ?? null) === null
      )
        container.resourcesPolicy.targetContainersNameRegex = ".*";
      if (Array.isArray(container.transferEnv)) {
        for (const transfer of container.transferEnv) {
          if (isRecord(transfer) && isRecord(transfer.sourceContainerNameFrom)) {
            const fieldRef = transfer.sourceContainerNameFrom.fieldRef;
            if (isRecord(fieldRef)) setIfEmpty(fieldRef, "apiVersion", "v1");
          }
        }
      }
    }
  }
  // The core container and volume defaults (SetDefaults_Container, SetDefaultPodVolumes), applied
  // through a scratch pod spec that shares the container and volume objects. Kruise's
  // setDefaultContainer leaves startupProbe alone (the API server defaults it in the pod), and the
  // revision hash sees the SidecarSet as Kruise stores it, so it is kept as given.
  const startupProbes = new Map<Fields, unknown>();
  for (const list of [spec.initContainers, spec.containers])
    if (Array.isArray(list))
      for (const c of list)
        if (isRecord(c) && c.startupProbe !== undefined)
          startupProbes.set(c, structuredClone(c.startupProbe));
  defaultPodSpec(
    { initContainers: spec.initContainers, containers: spec.containers, volumes: spec.volumes },
    { isJobTemplate: true },
  );
  for (const [container, probe] of startupProbes) container.startupProbe = probe;
  setIfEmpty(spec, "revisionHistoryLimit", 10);
  if (Array.isArray(spec.patchPodMetadata))
    for (const patch of spec.patchPodMetadata)
      if (isRecord(patch)) setIfEmpty(patch, "patchPolicy", "Retain");
  if (isRecord(spec.injectionStrategy) && isRecord(spec.injectionStrategy.revision))
    setIfEmpty(spec.injectionStrategy.revision, "policy", "Always");
}

function setIfAbsent(fields: Fields, key: string, value: unknown): void {
  if (fields[key] === undefined || fields[key] === null) fields[key] = value;
}

function setIfEmpty(fields: Fields, key: string, value: unknown): void {
  if (fields[key] === undefined || fields[key] === null || fields[key] === "") fields[key] = value;
}
