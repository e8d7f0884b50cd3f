/**
 * `env` and `envFrom` validation, after upstream `ValidateEnv`, `validateEnvVarValueFrom`,
 * `validateObjectFieldSelector`, `validateConfigMapKeySelector`, `ValidateEnvFrom`.
 */
import type { FieldError } from "../field-error.js";
import { isConfigMapKey, isDns1123Subdomain, isQualifiedName, isRelaxedEnvVarName } from "./names.js";
import { invalid, objectItems, readBoolean, readObject, readString, type Fields } from "./shape.js";

/** Field paths `pods/podsMetadata` conversion accepts (ConvertDownwardAPIFieldLabel). */
const convertibleFieldPaths = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

/** validEnvDownwardAPIFieldPathExpressions, sorted as `sets.List` prints them. */
export const envFieldPaths = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
/** validVolumeDownwardAPIFieldPathExpressions. */
export const volumeFieldPaths = [
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
];

/** `metadata.labels['app']` → ["metadata.labels", "app"] (fieldpath.SplitMaybeSubscriptedPath). */
export function splitSubscriptedPath(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const open = fieldPath.indexOf("['");
  if (open < 0) return undefined;
  return [fieldPath.slice(0, open), fieldPath.slice(open + 2, -2)];
}

export function validateObjectFieldSelector(
  selector: Fields,
  allowed: readonly string[],
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const apiVersion = readString(selector.apiVersion, `${path}.apiVersion`, errors);
  const fieldPath = readString(selector.fieldPath, `${path}.fieldPath`, errors);
  if (apiVersion === null || fieldPath === null) return errors;
  if (!apiVersion) return [{ type: "Required", path: `${path}.apiVersion` }];
  if (!fieldPath) return [{ type: "Required", path: `${path}.fieldPath` }];
  const subscripted = splitSubscriptedPath(fieldPath);
  const base = subscripted ? subscripted[0] : fieldPath;
  if (apiVersion !== "v1") {
    errors.push(
      invalid(
        `${path}.fieldPath`,
        fieldPath,
        `error converting fieldPath: unsupported pod version: ${apiVersion}`,
      ),
    );
  } else if (!convertibleFieldPaths.has(base)) {
    errors.push(
      invalid(
        `${path}.fieldPath`,
        fieldPath,
        `error converting fieldPath: field label not supported: ${fieldPath}`,
      ),
    );
  } else if (subscripted) {
    if (base !== "metadata.annotations" && base !== "metadata.labels") {
      errors.push(
        invalid(
          `${path}.fieldPath`,
          fieldPath,
          `error converting fieldPath: field label does not support subscript: ${fieldPath}`,
        ),
      );
    } else {
      const key = base === "metadata.annotations" ? subscripted[1].toLowerCase() : subscripted[1];
      for (const msg of isQualifiedName(key)) errors.push(invalid(path, key, msg));
    }
  } else if (!allowed.includes(fieldPath)) {
    errors.push({
      type: "NotSupported",
      path: `${path}.fieldPath`,
      value: fieldPath,
      detail: `supported values: ${allowed.map((p) => JSON.stringify(p)).join(", ")}`,
    });
  }
  return errors;
}

function validateKeySelector(selector: Fields, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = readString(selector.name, `${path}.name`, errors);
  if (name !== null)
    for (const msg of isDns1123Subdomain(name ?? "")) errors.push(invalid(`${path}.name`, name ?? "", msg));
  const key = readString(selector.key, `${path}.key`, errors);
  if (key === undefined || key === "") errors.push({ type: "Required", path: `${path}.key` });
  else if (key !== null) for (const msg of isConfigMapKey(key)) errors.push(invalid(`${path}.key`, key, msg));
  readBoolean(selector.optional, `${path}.optional`, errors);
  return errors;
}

