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
  type FieldValidation,
  type KindRef,
  type ManifestSource,
} from "./decode-manifests.js";
export type { DefaultingContext } from "./defaults/defaulting-context.js";
export {
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  defaultPod,
  defaultPodSpec,
  defaultPullPolicy,
} from "./defaults/pod-defaults.js";
export { defaultJob, jobNameLabel } from "./defaults/job-defaults.js";
export { defaultWorkload } from "./defaults/workload-defaults.js";
export { validateWorkload } from "./validation/workloads.js";
export * from "./workload-types.js";
export { isEmptyLabelSelector, matchesLabelSelector } from "./label-selector.js";
export {
  parseCronSchedule,
  parseGoDurationMs,
  type CronField,
  type CronSchedule,
  type ParseCronResult,
} from "./cron-schedule.js";
export { defaultConfigMap, defaultSecret } from "./defaults/secret-defaults.js";
export { validatePod, validatePodSpec } from "./validation/pod.js";
export { validateJob, controllerUidLabel } from "./validation/job.js";
export { validateConfigMap, validateSecret } from "./validation/config-objects.js";
export { listObjectReferences, checkObjectReferences, type ObjectReference } from "./object-references.js";
export { decodeBase64, encodeBase64, encodeBase64Text } from "./base64.js";
export * from "./sidecarset/index.js";
export { formatMap, podFieldValue, resourceFieldValue, type PodRuntimeInfo } from "./fieldpath.js";
export * from "./quantity/index.js";
export { formatTime, parseTime } from "./format-time.js";
export { volumeSourceKinds } from "./validation/volumes.js";
export { splitSubscriptedPath } from "./validation/env.js";
export { isDns1123Label, isRelaxedEnvVarName } from "./validation/names.js";
export { checkStringMap, isRecord, type Fields } from "./validation/shape.js";
export {
  LINUX_STOP_SIGNALS,
  WINDOWS_STOP_SIGNALS,
  canonicalSignal,
  exitCodeForSignal,
  signalFromExitCode,
  signalFromNumber,
  signalNumber,
  type NamedSignal,
  type Signal,
} from "./signals.js";
export { findUnknownFields, type UnknownField } from "./schema/find-unknown-fields.js";
export { unknownFieldError, unknownFieldWarning } from "./schema/unknown-field-error.js";
export { shorten, quoteExcerpt, excerptValue } from "./manifest-limits.js";
export {
  defaultFeatureGates,
  featureGateStageAt,
  formatFeatureGates,
  parseFeatureGates,
  podAsSeenByKubelet,
  type FeatureGateName,
  type FeatureGates,
  type FeatureStage,
  type FeatureGatesParse,
} from "./feature-gates.js";
export * from "./wait-for/index.js";
