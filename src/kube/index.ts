/**
 * The only code that talks to a real Kubernetes API server: the HTTPS transport (credentials from
 * the kubeconfig through @kubernetes/client-node), typed API errors, and informer caches
 * (Reflector) that list and watch with client-go's semantics — resourceVersion "0" first, relist
 * on 410 Expired, reconnect with back-off, resync. No decisions are taken here; callers read the
 * caches and decide in pure code (src/webhook/review-*.ts).
 */
export { Backoff, reflectorBackoff, type BackoffOptions } from "./backoff.js";
export {
  isExpired,
  isRequestTimeout,
  isRetriableWatchStartError,
  isTooLargeResourceVersion,
  isTooManyRequests,
  KubeApiError,
} from "./kube-api-error.js";
export { defaultRequestTimeoutMs, KubeClient, type KubeClientSource } from "./kube-client.js";
export { kubeListWatcher } from "./kube-list-watcher.js";
export type { ListResult, ListWatcher, WatchEvent, WatchEventType, WatchOptions } from "./list-watcher.js";
export {
  defaultConflictBackoff,
  isConflict,
  retryOnConflict,
  type RetryBackoff,
} from "./retry-on-conflict.js";
export { objectKey, Reflector, type CacheChange, type ReflectorOptions } from "./reflector.js";
