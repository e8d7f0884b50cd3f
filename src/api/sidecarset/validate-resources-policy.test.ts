/**
 * resourcesPolicy validation: Kruise 1.9's `TestValidateResourcesPolicy` and
 * `TestValidateResourceExpression` (pkg/webhook/sidecarset/validating/
 * sidecarset_resources_policy_test.go) restated with podvisor's full error texts, then the
 * init-container rule and the CRD schema's checks.
 */
import { describe, expect, it } from "vitest";
import { formatFieldError } from "../field-error.js";
import type { Fields } from "../validation/shape.js";
import { evaluateResourceExpression } from "./resource-expression.js";
import { validateResourcesPolicy } from "./validate-resources-policy.js";

const path = "spec.containers[0]";
const policyPath = `${path}.resourcesPolicy`;

function policy(mode: string, regex: string, resourcesExpr: Fields): Fields {
  return { targetContainersMode: mode, targetContainersNameRegex: regex, resourcesExpr };
}

function problems(container: Fields, isInit = false): string[] {
  return validateResourcesPolicy({ name: "sidecar", image: "s", ...container }, path, isInit).map(
    formatFieldError,
  );
}

const bothHalf = { cpu: "max(cpu*50%, 50m)", memory: "max(memory*50%, 100Mi)" };

describe("Kruise TestValidateResourcesPolicy", () => {
  it.each<[string, Fields, string[]]>([
    [
      "valid resources policy with sum mode and both limits and requests",
      { resourcesPolicy: policy("sum", "^app.*$", { limits: bothHalf, requests: bothHalf }) },
      [],
    ],
    [
      "valid resources policy with max mode and only limits",
      { resourcesPolicy: policy("max", "^app.*$", { limits: { cpu: "cpu*50%" } }) },
      [],
    ],
    [
      "valid resources policy with only requests",
      { resourcesPolicy: policy("sum", ".*", { requests: { cpu: "max(cpu*50%, 50m)", memory: "100Mi" } }) },
      [],
    ],
    [
      "valid resources policy with empty regex (one error: the regex is required)",
      { resourcesPolicy: policy("sum", "", { limits: { cpu: "cpu*50%" } }) },
      [`${policyPath}.targetContainersNameRegex: Required value: invalid empty regex`],
    ],
    [
      "resources policy and resources.limits both configured - should fail",
      {
        resources: { limits: { cpu: "100m", memory: "100Mi" } },
        resourcesPolicy: { targetContainersMode: "sum", resourcesExpr: { limits: { cpu: "cpu*50%" } } },
      },
      [
        `${policyPath}: Invalid value: {"targetContainersMode":"sum","resourcesExpr":{"limits":{"cpu":"cpu*50%"}}}: resourcesPolicy and resources cannot be configured together`,
      ],
    ],
    [
      "resources policy and resources.requests both configured - should fail",
      {
        resources: { requests: { cpu: "50m" } },
        resourcesPolicy: { targetContainersMode: "sum", resourcesExpr: { limits: { cpu: "cpu*50%" } } },
      },
      [
        `${policyPath}: Invalid value: {"targetContainersMode":"sum","resourcesExpr":{"limits":{"cpu":"cpu*50%"}}}: resourcesPolicy and resources cannot be configured together`,
      ],
    ],
    [
      "invalid regex pattern - should fail",
      { resourcesPolicy: policy("sum", "[invalid(regex", { limits: { cpu: "cpu*50%" } }) },
      [
        `${policyPath}.targetContainersNameRegex: Invalid value: "[invalid(regex": invalid regex pattern: not a valid regular expression: Invalid regular expression: /[invalid(regex/: Unterminated character class`,
      ],
    ],
    [
      "no limits and requests - should fail",
      { resourcesPolicy: policy("sum", "^app.*$", {}) },
      [
        `${policyPath}.resourcesExpr: Invalid value: {}: at least one of limits or requests must be configured`,
      ],
    ],
    [
      "invalid cpu expression - should fail",
      { resourcesPolicy: policy("sum", "^app.*$", { limits: { cpu: "invalid expression @#$" } }) },
      [
        `${policyPath}.resourcesExpr.limits.cpu: Invalid value: "invalid expression @#$": invalid expression: undefined variable: invalid`,
      ],
    ],
    [
      "unbalanced parentheses - should fail",
      { resourcesPolicy: policy("sum", "^app.*$", { limits: { cpu: "max(cpu*50%, 50m" } }) },
      [
        `${policyPath}.resourcesExpr.limits.cpu: Invalid value: "max(cpu*50%, 50m": invalid expression: parse error: syntax error at line 1, col 17`,
      ],
    ],
    [
      "invalid function syntax - should fail",
      { resourcesPolicy: policy("sum", "^app.*$", { limits: { cpu: "max(cpu*50%)" } }) },
      [
        `${policyPath}.resourcesExpr.limits.cpu: Invalid value: "max(cpu*50%)": invalid expression: max function requires exactly 2 arguments, got 1`,
      ],
    ],
    [
      "invalid variable name - should fail",
      { resourcesPolicy: policy("sum", "^app.*$", { limits: { cpu: "invalidvar * 50%" } }) },
      [
        `${policyPath}.resourcesExpr.limits.cpu: Invalid value: "invalidvar * 50%": invalid expression: undefined variable: invalidvar`,
      ],
    ],
    [
      "valid complex expression from story 5",
      {
        resourcesPolicy: policy("sum", "^app.*$", {
          limits: {
            cpu: "0.5*cpu - 0.3*max(0, cpu-4) + 0.3*max(0, cpu-8)",
            memory: "max(memory*50%, 100Mi)",
          },
        }),
      },
      [],
    ],
    [
      "valid with only cpu in limits",
      { resourcesPolicy: policy("max", "^.*", { limits: { cpu: "cpu*50%" } }) },
      [],
    ],
    [
      "valid with only memory in limits",
      { resourcesPolicy: policy("max", "^.*", { limits: { memory: "memory*50%" } }) },
      [],
    ],
    [
      "empty cpu expression in requests is valid",
      { resourcesPolicy: policy("sum", "^.*", { requests: { cpu: "", memory: "100Mi" } }) },
      [],
    ],
    [
      "invalid cpu expression in requests - should fail",
      { resourcesPolicy: policy("sum", "^.*", { requests: { cpu: "invalid_cpu_expr" } }) },
      [
        `${policyPath}.resourcesExpr.requests.cpu: Invalid value: "invalid_cpu_expr": invalid expression: undefined variable: invalid_cpu_expr`,
      ],
    ],
    [
      "invalid memory expression in limits - should fail",
      { resourcesPolicy: policy("sum", "^.*", { limits: { memory: "bad_memory_expr" } }) },
      [
        `${policyPath}.resourcesExpr.limits.memory: Invalid value: "bad_memory_expr": invalid expression: undefined variable: bad_memory_expr`,
      ],
    ],
    [
      "invalid memory expression in requests - should fail",
      { resourcesPolicy: policy("sum", "^.*", { requests: { memory: "bad_memory_expr" } }) },
      [
        `${policyPath}.resourcesExpr.requests.memory: Invalid value: "bad_memory_expr": invalid expression: undefined variable: bad_memory_expr`,
      ],
    ],
  ])("%s", (_name, container, expected) => {
    expect(problems(container)).toEqual(expected);
  });
});

