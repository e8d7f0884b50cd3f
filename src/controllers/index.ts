/**
 * controllers/ holds the controllers' decisions, purely, one subfolder per controller: given the
 * object, a view of what it owns and the time, a planner returns the actions and the new status
 * (as the kubelet's computePodActions does for a pod): job/, replicaset/ (also ReplicationControllers),
 * deployment/ (with pod-template-hash/), statefulset/, daemonset/, cronjob/ and sidecarset-rollout/;
 * workload-pods/ holds what the workload controllers share. The shells that carry plans out
 * are elsewhere: manager/ for `podvisor run`, kube/ adapters on a cluster.
 */
export * from "./job/index.js";
export * from "./workload-pods/index.js";
export * from "./replicaset/index.js";
export * from "./deployment/index.js";
export * from "./statefulset/index.js";
export * from "./daemonset/index.js";
export * from "./cronjob/index.js";
export * from "./pod-template-hash/index.js";
export * from "./sidecarset-rollout/index.js";
