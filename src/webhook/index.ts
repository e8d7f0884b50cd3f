/**
 * SidecarSet admission for a real cluster (`podvisor webhook`, `podvisor install`): the pure
 * reviewers — pod injection (review-pod.ts, the same injection as `podvisor inject`), SidecarSet
 * defaulting and validation (review-sidecarset.ts), CRD conversion (convert-sidecarset.ts), the
 * `auto` target version (target-kube-version.ts) and the install manifests — and the thin shells
 * around them: the HTTPS server, TLS file reloading, the informer caches, the metrics.
 * docs/webhook.md describes the behaviour.
 */
export * from "./admission-review.js";
export { ClusterCaches, type ClusterCachesOptions } from "./cluster-caches.js";
export { convertSidecarSet, customVersionLabel, reviewConversion } from "./convert-sidecarset.js";
export {
  installManifests,
  webhookName,
  type FailurePolicy,
  type InstallOptions,
} from "./install-manifests.js";
export {
  injectionAnnotation,
  reviewPod,
  type PodAdmissionCaches,
  type PodAdmissionOutcome,
  type PodReview,
  type PodReviewOptions,
} from "./review-pod.js";
export { mutateSidecarSet, validateSidecarSetRequest } from "./review-sidecarset.js";
export { sidecarSetCrd, type WebhookClientConfig } from "./sidecarset-crd.js";
export {
  nodeView,
  targetKubeVersion,
  type KubeVersion,
  type NodeView,
  type TargetVersion,
} from "./target-kube-version.js";
export { TlsFiles, type TlsPair } from "./tls-files.js";
export { WebhookMetrics } from "./webhook-metrics.js";
export { startWebhookServer, type AdmissionSource, type RunningWebhookServer } from "./webhook-server.js";