describe("Kruise TestValidateResourceExpression (the variable set to the number 1)", () => {
  it.each<[string, string, string, boolean]>([
    ["valid simple expression", "cpu*50%", "cpu", true],
    ["valid max function", "max(cpu*50%, 50m)", "cpu", true],
    ["valid min function", "min(cpu*50%, 100m)", "cpu", true],
    ["valid complex expression", "0.5*cpu - 0.3*max(0, cpu-4) + 0.3*max(0, cpu-8)", "cpu", true],
    ["valid with spaces", "max( cpu * 0.5 , 50m )", "cpu", true],
    ["invalid variable name", "invalidvar * 50%", "cpu", false],
    ["valid memory expression", "memory*50%", "memory", true],
    ["valid nested functions", "max(min(cpu*50%, 100m), 50m)", "cpu", true],
    ["invalid syntax", "cpu +*/ 50%", "cpu", false],
  ])("%s: %s", (_name, expr, variable, valid) => {
    expect(evaluateResourceExpression(expr, { [variable]: { kind: "number", number: 1 } }).ok).toBe(valid);
  });
});

describe("resourcesPolicy: podvisor's further checks", () => {
  it("on an init container it needs restartPolicy Always (a native sidecar), and is still checked", () => {
    expect(
      problems({ resourcesPolicy: policy("sum", "", { limits: { cpu: "cpu" } }) }, true).map((p) =>
        p.replace(/: \{.*\}: /, ": {…}: "),
      ),
    ).toEqual([
      `${policyPath}: Invalid value: {…}: resourcesPolicy is only supported for containers with RestartPolicy Always`,
      `${policyPath}.targetContainersNameRegex: Required value: invalid empty regex`,
    ]);
    expect(
      problems(
        { restartPolicy: "Always", resourcesPolicy: policy("max", ".*", { limits: { cpu: "cpu" } }) },
        true,
      ),
    ).toEqual([]);
  });

  it("the CRD requires targetContainersMode (sum or max) and resourcesExpr", () => {
    expect(
      problems({ resourcesPolicy: { targetContainersMode: "avg", targetContainersNameRegex: ".*" } }),
    ).toEqual([
      `${policyPath}.targetContainersMode: Unsupported value: "avg": supported values: "sum", "max"`,
      `${policyPath}.resourcesExpr: Required value`,
    ]);
  });

  it("reports every bad expression at once, each with its field", () => {
    expect(
      problems({
        resourcesPolicy: policy("sum", ".*", {
          limits: { cpu: "cpu * 2Gi * 1Gi", memory: "memory / 0" },
          requests: { cpu: "1 2", memory: "-memory" },
        }),
      }),
    ).toEqual([
      `${policyPath}.resourcesExpr.limits.cpu: Invalid value: "cpu * 2Gi * 1Gi": invalid expression: multiplication of two quantities`,
      `${policyPath}.resourcesExpr.limits.memory: Invalid value: "memory / 0": invalid expression: division by zero`,
      `${policyPath}.resourcesExpr.requests.cpu: Invalid value: "1 2": invalid expression: parse error: syntax error at line 1, col 4`,
      `${policyPath}.resourcesExpr.requests.memory: Invalid value: "-memory": invalid expression: calculation result is negative: -1`,
    ]);
  });
});
