/**
 * controllers/ holds the controllers' decisions, purely, one subfolder per controller: given the
 * object, a view of what it owns and the time, a planner returns the actions and the new status
 * (as the kubelet's computePodActions does for a pod). Today: job/ (the Job controller). Later
 * deployment/, statefulset/ and sidecarset-rollout/ go beside it. The shells that carry plans out
 * are elsewhere: manager/ for `podvisor run`, kube/ adapters on a cluster.
 */
export * from "./job/index.js";
export * from "./sidecarset-rollout/index.js";
