/**
 * Kubernetes resource quantities (apimachinery `resource.Quantity`): exact parsing, comparison,
 * arithmetic and canonical formatting, on scaled BigInts — never floating point.
 */
export * from "./quantity.js";
export * from "./quantity-format.js";
export * from "./quantity-arithmetic.js";
