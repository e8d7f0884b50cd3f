/**
 * A quantity's canonical text, as apimachinery's `Quantity.CanonicalizeBytes` writes it: no
 * fraction digits, the largest suffix that loses nothing ("1.5" → "1500m", "1.5Gi" → "1536Mi",
 * "1000m" → "1", "0.1" → "100m"), the sign only when negative.
 */
import { NANOS_PER_UNIT, type Quantity, type QuantityFormat } from "./quantity.js";

const DECIMAL_SUFFIX_BY_EXPONENT = new Map([
  [-9, "n"],
  [-6, "u"],
  [-3, "m"],
  [0, ""],
  [3, "k"],
  [6, "M"],
  [9, "G"],
  [12, "T"],
  [15, "P"],
  [18, "E"],
]);
const BINARY_SUFFIX_BY_POWER = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/**
 * The canonical form. BinarySI prints as DecimalSI when the value is strictly between -1024 and
 * 1024 or is not a whole number ("500m", "1126400m" for 1.1Ki). Upstream quirk kept on purpose:
 * a value past the largest suffix prints without one (1000E is "1", 1024Ei is "1"), because
 * apimachinery ignores the failed suffix lookup.
 */
export function formatQuantity(quantity: Quantity): string {
  if (quantity.nanos === 0n) return "0";
  const format = effectiveFormat(quantity);
  if (format === "BinarySI") {
    let units = quantity.nanos / NANOS_PER_UNIT;
    let power = 0;
    while (units % 1024n === 0n) {
      units /= 1024n;
      power++;
    }
    return `${units}${BINARY_SUFFIX_BY_POWER[power] ?? ""}`;
  }
  let mantissa = quantity.nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === "DecimalExponent") return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  return `${mantissa}${DECIMAL_SUFFIX_BY_EXPONENT.get(exponent) ?? ""}`;
}

/**
 * What upstream `Quantity.String()` returns: the input as typed when parsing kept it (see
 * `Quantity.verbatim`), otherwise the canonical form. The two differ only for inputs upstream
 * wrongly takes as canonical: "+1", "01", "1E3", "1.500" (kubernetes/kubernetes#138165).
 * Prefer `formatQuantity` for anything podvisor computes.
 */
export function quantityString(quantity: Quantity): string {
  return quantity.verbatim ?? formatQuantity(quantity);
}

function effectiveFormat(quantity: Quantity): QuantityFormat {
  if (quantity.format !== "BinarySI") return quantity.format;
  const magnitude = quantity.nanos < 0n ? -quantity.nanos : quantity.nanos;
  if (magnitude < 1024n * NANOS_PER_UNIT) return "DecimalSI";
  return quantity.nanos % NANOS_PER_UNIT === 0n ? "BinarySI" : "DecimalSI";
}
