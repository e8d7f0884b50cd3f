/**
 * The resource-expression calculator: the tables of Kruise 1.9's calculator tests
 * (pkg/util/calculator/calculator_test.go) restated by test and case name, each with the exact
 * result or error Kruise's calculator gives (where upstream only asserts that an error occurs,
 * the message here is the one its calculator returns), then Go's %g formatting.
 */
import { describe, expect, it } from "vitest";
import { mustParseQuantity } from "../quantity/index.js";
import { formatGoFloatG } from "./go-float-format.js";
import {
  evaluateResourceExpression,
  expressionValueString,
  type ExpressionValue,
} from "./resource-expression.js";

/** A variable: a quantity string, or `#n` for the plain number n. */
function variablesOf(spec: Record<string, string>): Record<string, ExpressionValue> {
  return Object.fromEntries(
    Object.entries(spec).map(([name, value]) => [
      name,
      value.startsWith("#")
        ? { kind: "number", number: Number(value.slice(1)) }
        : { kind: "quantity", quantity: mustParseQuantity(value) },
    ]),
  );
}

/** "OK <Value.String()>" or "ERR <error>", as Kruise's Parse answers. */
function evaluate(expr: string, spec: Record<string, string>): string {
  const result = evaluateResourceExpression(expr, variablesOf(spec));
  return result.ok ? `OK ${expressionValueString(result.value)}` : `ERR ${result.message}`;
}

