/**
 * The Kubernetes shapes podvisor accepts, decoded once at the edge: YAML/JSON → plain objects
 * (every field kept) → API-server defaults → validation returning every FieldError at once, as
 * `kubectl apply` would report them. Pure: no `node:*`, time and uids are injected.
 */
export * from "./types.js";
export * from "./field-error.js";
export {
  allContainersCouldRestart,
  containerShouldRestart,
  findMatchingRestartRule,
  isRestartAllContainersExit,
} from "./container-restart.js";
export {
  decodeManifests,
  runKinds,
  type DecodedObject,
  type DecodeOptions,
  type KindRef,
  type ManifestSource,
} from "./decode-manifests.js";
export type { DefaultingContext } from "./defaults/defaulting-context.js";
export { defaultPod, defaultPodSpec, defaultPullPolicy } from "./defaults/pod-defaults.js";
export { defaultJob, jobNameLabel } from "./defaults/job-defaults.js";
export { defaultConfigMap, defaultSecret } from "./defaults/secret-defaults.js";
export { validatePod, validatePodSpec } from "./validation/pod.js";
export { validateJob, controllerUidLabel } from "./validation/job.js";
export { validateConfigMap, validateSecret } from "./validation/config-objects.js";
export { listObjectReferences, checkObjectReferences, type ObjectReference } from "./object-references.js";
export { decodeBase64, encodeBase64, encodeBase64Text } from "./base64.js";
export * from "./sidecarset/index.js";
export { formatMap, podFieldValue, resourceFieldValue, type PodRuntimeInfo } from "./fieldpath.js";
export * from "./quantity/index.js";
