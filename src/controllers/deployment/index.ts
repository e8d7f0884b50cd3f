/**
 * controllers/deployment/ is the Deployment controller for a template that does not change
 * during a run, decided purely: `buildDeploymentReplicaSet` names and builds its ReplicaSet with
 * the exact `pod-template-hash`; `computeDeploymentStatus` derives the Deployment's counts and
 * its Available/Progressing conditions from that ReplicaSet. The ReplicaSet's pods are the
 * ReplicaSet controller's (controllers/replicaset).
 */
export {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  buildDeploymentReplicaSet,
  resolveFenceposts,
} from "./deployment-replica-set.js";
export {
  computeDeploymentStatus,
  newReplicaSetCondition,
  setCondition,
} from "./compute-deployment-status.js";