describe("Kruise TestBasicArithmetic", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["2 + 3", "2 + 3", {}, "OK 5"],
    ["10 - 4", "10 - 4", {}, "OK 6"],
    ["3 * 4", "3 * 4", {}, "OK 12"],
    ["15 / 3", "15 / 3", {}, "OK 5"],
    ["(2 + 3) * 4", "(2 + 3) * 4", {}, "OK 20"],
    ["5..5", "5..5", {}, "ERR parse error: syntax error at line 1, col 5"],
    ["5%%", "5%%", {}, "ERR parse error: syntax error at line 1, col 4"],
    ["50%", "50%", {}, "OK 0.5"],
    ["100% * 2", "100% * 2", {}, "OK 2"],
    ["max(10, 20)", "max(10, 20)", {}, "OK 20"],
    ["min(10, 20)", "min(10, 20)", {}, "OK 10"],
    ["1e2", "1e2", {}, "OK 100"],
    ["1E2", "1E2", {}, "OK 100"],
    [
      "min(max(max(max(0.5,0.5*0.5),0.5-1.0),0.5-1.0),3.0)",
      "min(max(max(max(0.5,0.5*0.5),0.5-1.0),0.5-1.0),3.0)",
      {},
      "OK 0.5",
    ],
    ["10 / 0", "10 / 0", {}, "ERR division by zero"],
    ["unknown(1, 2)", "unknown(1, 2)", {}, "ERR unknown function: unknown"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestQuantityOperations", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["40m + 20m", "40m + 20m", {}, "OK 60m"],
    ["100Mi - 50Mi", "100Mi - 50Mi", {}, "OK 50Mi"],
    ["2 * 40m", "2 * 40m", {}, "OK 80m"],
    ["100m / 2", "100m / 2", {}, "OK 50m"],
    ["100m", "100m", {}, "OK 100m"],
    ["max(40m, 20)", "max(40m, 20)", {}, "OK 20"],
    ["min(40m, 20m)", "min(40m, 20m)", {}, "OK 20m"],
    [
      "min(max(max(max(0.5,0.5*0.5),0.5-1.0),0.5-1.0),3.0)",
      "min(max(max(max(0.5,0.5*0.5),0.5-1.0),0.5-1.0),3.0)",
      {},
      "OK 0.5",
    ],
    [
      "min(max(max(max(500m,0.5*0.5),0.5-1.0),0.5-1.0),3.0)",
      "min(max(max(max(500m,0.5*0.5),0.5-1.0),0.5-1.0),3.0)",
      {},
      "OK 500m",
    ],
    ["40m * 2m", "40m * 2m", {}, "ERR multiplication of two quantities"],
    ["2 / 40m", "2 / 40m", {}, "ERR division by quantity"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestVariables", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["simple variable", "cpu", { cpu: "100m" }, "OK 100m"],
    ["variable in expression", "cpu * 2", { cpu: "50m" }, "OK 100m"],
    ["max with variable", "max(cpu, 200m)", { cpu: "100m" }, "OK 200m"],
    [
      "min(max(max(max(0.5,0.5*cpu),cpu-1.0),cpu-1.0),3.0)",
      "min(max(max(max(0.5,0.5*cpu),cpu-1.0),cpu-1.0),3.0)",
      { cpu: "0.5" },
      "OK 500m",
    ],
    ["max with decimal number and quantity", "max(0.25, cpu)", { cpu: "100m" }, "OK 250m"],
    ["max with quantity and decimal number", "max(cpu, 0.75)", { cpu: "500m" }, "OK 750m"],
    ["min with decimal number and quantity", "min(0.8, cpu)", { cpu: "1.0" }, "OK 800m"],
    ["min with quantity and decimal number", "min(cpu, 1.5)", { cpu: "2.0" }, "OK 1500m"],
    ["max(min(2*cpu,-cpu+3.0),2*cpu-3.0)", "max(min(2*cpu,-cpu+3.0),2*cpu-3.0)", { cpu: "1.5" }, "OK 1500m"],
    ["max(min(2*cpu,3.0-cpu),2*cpu-3.0)", "max(min(2*cpu,3.0-cpu),2*cpu-3.0)", { cpu: "1.5" }, "OK 1500m"],
    ["undefined variable", "undefined_var", {}, "ERR undefined variable: undefined_var"],
    ["memory variable", "memory + 100Mi", { memory: "200Mi" }, "OK 300Mi"],
    ["memory variable with max", "0.5 * memory + max(0, memory-2Gi)", { memory: "8Gi" }, "OK 10Gi"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestNegativeValues", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["negative number", "-10", {}, "ERR calculation result is negative: -10"],
    ["negative quantity", "-100m", {}, "ERR calculation result is negative: -100m"],
    ["subtraction resulting in negative", "10 - 20", {}, "ERR calculation result is negative: -10"],
    [
      "quantity subtraction resulting in negative",
      "50m - 100m",
      {},
      "ERR calculation result is negative: -50m",
    ],
    ["positive result", "20 - 10", {}, "OK 10"],
    ["zero result", "10 - 10", {}, "OK 0"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestProposalScenarios", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["Story 1 - max(cpu*50%, 50m)", "max(cpu * 50%, 50m)", { cpu: "200m" }, "OK 100m"],
    [
      "Story 2 - sum of container resources",
      "(cpu1 + cpu2) * 50%",
      { cpu1: "200m", cpu2: "400m" },
      "OK 300m",
    ],
    [
      "Story 3 - max of container resources",
      "max(cpu1, cpu2) * 50%",
      { cpu1: "200m", cpu2: "400m" },
      "OK 200m",
    ],
    ["Negative result should fail", "cpu - 100m", { cpu: "50m" }, "ERR calculation result is negative: -50m"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestEdgeCases", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["empty expression", "", {}, "ERR parse error: syntax error at line 1, col 1"],
    ["whitespace only", "   ", {}, "ERR parse error: syntax error at line 1, col 4"],
    ["invalid character", "2 + @", {}, "ERR parse error: syntax error at line 1, col 6"],
    ["unclosed parenthesis", "(2 + 3", {}, "ERR parse error: syntax error at line 1, col 7"],
    ["empty parenthesis", "()", {}, "ERR parse error: syntax error at line 1, col 3"],
    ["nested functions", "max(min(10, 20), 15)", {}, "OK 15"],
    ["scientific notation", "1e3 + 500", {}, "OK 1500"],
    ["scientific notation with decimal", "1.5e2 * 2", {}, "OK 300"],
    ["very large number", "999999999999999999 + 1", {}, "OK 1e+18"],
    ["very small number", "0.000000000000000001 + 0.000000000000000002", {}, "OK 3.0000000000000002e-18"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestParserEdgeCases", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["no spaces", "2+3+4/2", {}, "OK 7"],
    ["multiple spaces", "2   +   3", {}, "OK 5"],
    ["tabs and spaces", "2\t+\t3", {}, "OK 5"],
    ["newlines", "2\n+\n3", {}, "OK 5"],
    ["mixed whitespace", "  2  \t  +  \n  3  ", {}, "OK 5"],
    ["function with extra spaces", "max(  10  ,  20  )", {}, "OK 20"],
    ["parentheses with spaces", "( 2 + 3 ) * 4", {}, "OK 20"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestQuantityEdgeCases", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["zero quantity", "0m + 0m", {}, "OK 0"],
    ["large quantity", "1000Gi + 500Gi", {}, "OK 1500Gi"],
    ["decimal quantity", "1.5Gi * 2", {}, "OK 3Gi"],
    ["quantity with different units", "1Gi + 100Mi", {}, "OK 1124Mi"],
    ["max with same quantities", "max(100m, 100m)", {}, "OK 100m"],
    ["min with same quantities", "min(100m, 100m)", {}, "OK 100m"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestFunctionArgumentErrors", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["function with no arguments", "max()", {}, "ERR parse error: syntax error at line 1, col 6"],
    ["function with one argument", "max(10)", {}, "ERR max function requires exactly 2 arguments, got 1"],
    [
      "function with three arguments",
      "max(10, 20, 30)",
      {},
      "ERR parse error: syntax error at line 1, col 12",
    ],
    ["function with nested error", "max(10, 20 / 0)", {}, "ERR division by zero"],
    [
      "function with invalid nested function",
      "max(10, unknown(20, 30))",
      {},
      "ERR unknown function: unknown",
    ],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestComplexNestedExpressions", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["deeply nested max/min", "max(min(max(10, 20), 15), 25)", {}, "OK 25"],
    ["complex arithmetic with resources", "(100m + 50m) * 2 - 50m", {}, "OK 250m"],
    ["percentage in function", "max(100m * 50%, 30m)", {}, "OK 50m"],
    ["multiple operations", "max(10 + 5, 20 - 5) * 2", {}, "OK 30"],
    ["resource chain operations", "max(100m, min(200m, 150m)) + 50m", {}, "OK 200m"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestLexerBugFixes", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["plus followed by minus", "10+-5", {}, "OK 5"],
    ["minus followed by minus", "10--5", {}, "OK 15"],
    ["operator adjacency with spaces", "10 + -5", {}, "OK 5"],
    ["operator adjacency subtraction", "10 - -5", {}, "OK 15"],
    ["multiple operator adjacency", "20+-10+5", {}, "OK 15"],
    ["quantity with operator adjacency", "100m+50m", {}, "OK 150m"],
    ["scientific notation lowercase e", "1e3", {}, "OK 1000"],
    ["scientific notation uppercase E", "1E3", {}, "OK 1000"],
    ["scientific notation with plus", "1e+3", {}, "OK 1000"],
    ["scientific notation with minus", "1e-3", {}, "OK 0.001"],
    ["scientific notation uppercase E with plus", "1E+3", {}, "OK 1000"],
    ["scientific notation uppercase E with minus", "1E-3", {}, "OK 0.001"],
    ["decimal scientific notation", "1.5e2", {}, "OK 150"],
    ["decimal scientific notation with sign", "2.5E+1", {}, "OK 25"],
    ["milli unit", "100m", {}, "OK 100m"],
    ["kilo unit", "1k", {}, "OK 1k"],
    ["Mega unit", "100M", {}, "OK 100M"],
    ["Giga unit", "1G", {}, "OK 1G"],
    ["Tera unit", "1T", {}, "OK 1T"],
    ["Peta unit", "1P", {}, "OK 1P"],
    ["Kibi unit", "1Ki", {}, "OK 1Ki"],
    ["Mebi unit", "100Mi", {}, "OK 100Mi"],
    ["Gibi unit", "1Gi", {}, "OK 1Gi"],
    ["Tebi unit", "1Ti", {}, "OK 1Ti"],
    ["Pebi unit", "1Pi", {}, "OK 1Pi"],
    ["scientific notation in expression", "1e3 + 2e2", {}, "OK 1200"],
    ["scientific notation with operator adjacency", "1e3+-200", {}, "OK 800"],
    ["quantity arithmetic", "100m + 50m", {}, "OK 150m"],
    ["quantity with percentage", "200m * 50%", {}, "OK 100m"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestScientificNotationEdgeCases", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["incomplete scientific notation - just e", "1e", {}, "OK 0"],
    ["incomplete scientific notation - e with sign", "1e+", {}, "OK 0"],
    ["double exponent", "1e3e2", {}, "ERR parse error: syntax error at line 1, col 6"],
    ["scientific notation in max function", "max(1e3, 2e2)", {}, "OK 1000"],
    ["scientific notation with quantity comparison", "max(1e3, 100m)", {}, "OK 1k"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Kruise TestLexerCoverageEdgeCases", () => {
  it.each<[string, string, Record<string, string>, string]>([
    ["number starting with dot", ".5 + .5", {}, "OK 1"],
    ["dot followed by non-digit as quantity check", ".5Mi", {}, "OK 512Ki"],
    [
      "exponent followed by unit (invalid scientific notation)",
      "1eKi",
      {},
      "ERR parse error: syntax error at line 1, col 5",
    ],
    ["number with sign in exponent not after e", "1.5+2", {}, "OK 3.5"],
  ])("%s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});

describe("Go %g, as Kruise prints a number", () => {
  it.each([
    [0.5, "0.5"],
    [-10, "-10"],
    [123456, "123456"],
    [1e6, "1e+06"],
    [1234567, "1.234567e+06"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [-1.5e-7, "-1.5e-07"],
    [1e21, "1e+21"],
    [Infinity, "+Inf"],
  ])("%s prints as %s", (value, expected) => {
    expect(formatGoFloatG(value)).toBe(expected);
  });
});

describe("podvisor's agreement with Kruise beyond its tables", () => {
  it.each<[string, string, Record<string, string>, string]>([
    [
      "the last error wins: a later one replaces an earlier one",
      "foo + 1Gi * 1Gi",
      {},
      "ERR multiplication of two quantities",
    ],
    ["a number with an unknown unit reads as 0, as the ignored ParseFloat error gives", "2x + 1", {}, "OK 1"],
    [
      "an infinite number converts to the minimum int64 of millis, and negating that overflows",
      "100m - 1e400",
      {},
      "ERR calculation result is negative: -9223372036854775708m",
    ],
    [
      "a quantity the lexer takes but Kubernetes refuses",
      "1e3m",
      {},
      "ERR quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    [
      "function names are case-insensitive; the unknown one is named as written",
      "MAX(1, Foo(2))",
      {},
      "ERR unknown function: Foo",
    ],
    ["variables are case-insensitive", "CPU * 2", { cpu: "1.5" }, "OK 3"],
    [
      "a syntax error at the end of the input is after its last column",
      "1 +",
      {},
      "ERR parse error: syntax error at line 1, col 4",
    ],
    ["lines are counted", "1 +\n)", {}, "ERR parse error: syntax error at line 2, col 2"],
  ])("%s: %s", (_name, expr, variables, expected) => {
    expect(evaluate(expr, variables)).toBe(expected);
  });
});
