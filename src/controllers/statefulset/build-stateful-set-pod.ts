/**
 * The pod a StatefulSet creates for an ordinal (upstream `newVersionedStatefulSetPod` →
 * `newStatefulSetPod`, `initIdentity`, `updateStorage`): named `<set>-<ordinal>`, hostname the
 * pod's name and subdomain the serviceName, the labels `statefulset.kubernetes.io/pod-name`,
 * `apps.kubernetes.io/pod-index` and `controller-revision-hash`, and for each volumeClaimTemplate a
 * `persistentVolumeClaim` volume for the claim `<template>-<pod>` (the shell backs it with a
 * directory that outlives the pod).
 */
import type { Pod, StatefulSet, Volume } from "../../api/index.js";
import { buildPodFromTemplate } from "../workload-pods/index.js";
import { statefulSetPodName } from "./compute-stateful-set-actions.js";

export const STATEFULSET_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
export const CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash";

/** A pod volume that names a claim: `persistentVolumeClaim` is not in podvisor's Volume type. */
export type ClaimVolume = Volume & { persistentVolumeClaim?: { claimName: string } };

export function buildStatefulSetPod(set: StatefulSet, ordinal: number, revision: string): Pod {
  const name = statefulSetPodName(set, ordinal);
  const pod = buildPodFromTemplate(set, set.spec.template, name);
  pod.metadata.labels = {
    ...pod.metadata.labels,
    [STATEFULSET_POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
    [CONTROLLER_REVISION_HASH_LABEL]: revision,
  };
  pod.spec.hostname = name;
  if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName;
  const claims: ClaimVolume[] = (set.spec.volumeClaimTemplates ?? []).map((claim) => ({
    name: claim.metadata?.name ?? "",
    persistentVolumeClaim: { claimName: `${claim.metadata?.name ?? ""}-${name}` },
  }));
  const claimed = new Set(claims.map((claim) => claim.name));
  pod.spec.volumes = [...(pod.spec.volumes ?? []).filter((volume) => !claimed.has(volume.name)), ...claims];
  return pod;
}
