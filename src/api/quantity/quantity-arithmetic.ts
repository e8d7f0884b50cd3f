/**
 * Exact quantity arithmetic with apimachinery's format rules: the left operand keeps its format,
 * unless it is zero, in which case the result takes the right operand's format
 * (`Quantity.Add`/`Sub`). Results never carry the parsed input string.
 */
import { NANOS_PER_UNIT, type Quantity } from "./quantity.js";

/** -1, 0 or 1, comparing values only ("1.5Gi" equals "1536Mi"). */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  if (a.nanos === b.nanos) return 0;
  return a.nanos < b.nanos ? -1 : 1;
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

export function negateQuantity(a: Quantity): Quantity {
  return { nanos: -a.nanos, format: a.format };
}

export function isZeroQuantity(a: Quantity): boolean {
  return a.nanos === 0n;
}

/**
 * `Quantity.ScaledValue`: the value in units of 10^scale, rounded up away from zero, e.g.
 * `scaledQuantityValue(q, -3)` is the milli-value (`MilliValue`) and scale 0 the `Value()`.
 */
export function scaledQuantityValue(quantity: Quantity, scale: number): bigint {
  const unitNanos = 10n ** BigInt(Math.max(scale + 9, 0));
  const nanos = scale + 9 < 0 ? quantity.nanos * 10n ** BigInt(-(scale + 9)) : quantity.nanos;
  const magnitude = nanos < 0n ? -nanos : nanos;
  const rounded = (magnitude + unitNanos - 1n) / unitNanos;
  return nanos < 0n ? -rounded : rounded;
}

/** The value in whole units as a JS number (approximate beyond 2^53), e.g. for display or cgroup math. */
export function quantityToNumber(quantity: Quantity): number {
  const whole = quantity.nanos / NANOS_PER_UNIT;
  const fraction = quantity.nanos % NANOS_PER_UNIT;
  return Number(whole) + Number(fraction) / 1e9;
}
