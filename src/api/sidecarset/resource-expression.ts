/**
 * Evaluates a SidecarSet `resourcesPolicy.resourcesExpr` expression exactly as Kruise 1.9's
 * calculator does (pkg/util/calculator/calculator.y): `+ - * /`, parentheses, unary minus,
 * `max(a, b)`, `min(a, b)`, numbers (`0.5`, `50%`, `1e3`), quantities (`50m`, `100Mi`) and the
 * variables given. Numbers are Go float64s (JS numbers are the same doubles); quantities are
 * exact. Where upstream mixes them it converts the number to millis truncated toward zero, and it
 * multiplies or divides a quantity through its milli-value (rounded up) and truncates again; both
 * are kept here, so "cpu * 0.33" on 1 core is 330m and "1Mi / 3" is 349525333m.
 * Like the generated parser, evaluation goes on after a semantic error with no value, and the
 * last error set wins; a syntax error reports that error instead when there is one.
 */
import {
  addQuantities,
  compareQuantities,
  negateQuantity,
  parseQuantity,
  quantityString,
  scaledQuantityValue,
  type Quantity,
} from "../quantity/index.js";
import { formatGoFloatG } from "./go-float-format.js";
import { tokenizeResourceExpression, type Token } from "./resource-expression-lexer.js";

export type ExpressionValue = { kind: "number"; number: number } | { kind: "quantity"; quantity: Quantity };
export type ExpressionResult = { ok: true; value: ExpressionValue } | { ok: false; message: string };
type Maybe = ExpressionValue | undefined;

/** Upstream `Value.String()`: `%g` for a number, `Quantity.String()` for a quantity. */
export function expressionValueString(value: ExpressionValue): string {
  return value.kind === "number" ? formatGoFloatG(value.number) : quantityString(value.quantity);
}

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
function goNegate(quantity: Quantity): Quantity {
  if (quantity.nanos !== minInt64MilliNanos) return negateQuantity(quantity);
  return { nanos: quantity.nanos, format: quantity.format };
}

class SyntaxFailure extends Error {}

