/**
 * controllers/pod-template-hash/ computes the hash the workload controllers put in their pods'
 * labels exactly as upstream does (`controller.ComputeHash`: FNV-32a over go-spew's dump of the
 * Go PodTemplateSpec), so a Deployment's ReplicaSet and pods are named as on a cluster.
 */
export { computePodTemplateHash, fnv32a, safeEncodeString } from "./compute-hash.js";
export { dumpForHash } from "./go-spew-dump.js";
