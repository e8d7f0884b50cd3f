/**
 * Evaluates a SidecarSet `resourcesPolicy.resourcesExpr` expression exactly as Kruise 1.9's
 * calculator does (pkg/util/calculator/calculator.y): `+ - * /`, parentheses, unary minus,
 * `max(a, b)`, `min(a, b)`, numbers (`0.5`, `50%`, `1e3`), quantities (`50m`, `100Mi`) and the
 * variables given, with upstream's rounding (resource-expression-operations.ts), so
 * "cpu * 0.33" on 1 core is 330m and "1Mi / 3" is 349525333m. Like the generated parser,
 * evaluation goes on after a semantic error with no value, and the last error set wins; a syntax
 * error reports that error instead when there is one.
 */
import { parseQuantity, quantityString } from "../quantity/index.js";
import { formatGoFloatG } from "./go-float-format.js";
import { tokenizeResourceExpression, type Token } from "./resource-expression-lexer.js";
import {
  addOrSubtract,
  callFunction,
  divide,
  goNegate,
  multiply,
  type ExpressionValue,
  type Outcome,
} from "./resource-expression-operations.js";

export { goInt64, milliQuantity, type ExpressionValue } from "./resource-expression-operations.js";
export type ExpressionResult = { ok: true; value: ExpressionValue } | { ok: false; message: string };
type Maybe = ExpressionValue | undefined;

/** Upstream `Value.String()`: `%g` for a number, `Quantity.String()` for a quantity. */
export function expressionValueString(value: ExpressionValue): string {
  return value.kind === "number" ? formatGoFloatG(value.number) : quantityString(value.quantity);
}

class SyntaxFailure extends Error {
  constructor(token: Token) {
    super(`at line ${token.line}, col ${token.col}`);
  }
}

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
  /** An operation's outcome; an operation without a value and without an error gets `fallback`. */
  const settle = (outcome: Outcome, fallback: string): Maybe => {
    if (outcome && "error" in outcome) return fail(outcome.error);
    return outcome === undefined && lastError === undefined ? fail(fallback) : outcome;
  };
  const peek = (): Token => tokens[index] ?? { kind: "EOF", text: "", line: 1, col: 1 };
  const isChar = (char: string): boolean => peek().kind === "CHAR" && peek().text === char;
  const expect = (char: string): void => {
    if (!isChar(char)) throw new SyntaxFailure(peek());
    index++;
  };

  const parseExpr = (): Maybe => {
    let left = parseTerm();
    while (isChar("+") || isChar("-")) {
      const subtract = peek().text === "-";
      index++;
      const right = parseTerm();
      const kind = subtract ? "subtraction" : "addition";
      left = settle(addOrSubtract(left, right, subtract), `invalid ${kind} operation`);
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
        ? settle(divide(left, right), "invalid division operation")
        : settle(multiply(left, right), "invalid multiplication operation");
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
    if (token.kind === "IDENT" && !isChar("(")) {
      const name = token.text.toLowerCase();
      return variables[name] ?? fail(`undefined variable: ${name}`);
    }
    if (token.kind === "IDENT") {
      index++;
      const args = [parseExpr()];
      if (isChar(",")) {
        index++;
        args.push(parseExpr());
      }
      expect(")");
      return settle(callFunction(token.text, args), "function call failed");
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
    throw new SyntaxFailure(token);
  };

  let result: Maybe;
  try {
    result = parseExpr();
    if (peek().kind !== "EOF") throw new SyntaxFailure(peek());
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
