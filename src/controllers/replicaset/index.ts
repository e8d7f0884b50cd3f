/**
 * controllers/replicaset/ is the ReplicaSet controller (and the ReplicationController, which
 * upstream runs on the same code), decided purely: given the ReplicaSet, its pods and the time,
 * `computeReplicaSetActions` says which pods to create (named `<rs>-<suffix>` from injected
 * randomness) or delete and the new status. The shell in manager/ carries it out.
 */
export {
  BURST_REPLICAS,
  calculateReplicaSetStatus,
  computeReplicaSetActions,
  type ReplicaSetActions,
  type ReplicaSetLike,
} from "./compute-replica-set-actions.js";
export { buildReplicaSetPod } from "./build-replica-set-pod.js";
