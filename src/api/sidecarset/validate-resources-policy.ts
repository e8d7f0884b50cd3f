/**
 * A sidecar's `resourcesPolicy` as Kruise 1.9's SidecarSet webhook checks it
 * (`validateResourcesPolicy`, pkg/webhook/sidecarset/validating/sidecarset_create_update_handler.go),
 * plus the CRD schema's checks (`targetContainersMode` one of sum and max, `resourcesExpr`
 * required, the expressions strings). On an init container it needs `restartPolicy: Always`. It
 * cannot be combined with `resources` (that error alone is reported); the regex must be non-empty
 * and compile; `resourcesExpr` needs limits or requests, and each expression must evaluate with
 * its variable (`cpu` or `memory`, by field) set to the number 1, as Kruise checks it.
 */
import type { FieldError } from "../field-error.js";
import { validateEnum } from "../validation/container.js";
import { invalid, isRecord, readObject, readString, type Fields } from "../validation/shape.js";
import { compileGoRegexp } from "./go-regexp.js";
import { evaluateResourceExpression } from "./resource-expression.js";

export function validateResourcesPolicy(
  container: Fields,
  path: string,
  isInitContainer: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const policyPath = `${path}.resourcesPolicy`;
  const policy = readObject(container.resourcesPolicy, policyPath, errors);
  if (!policy) return errors;
  if (isInitContainer && container.restartPolicy !== "Always")
    errors.push(
      invalid(
        policyPath,
        policy,
        "resourcesPolicy is only supported for containers with RestartPolicy Always",
      ),
    );
  const resources = isRecord(container.resources) ? container.resources : {};
  if (hasEntries(resources.limits) || hasEntries(resources.requests)) {
    errors.push(invalid(policyPath, policy, "resourcesPolicy and resources cannot be configured together"));
    return errors;
  }
  errors.push(
    ...validateEnum(policy.targetContainersMode, ["sum", "max"], `${policyPath}.targetContainersMode`),
  );

  const regexPath = `${policyPath}.targetContainersNameRegex`;
  const regex = readString(policy.targetContainersNameRegex, regexPath, errors);
  if (regex === "") errors.push({ type: "Required", path: regexPath, detail: "invalid empty regex" });
  else if (typeof regex === "string") {
    const compiled = compileGoRegexp(regex);
    if (typeof compiled === "string")
      errors.push(invalid(regexPath, regex, `invalid regex pattern: ${compiled}`));
  }

  const exprPath = `${policyPath}.resourcesExpr`;
  const expr = readObject(policy.resourcesExpr, exprPath, errors);
  if (expr === undefined) errors.push({ type: "Required", path: exprPath });
  if (!expr) return errors;
  const limits = readObject(expr.limits, `${exprPath}.limits`, errors);
  const requests = readObject(expr.requests, `${exprPath}.requests`, errors);
  if (limits === undefined && requests === undefined) {
    errors.push(invalid(exprPath, expr, "at least one of limits or requests must be configured"));
    return errors;
  }
  for (const [kind, exprs] of [
    ["limits", limits],
    ["requests", requests],
  ] as const) {
    if (!exprs) continue;
    for (const variable of ["cpu", "memory"]) {
      const fieldPath = `${exprPath}.${kind}.${variable}`;
      const text = readString(exprs[variable], fieldPath, errors);
      if (typeof text !== "string" || text === "") continue;
      const result = evaluateResourceExpression(text, { [variable]: { kind: "number", number: 1 } });
      if (!result.ok) errors.push(invalid(fieldPath, text, `invalid expression: ${result.message}`));
    }
  }
  return errors;
}

function hasEntries(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).length > 0;
}
