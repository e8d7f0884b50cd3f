/**
 * Restates upstream TestValidateContainerRestartPolicy (pkg/apis/core/validation/validation_test.go,
 * v1.36) with ContainerRestartRules and RestartAllContainers on, as in a v1.36 API server. Cases
 * keep upstream's names; messages are the API server's.
 */
import { describe, expect, it } from "vitest";
import { formatFieldError } from "../field-error.js";
import { validatePod } from "./pod.js";

const pod = (container: Record<string, unknown>, where: "containers" | "initContainers" = "containers") => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default" },
  spec: {
    restartPolicy: "Always",
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "ClusterFirst",
    ...(where === "initContainers" ? { containers: [base("app")] } : {}),
    [where]: [{ ...base("name"), ...container }],
  },
});

function base(name: string) {
  return { name, image: "image", imagePullPolicy: "IfNotPresent", terminationMessagePolicy: "File" };
}

const rule = (action: unknown, exitCodes?: unknown) =>
  exitCodes === undefined ? { action } : { action, exitCodes };
const in42 = { operator: "In", values: [42] };

const errorsOf = (container: Record<string, unknown>, where?: "containers" | "initContainers") =>
  validatePod(pod(container, where)).map(formatFieldError);

describe("container restartPolicy and restartPolicyRules (KEP-5307, KEP-5532)", () => {
  it.each<[string, Record<string, unknown>]>([
    ["no-restart-policy-and-rules", {}],
    ["restart-policy-always", { restartPolicy: "Always" }],
    ["restart-policy-never", { restartPolicy: "Never" }],
    ["restart-policy-on-failure", { restartPolicy: "OnFailure" }],
    ["restart-policy-rules", { restartPolicy: "Never", restartPolicyRules: [rule("Restart", in42)] }],
    [
      "restart-all-containers",
      { restartPolicy: "Never", restartPolicyRules: [rule("RestartAllContainers", in42)] },
    ],
  ])("upstream success case %s: a regular container is accepted", (_name, container) => {
    expect(errorsOf(container)).toEqual([]);
  });

  const manyRules = Array.from({ length: 21 }, () => rule("Restart", in42));
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      "invalid container restart policy",
      { restartPolicy: "invalid" },
      [
        'spec.containers[0].restartPolicy: Unsupported value: "invalid": supported values: "Always", "Never", "OnFailure"',
      ],
    ],
    [
      "empty container restart policy",
      { restartPolicy: "" },
      [
        'spec.containers[0].restartPolicy: Unsupported value: "": supported values: "Always", "Never", "OnFailure"',
      ],
    ],
    [
      "missing container restart policy when restart rules are specified",
      { restartPolicyRules: [rule("Restart", in42)] },
      [
        "spec.containers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used",
      ],
    ],
    [
      "invalid action",
      { restartPolicy: "Never", restartPolicyRules: [rule("invalid", in42)] },
      [
        'spec.containers[0].restartPolicyRules[0].action: Unsupported value: "invalid": supported values: "Restart", "RestartAllContainers"',
      ],
    ],
    [
      "empty action",
      { restartPolicy: "Never", restartPolicyRules: [rule("", in42)] },
      [
        'spec.containers[0].restartPolicyRules[0].action: Unsupported value: "": supported values: "Restart", "RestartAllContainers"',
      ],
    ],
    [
      "empty ExitCodes",
      { restartPolicy: "Never", restartPolicyRules: [rule("Restart")] },
      ["spec.containers[0].restartPolicyRules[0].exitCodes: Required value: must be specified"],
    ],
    [
      "invalid ExitCodes Operator",
      {
        restartPolicy: "Never",
        restartPolicyRules: [rule("Restart", { operator: "invalid", values: [42] })],
      },
      [
        'spec.containers[0].restartPolicyRules[0].exitCodes.operator: Unsupported value: "invalid": supported values: "In", "NotIn"',
      ],
    ],
    [
      "empty ExitCodes Operator",
      { restartPolicy: "Never", restartPolicyRules: [rule("Restart", { operator: "", values: [42] })] },
      [
        'spec.containers[0].restartPolicyRules[0].exitCodes.operator: Unsupported value: "": supported values: "In", "NotIn"',
      ],
    ],
    [
      "restart-policy-rules with too many exit codes",
      {
        restartPolicy: "Never",
        restartPolicyRules: [
          rule("Restart", { operator: "In", values: Array.from({ length: 256 }, () => 0) }),
        ],
      },
      [
        "spec.containers[0].restartPolicyRules[0].exitCodes.values: Too many: 256: must have at most 255 items",
      ],
    ],
    [
      "restart-policy-rules with too many rules",
      { restartPolicy: "Never", restartPolicyRules: manyRules },
      ["spec.containers[0].restartPolicyRules: Too many: 21: must have at most 20 items"],
    ],
  ])("upstream error case %s", (_name, container, expected) => {
    expect(errorsOf(container)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["sidecar containers without restart policy rules", { restartPolicy: "Always" }, []],
    [
      "restart policy rules are supported with restart policy Always with option",
      {
        restartPolicy: "Always",
        restartPolicyRules: [rule("RestartAllContainers", { operator: "In", values: [1] })],
      },
      [],
    ],
    [
      "restart policy rules are not supported if no restart policy is set",
      { restartPolicyRules: [rule("RestartAllContainers", { operator: "In", values: [1] })] },
      [
        "spec.initContainers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used",
      ],
    ],
  ])("upstream init container case: %s", (_name, container, expected) => {
    expect(errorsOf(container, "initContainers")).toEqual(expected);
  });

  it("every problem of every rule at once, each at its own path", () => {
    expect(
      errorsOf({
        restartPolicy: "Sometimes",
        restartPolicyRules: [rule("Retry", { operator: "Is", values: [1, "two"] }), rule("Restart"), "x"],
      }),
    ).toEqual([
      'spec.containers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
      // A wrongly typed item is a decoding problem, reported before the rules are checked.
      'spec.containers[0].restartPolicyRules[2]: Invalid value: "x": must be an object',
      'spec.containers[0].restartPolicyRules[0].action: Unsupported value: "Retry": supported values: "Restart", "RestartAllContainers"',
      'spec.containers[0].restartPolicyRules[0].exitCodes.operator: Unsupported value: "Is": supported values: "In", "NotIn"',
      'spec.containers[0].restartPolicyRules[0].exitCodes.values[1]: Invalid value: "two": must be an integer',
      "spec.containers[0].restartPolicyRules[1].exitCodes: Required value: must be specified",
    ]);
  });
});