export function validateEnv(env: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [i, envVar] of objectItems(env, path, errors)) {
    const itemPath = `${path}[${i}]`;
    const name = readString(envVar.name, `${itemPath}.name`, errors);
    if (name === undefined || name === "") errors.push({ type: "Required", path: `${itemPath}.name` });
    else if (name !== null)
      for (const msg of isRelaxedEnvVarName(name)) errors.push(invalid(`${itemPath}.name`, name, msg));
    const value = readString(envVar.value, `${itemPath}.value`, errors);
    const valueFrom = readObject(envVar.valueFrom, `${itemPath}.valueFrom`, errors);
    if (valueFrom)
      errors.push(
        ...validateValueFrom(valueFrom, typeof value === "string" && value !== "", `${itemPath}.valueFrom`),
      );
  }
  return errors;
}

function validateValueFrom(valueFrom: Fields, hasValue: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let sources = 0;
  const fieldRef = readObject(valueFrom.fieldRef, `${path}.fieldRef`, errors);
  if (fieldRef !== undefined) sources++;
  if (fieldRef) errors.push(...validateObjectFieldSelector(fieldRef, envFieldPaths, `${path}.fieldRef`));
  const resourceRef = readObject(valueFrom.resourceFieldRef, `${path}.resourceFieldRef`, errors);
  if (resourceRef !== undefined) sources++;
  if (resourceRef) {
    const resource = readString(resourceRef.resource, `${path}.resourceFieldRef.resource`, errors);
    if (resource === undefined || resource === "")
      errors.push({ type: "Required", path: `${path}.resourceFieldRef.resource` });
    else if (typeof resource === "string" && !resourceFieldNames.includes(resource)) {
      errors.push({
        type: "NotSupported",
        path: `${path}.resourceFieldRef.resource`,
        value: resource,
        detail: `supported values: ${resourceFieldNames.map((r) => JSON.stringify(r)).join(", ")}`,
      });
    }
  }
  for (const kind of ["configMapKeyRef", "secretKeyRef"]) {
    const selector = readObject(valueFrom[kind], `${path}.${kind}`, errors);
    if (selector !== undefined) sources++;
    if (selector) errors.push(...validateKeySelector(selector, `${path}.${kind}`));
  }
  if (sources === 0)
    errors.push(
      invalid(
        path,
        "",
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
      ),
    );
  if (hasValue) {
    if (sources !== 0) errors.push(invalid(path, "", "may not be specified when `value` is not empty"));
  } else if (sources > 1) {
    errors.push(invalid(path, "", "may not have more than one field specified at a time"));
  }
  return errors;
}

/** validContainerResourceFieldPathExpressions (hugepages- prefixes left out). */
export const resourceFieldNames = [
  "limits.cpu",
  "limits.ephemeral-storage",
  "limits.memory",
  "requests.cpu",
  "requests.ephemeral-storage",
  "requests.memory",
];

export function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [i, source] of objectItems(envFrom, path, errors)) {
    const itemPath = `${path}[${i}]`;
    const prefix = readString(source.prefix, `${itemPath}.prefix`, errors);
    if (prefix)
      for (const msg of isRelaxedEnvVarName(prefix)) errors.push(invalid(`${itemPath}.prefix`, prefix, msg));
    let sources = 0;
    for (const kind of ["configMapRef", "secretRef"]) {
      const ref = readObject(source[kind], `${itemPath}.${kind}`, errors);
      if (ref !== undefined) sources++;
      if (!ref) continue;
      const name = readString(ref.name, `${itemPath}.${kind}.name`, errors);
      if (name === undefined || name === "")
        errors.push({ type: "Required", path: `${itemPath}.${kind}.name` });
      else if (name !== null)
        for (const msg of isDns1123Subdomain(name))
          errors.push(invalid(`${itemPath}.${kind}.name`, name, msg));
      readBoolean(ref.optional, `${itemPath}.${kind}.optional`, errors);
    }
    // Upstream reports these two on the list's path, not the item's.
    if (sources === 0) errors.push(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (sources > 1)
      errors.push(invalid(path, "", "may not have more than one field specified at a time"));
  }
  return errors;
}
