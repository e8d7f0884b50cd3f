/**
 * resources/ is podvisor's exact arithmetic for Kubernetes resource quantities and the pod totals
 * built on it. `parseQuantity` reads "500m", "1.5Gi", "1e3" as apimachinery's `resource.Quantity`
 * does (nano-exact, bigint, errors as values) and `formatQuantity` prints the canonical form
 * ("1536Mi", "100m"). `podRequests` / `podLimits` are component-helpers' `PodRequests` /
 * `PodLimits`: the KEP-753 sidecar-aware maximum over the init walk and the long-running sum, with
 * pod-level resources and pod overhead (/work/shared/semantics/requests.md). Pure: no I/O, no clock.
 */
export {
  NANOS_PER_UNIT,
  QuantityParseError,
  mustParseQuantity,
  parseQuantity,
  quantityOf,
  type ParseQuantityResult,
  type Quantity,
  type QuantityFormat,
  type QuantityParseErrorKind,
} from "./quantity.js";
export { formatQuantity, quantityString } from "./quantity-format.js";
export {
  addQuantities,
  compareQuantities,
  isZeroQuantity,
  negateQuantity,
  quantityToNumber,
  scaledQuantityValue,
  subtractQuantities,
} from "./quantity-arithmetic.js";
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
