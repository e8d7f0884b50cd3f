/**
 * resources/ holds the pod totals built on exact Kubernetes quantities (api/quantity/).
 * `podRequests` / `podLimits` are component-helpers' `PodRequests` /
 * `PodLimits`: the KEP-753 sidecar-aware maximum over the init walk and the long-running sum, with
 * pod-level resources and pod overhead (docs/rules/requests.md). Pure: no I/O, no clock.
 */
export {
  aggregateContainerResources,
  formatResourceQuantities,
  isPodLevelLimitsSet,
  isPodLevelRequestsSet,
  isPodLevelResourcesSet,
  isSupportedPodLevelResource,
  parseResourceList,
  podLimitQuantities,
  podLimits,
  podRequestQuantities,
  podRequests,
  type PodResourcesOptions,
  type ResourceRequirementKind,
  type ResourceQuantities,
} from "./pod-resources.js";
export { podMemoryLimitBytes } from "./pod-memory-limit.js";
