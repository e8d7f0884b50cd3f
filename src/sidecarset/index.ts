/**
 * SidecarSets, purely: which SidecarSets select a pod, which revision of each it gets (pinned
 * revisions from ControllerRevisions, canaries replacing their base), what injecting them makes of
 * it (Kruise's semantics, hot-upgrade slots included, plus podvisor's native/legacy/auto choice and
 * the universal and ordered-legacy modes that run its helper in the pod),
 * the RFC 6902 patch from one to the other, and the revision hashes. No I/O, no clock (time is an argument), no `node:*`.
 * docs/sidecarsets.md explains the rules; each file cites the Kruise code it follows.
 */
export {
  injectSidecarSets,
  type InjectedSidecar,
  type InjectionContext,
  type InjectionResult,
  type InjectionTarget,
  type SidecarSetDecision,
} from "./inject-pod.js";
export {
  injectWorkload,
  jobControllerLabels,
  podTemplatePath,
  type WorkloadInjection,
} from "./inject-workload.js";
export {
  readSidecarSetInput,
  validateSidecarSetInInput,
  type SidecarSetInput,
} from "./validate-sidecarset-input.js";
export { canaryBaseOf, validateCanarySidecarSet } from "./canary-sidecarset.js";
export { chooseInjectionRevision, type RevisionChoice } from "./injection-revision.js";
export { findPinnedRevision, restoreRevision, type InjectableSidecarSet } from "./sidecarset-history.js";
export {
  hotUpgradeSlots,
  parseWorkingSlots,
  sidecarSetVersionAltEnv,
  sidecarSetVersionEnv,
  versionAltAnnotation,
  versionAnnotation,
} from "./hot-upgrade.js";
export {
  findPatchMetadataWhitelist,
  kruiseConfiguration,
  validatePatchMetadataWhitelist,
} from "./patch-metadata-whitelist.js";
export {
  matchSidecarSet,
  namespaceNameLabel,
  type MatchDecision,
  type PodMatchView,
} from "./match-sidecarset.js";
export {
  firstNativeSidecarVersion,
  isSidecarMode,
  parseKubeVersion,
  resolveSidecarMode,
  type ResolvedSidecarMode,
  type SidecarModeDecision,
} from "./sidecar-mode.js";
export { applyJsonPatch, createJsonPatch, JsonPatchError, type JsonPatchOperation } from "./json-patch.js";
export {
  encodeSidecarSet,
  safeEncodeString,
  sidecarSetHash,
  sidecarSetHashWithoutImage,
} from "./sidecarset-hash.js";
export { canonicalJson } from "./canonical-json.js";
export { encodeSidecarContainer } from "./go-json.js";
export { sha256Hex } from "./sha256.js";
export { matchesLabelSelector, formatLabelSelector, type LabelSelectorShape } from "./label-selector.js";
export {
  isSidecarSetKind,
  prepareSidecarSets,
  type ManifestObject,
  type PreparedSidecarSets,
} from "./prepare-sidecarsets.js";
export { formatUpgradeSpecs, parseUpgradeSpecs, type UpgradeSpec } from "./injection-annotations.js";
export { patchPodAnnotations } from "./patch-pod-metadata.js";
export {
  firstNativeSidecarKubelet,
  isAtLeast,
  nativeSidecarNodeLabel,
  nodeNativeSupport,
  type NativeSupportSource,
  type NodeNativeSupport,
} from "./native-sidecar-support.js";
export {
  defaultSidecarHelperSource,
  helperInPod,
  helperInstallContainerName,
  helperMountPath,
  type SidecarHelperSource,
} from "./sidecar-helper.js";
export { regularCopySuffix } from "./universal-sidecar.js";
