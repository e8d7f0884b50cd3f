/**
 * The operations of Kruise 1.9's resource-expression calculator (pkg/util/calculator/
 * calculator.y): numbers are Go float64s (JS numbers are the same doubles), quantities exact.
 * Where they meet, the number becomes millis truncated toward zero (`toQuantity`), and a
 * quantity is multiplied or divided through its milli-value (rounded up), truncated again. An
 * operand without a value (after an earlier error) gives no value; a new error is `{ error }`.
 * Results equal Kruise's while every milli-value fits in an int64 (below about 9.2e15 units, some
 * 8 PiB); past that Go's overflow depends on apimachinery's internal representation of the
 * quantity (int64 or inf.Dec), which podvisor does not model beyond `goNegate`.
 */
import {
  addQuantities,
  compareQuantities,
  negateQuantity,
  scaledQuantityValue,
  type Quantity,
} from "../quantity/index.js";

export type ExpressionValue = { kind: "number"; number: number } | { kind: "quantity"; quantity: Quantity };
type Operand = ExpressionValue | undefined;
export type Outcome = Operand | { error: string };

/** Go `int64(f)` on amd64: truncation toward zero; NaN and out-of-range give the minimum int64. */
export function goInt64(value: number): bigint {
  if (!Number.isFinite(value) || Math.abs(value) >= 2 ** 63) return -(2n ** 63n);
  return BigInt(Math.trunc(value));
}

/** `resource.NewMilliQuantity(millis, DecimalSI)`. */
export function milliQuantity(millis: bigint): Quantity {
  return { nanos: millis * 1_000_000n, format: "DecimalSI" };
}

const minInt64MilliNanos = -(2n ** 63n) * 1_000_000n;

/**
 * `Quantity.Neg`: a milli-value of the minimum int64 (what an infinite number such as `1e400`
 * converts to) overflows and stays as it is, as in Go.
 */
export function goNegate(quantity: Quantity): Quantity {
  if (quantity.nanos !== minInt64MilliNanos) return negateQuantity(quantity);
  return { nanos: quantity.nanos, format: quantity.format };
}

/** Upstream `toQuantity`. */
function toQuantity(value: ExpressionValue): Quantity {
  return value.kind === "quantity" ? value.quantity : milliQuantity(goInt64(value.number * 1000));
}

/** `DeepCopy` then `SetMilli(int64(float64(MilliValue()) op n))`: the format stays. */
function scaleQuantity(quantity: Quantity, by: (millis: number) => number): ExpressionValue {
  const millis = goInt64(by(Number(scaledQuantityValue(quantity, -3))));
  return { kind: "quantity", quantity: { ...milliQuantity(millis), format: quantity.format } };
}

export function addOrSubtract(left: Operand, right: Operand, subtract: boolean): Outcome {
  if (!left || !right) return undefined;
  if (left.kind === "number" && right.kind === "number")
    return { kind: "number", number: subtract ? left.number - right.number : left.number + right.number };
  const rightQuantity = subtract ? goNegate(toQuantity(right)) : toQuantity(right);
  return { kind: "quantity", quantity: addQuantities(toQuantity(left), rightQuantity) };
}

export function multiply(left: Operand, right: Operand): Outcome {
  if (!left || !right) return undefined;
  if (left.kind === "quantity")
    return right.kind === "quantity"
      ? { error: "multiplication of two quantities" }
      : scaleQuantity(left.quantity, (millis) => millis * right.number);
  if (right.kind === "quantity") return scaleQuantity(right.quantity, (millis) => millis * left.number);
  return { kind: "number", number: left.number * right.number };
}

export function divide(left: Operand, right: Operand): Outcome {
  if (!left || !right) return undefined;
  if (right.kind === "quantity") return { error: "division by quantity" };
  if (right.number === 0) return { error: "division by zero" };
  if (left.kind === "quantity") return scaleQuantity(left.quantity, (millis) => millis / right.number);
  return { kind: "number", number: left.number / right.number };
}

/** Upstream `callFunc`: `max` and `min` of exactly two arguments, by any case. */
export function callFunction(name: string, args: Operand[]): Outcome {
  const lower = name.toLowerCase();
  if (lower !== "max" && lower !== "min") return { error: `unknown function: ${name}` };
  if (args.length !== 2)
    return { error: `${lower} function requires exactly 2 arguments, got ${args.length}` };
  const [left, right] = args;
  if (!left || !right) return undefined;
  const wantsLarger = lower === "max";
  if (left.kind === "number" && right.kind === "number") {
    const keepLeft = wantsLarger ? left.number >= right.number : left.number <= right.number;
    return keepLeft ? left : right;
  }
  const [leftQuantity, rightQuantity] = [toQuantity(left), toQuantity(right)];
  const cmp = compareQuantities(leftQuantity, rightQuantity);
  const keepLeft = wantsLarger ? cmp >= 0 : cmp <= 0;
  return { kind: "quantity", quantity: keepLeft ? leftQuantity : rightQuantity };
}
