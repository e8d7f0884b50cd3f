/**
 * controllers/daemonset/ is the DaemonSet controller for one node — the machine `podvisor run`
 * runs on — decided purely: whether the daemon pod fits the node (nodeSelector, required node
 * affinity, taints and tolerations), the one pod it keeps there, and the status.
 */
export { computeDaemonSetActions, type DaemonSetActions } from "./compute-daemon-set-actions.js";
export { buildDaemonSetPod } from "./build-daemon-set-pod.js";
export { nodeFitProblem, type LocalNode } from "./node-fit.js";
