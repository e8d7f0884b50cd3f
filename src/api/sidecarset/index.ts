/**
 * OpenKruise SidecarSets (apps.kruise.io/v1alpha1 and v1beta1) as podvisor accepts them:
 * the wire types, Kruise's defaults, and Kruise's validation with field paths. Injection itself
 * is in `src/sidecarset/`.
 */
export * from "./sidecarset-types.js";
export { defaultedSidecarSet, defaultSidecarSet } from "./sidecarset-defaults.js";
export { validateSidecarSet } from "./validate-sidecarset.js";
export { validateLabelSelector } from "./validate-label-selector.js";
export {
  controllerRevisionKind,
  sidecarSetRevisionFields,
  validateControllerRevision,
  type ControllerRevision,
} from "./controller-revision.js";
export { compileGoRegexp } from "./go-regexp.js";
export { formatGoFloatG } from "./go-float-format.js";
export {
  evaluateResourceExpression,
  expressionValueString,
  goInt64,
  milliQuantity,
  type ExpressionResult,
  type ExpressionValue,
} from "./resource-expression.js";
