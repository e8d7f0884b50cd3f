/**
 * Container-level `restartPolicy` and `restartPolicyRules` (KEP-5307 ContainerRestartRules, beta
 * and on by default since v1.35; the `RestartAllContainers` action is KEP-5532,
 * RestartAllContainersOnContainerExits, beta and on by default in v1.36). After upstream
 * `validateContainerRestartPolicy` and `validateInitContainerRestartPolicy`
 * (pkg/apis/core/validation/validation.go, v1.36) with both gates on: messages, field paths and
 * the order of errors are the API server's.
 */
import type { FieldError } from "../field-error.js";
import { objectItems, readArray, readInteger, readObject, type Fields } from "./shape.js";

/** apimachinery `sets.List`: supported values are listed sorted. */
const supportedPolicies = ["Always", "Never", "OnFailure"];
const supportedActions = ["Restart", "RestartAllContainers"];
const supportedOperators = ["In", "NotIn"];
export const MAX_RESTART_POLICY_RULES = 20;
export const MAX_RULE_EXIT_CODES = 255;

const isUnset = (value: unknown) => value === undefined || value === null;

/** Regular containers (and non-sidecar init containers): any policy, rules need one. */
export function validateContainerRestartPolicy(container: Fields, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const policy = container.restartPolicy;
  const rules = readArray(container.restartPolicyRules, `${path}.restartPolicyRules`, errors);
  if (isUnset(policy)) {
    if (!rules || rules.length === 0) return errors;
    errors.push(requiredPolicy(path));
  } else if (typeof policy !== "string" || !supportedPolicies.includes(policy)) {
    errors.push(notSupported(`${path}.restartPolicy`, policy, supportedPolicies));
  }
  if (!rules) return errors;
  if (rules.length > MAX_RESTART_POLICY_RULES)
    errors.push(tooMany(`${path}.restartPolicyRules`, rules.length, MAX_RESTART_POLICY_RULES));
  for (const [i, rule] of objectItems(rules, `${path}.restartPolicyRules`, errors)) {
    errors.push(...validateRule(rule, `${path}.restartPolicyRules[${i}]`));
  }
  return errors;
}

/**
 * Init containers: `Always` makes a sidecar (KEP-753), which may carry rules too once
 * RestartAllContainers is on (only that action changes anything for a sidecar, which restarts
 * after every exit anyway); `Never`/`OnFailure` make a regular init container with its own policy.
 */
export function validateInitContainerRestartPolicy(container: Fields, path: string): FieldError[] {
  if (!isUnset(container.restartPolicy)) return validateContainerRestartPolicy(container, path);
  const errors: FieldError[] = [];
  const rules = readArray(container.restartPolicyRules, `${path}.restartPolicyRules`, errors);
  if (rules && rules.length > 0) errors.push(requiredPolicy(path));
  return errors;
}

function validateRule(rule: Fields, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof rule.action !== "string" || !supportedActions.includes(rule.action))
    errors.push(notSupported(`${path}.action`, rule.action ?? "", supportedActions));
  const exitCodes = readObject(rule.exitCodes, `${path}.exitCodes`, errors);
  if (exitCodes === undefined) {
    errors.push({ type: "Required", path: `${path}.exitCodes`, detail: "must be specified" });
    return errors;
  }
  if (exitCodes === null) return errors;
  const operator = exitCodes.operator;
  if (typeof operator !== "string" || !supportedOperators.includes(operator))
    errors.push(notSupported(`${path}.exitCodes.operator`, operator ?? "", supportedOperators));
  const values = readArray(exitCodes.values, `${path}.exitCodes.values`, errors, "an array of integers");
  if (!values) return errors;
  if (values.length > MAX_RULE_EXIT_CODES)
    errors.push(tooMany(`${path}.exitCodes.values`, values.length, MAX_RULE_EXIT_CODES));
  values.forEach((value, i) => readInteger(value, `${path}.exitCodes.values[${i}]`, errors));
  return errors;
}

function requiredPolicy(path: string): FieldError {
  return {
    type: "Required",
    path: `${path}.restartPolicy`,
    detail: "must specify restartPolicy when restart rules are used",
  };
}

function notSupported(path: string, value: unknown, supported: readonly string[]): FieldError {
  const detail = `supported values: ${supported.map((v) => JSON.stringify(v)).join(", ")}`;
  return { type: "NotSupported", path, value, detail };
}

function tooMany(path: string, actual: number, max: number): FieldError {
  return { type: "TooMany", path, value: actual, detail: `must have at most ${max} items` };
}