/** `Calculator.Parse` with its variables (lower-case names). */
export function evaluateResourceExpression(
  input: string,
  variables: Readonly<Record<string, ExpressionValue>>,
): ExpressionResult {
  const tokens = tokenizeResourceExpression(input);
  let index = 0;
  let lastError: string | undefined;
  const fail = (message: string): undefined => {
    lastError = message;
    return undefined;
  };
  const peek = (): Token => tokens[index] ?? { kind: "EOF", text: "", line: 1, col: 1 };
  const isChar = (char: string): boolean => peek().kind === "CHAR" && peek().text === char;
  const expect = (char: string): void => {
    if (!isChar(char)) throw new SyntaxFailure(`at line ${peek().line}, col ${peek().col}`);
    index++;
  };
  const orFail = (result: Maybe, message: string): Maybe =>
    result === undefined && lastError === undefined ? fail(message) : result;

  const toQuantity = (v: ExpressionValue): Quantity =>
    v.kind === "quantity" ? v.quantity : milliQuantity(goInt64(v.number * 1000));
  const scale = (q: Quantity, by: (millis: number) => number): ExpressionValue => ({
    kind: "quantity",
    quantity: { ...milliQuantity(goInt64(by(Number(scaledQuantityValue(q, -3))))), format: q.format },
  });
  const extreme = (args: Maybe[], name: string, wantsLarger: boolean): Maybe => {
    if (args.length !== 2) return fail(`${name} function requires exactly 2 arguments, got ${args.length}`);
    const [left, right] = args;
    if (!left || !right) return undefined;
    if (left.kind === "number" && right.kind === "number") {
      const keepLeft = wantsLarger ? left.number >= right.number : left.number <= right.number;
      return keepLeft ? left : right;
    }
    const [l, r] = [toQuantity(left), toQuantity(right)];
    const cmp = compareQuantities(l, r);
    const keepLeft = wantsLarger ? cmp >= 0 : cmp <= 0;
    return { kind: "quantity", quantity: keepLeft ? l : r };
  };
  const callFunction = (name: string, args: Maybe[]): Maybe => {
    const lower = name.toLowerCase();
    if (lower === "max") return extreme(args, "max", true);
    if (lower === "min") return extreme(args, "min", false);
    return fail(`unknown function: ${name}`);
  };

  const additive = (left: Maybe, right: Maybe, subtract: boolean): Maybe => {
    if (!left || !right) return undefined;
    if (left.kind === "number" && right.kind === "number")
      return { kind: "number", number: subtract ? left.number - right.number : left.number + right.number };
    const rightOperand = subtract ? goNegate(toQuantity(right)) : toQuantity(right);
    return { kind: "quantity", quantity: addQuantities(toQuantity(left), rightOperand) };
  };
  const multiply = (left: Maybe, right: Maybe): Maybe => {
    if (!left || !right) return undefined;
    if (left.kind === "quantity" && right.kind === "quantity")
      return fail("multiplication of two quantities");
    if (left.kind === "quantity" && right.kind === "number")
      return scale(left.quantity, (m) => m * right.number);
    if (left.kind === "number" && right.kind === "quantity")
      return scale(right.quantity, (m) => m * left.number);
    return {
      kind: "number",
      number: (left as { number: number }).number * (right as { number: number }).number,
    };
  };
  const divide = (left: Maybe, right: Maybe): Maybe => {
    if (!left || !right) return undefined;
    if (right.kind === "quantity") return fail("division by quantity");
    if (right.number === 0) return fail("division by zero");
    if (left.kind === "quantity") return scale(left.quantity, (m) => m / right.number);
    return { kind: "number", number: left.number / right.number };
  };

  const parseExpr = (): Maybe => {
    let left = parseTerm();
    while (isChar("+") || isChar("-")) {
      const subtract = peek().text === "-";
      index++;
      const right = parseTerm();
      left = orFail(
        additive(left, right, subtract),
        `invalid ${subtract ? "subtraction" : "addition"} operation`,
      );
    }
    return left;
  };
  const parseTerm = (): Maybe => {
    let left = parseFactor();
    while (isChar("*") || isChar("/")) {
      const dividing = peek().text === "/";
      index++;
      const right = parseFactor();
      left = dividing
        ? orFail(divide(left, right), "invalid division operation")
        : orFail(multiply(left, right), "invalid multiplication operation");
    }
    return left;
  };
  const parseFactor = (): Maybe => {
    const token = peek();
    index++;
    if (token.kind === "NUMBER") return { kind: "number", number: parseGoNumber(token.text) };
    if (token.kind === "QUANTITY") {
      const parsed = parseQuantity(token.text);
      return parsed.ok ? { kind: "quantity", quantity: parsed.quantity } : fail(parsed.error.message);
    }
    if (token.kind === "IDENT") {
      if (!isChar("(")) {
        const name = token.text.toLowerCase();
        return variables[name] ?? fail(`undefined variable: ${name}`);
      }
      index++;
      const args = [parseExpr()];
      if (isChar(",")) {
        index++;
        args.push(parseExpr());
      }
      expect(")");
      return orFail(callFunction(token.text, args), "function call failed");
    }
    if (token.kind === "CHAR" && token.text === "(") {
      const inner = parseExpr();
      expect(")");
      return inner;
    }
    if (token.kind === "CHAR" && token.text === "-") {
      const operand = parseFactor();
      if (!operand) return undefined;
      return operand.kind === "quantity"
        ? { kind: "quantity", quantity: goNegate(operand.quantity) }
        : { kind: "number", number: -operand.number };
    }
    throw new SyntaxFailure(`at line ${token.line}, col ${token.col}`);
  };

  let result: Maybe;
  try {
    result = parseExpr();
    if (peek().kind !== "EOF") throw new SyntaxFailure(`at line ${peek().line}, col ${peek().col}`);
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    return { ok: false, message: lastError ?? `parse error: syntax error ${error.message}` };
  }
  if (!result) return { ok: false, message: lastError ?? "no result from parser" };
  const negative = result.kind === "quantity" ? result.quantity.nanos < 0n : result.number < 0;
  if (negative)
    return { ok: false, message: `calculation result is negative: ${expressionValueString(result)}` };
  return { ok: true, value: result };
}

/** Upstream `parseNumber` with its error ignored: `strconv.ParseFloat`, `%` divides by 100, junk reads as 0. */
function parseGoNumber(text: string): number {
  const percent = text.endsWith("%");
  const body = percent ? text.slice(0, -1) : text;
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(body)) return 0;
  const value = Number(body);
  // ParseFloat's range error still returns ±Inf, but parseNumber drops it for a percentage.
  if (percent) return Number.isFinite(value) ? value / 100 : 0;
  return value;
}
