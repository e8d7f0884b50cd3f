/**
 * controllers/statefulset/ is the StatefulSet controller for a template that does not change
 * during a run, decided purely: stable names `<set>-<ordinal>`, OrderedReady and Parallel
 * creation, recreation of ended pods under the same name, the identity labels, and per-pod
 * claims from volumeClaimTemplates.
 */
export {
  computeStatefulSetActions,
  statefulSetPodName,
  type StatefulSetActions,
} from "./compute-stateful-set-actions.js";
export {
  CONTROLLER_REVISION_HASH_LABEL,
  POD_INDEX_LABEL,
  STATEFULSET_POD_NAME_LABEL,
  buildStatefulSetPod,
  type ClaimVolume,
} from "./build-stateful-set-pod.js";
