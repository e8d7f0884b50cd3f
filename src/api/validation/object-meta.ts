/**
 * `metadata` validation, after upstream `ValidateObjectMeta` with `NameIsDNSSubdomain` (the name
 * rule of Pods, Jobs, ConfigMaps and Secrets). A `generateName` is checked as a prefix: a trailing
 * '-' is allowed.
 */
import type { FieldError } from "../field-error.js";
import { isDns1123Label, isDns1123Subdomain, isQualifiedName, isValidLabelValue } from "./names.js";
import { checkStringMap, invalid, readObject, readString } from "./shape.js";

const totalAnnotationSizeLimit = 256 * 1024;

export function validateObjectMeta(
  metadata: unknown,
  path: string,
  options: { requireName: boolean },
): FieldError[] {
  const errors: FieldError[] = [];
  const meta = readObject(metadata, path, errors);
  if (meta === null) return errors;
  if (meta === undefined)
    return options.requireName
      ? [{ type: "Required", path: `${path}.name`, detail: "name or generateName is required" }]
      : [];
  const generateName = readString(meta.generateName, `${path}.generateName`, errors);
  if (generateName) {
    const masked = generateName.endsWith("-") ? `${generateName.slice(0, -1)}a` : generateName;
    for (const msg of isDns1123Subdomain(masked))
      errors.push(invalid(`${path}.generateName`, generateName, msg));
  }
  const name = readString(meta.name, `${path}.name`, errors);
  if (name === undefined || name === "") {
    if (options.requireName && !generateName)
      errors.push({ type: "Required", path: `${path}.name`, detail: "name or generateName is required" });
  } else if (name !== null) {
    for (const msg of isDns1123Subdomain(name)) errors.push(invalid(`${path}.name`, name, msg));
  }
  const namespace = readString(meta.namespace, `${path}.namespace`, errors);
  if (namespace)
    for (const msg of isDns1123Label(namespace)) errors.push(invalid(`${path}.namespace`, namespace, msg));
  // ValidateLabels / ValidateAnnotations report on the map's path, not the key's.
  const labels = checkStringMap(meta.labels, `${path}.labels`, errors) ?? {};
  for (const [key, value] of Object.entries(labels)) {
    for (const msg of isQualifiedName(key)) errors.push(invalid(`${path}.labels`, key, msg));
    for (const msg of isValidLabelValue(value)) errors.push(invalid(`${path}.labels`, value, msg));
  }
  const annotations = checkStringMap(meta.annotations, `${path}.annotations`, errors) ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(key.toLowerCase()))
      errors.push(invalid(`${path}.annotations`, key, msg));
    size += key.length + value.length;
  }
  if (size > totalAnnotationSizeLimit) {
    errors.push({
      type: "TooLong",
      path: `${path}.annotations`,
      detail: `may not be more than ${totalAnnotationSizeLimit} bytes`,
    });
  }
  return errors;
}
