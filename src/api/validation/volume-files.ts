/**
 * The files of configMap, secret, downwardAPI and projected volumes, after upstream
 * `validateKeyToPath`, `validateDownwardAPIVolumeFile` and `ValidateLocalNonReservedPath`: shared by
 * the plain volume sources (volumes.ts) and the sources of a projected volume (projected-volume.ts).
 */
import type { FieldError } from "../field-error.js";
import { volumeFieldPaths, validateObjectFieldSelector } from "./env.js";
import { invalid, objectItems, readInteger, readObject, readString } from "./shape.js";

export const fileModeError = "must be a number between 0 and 0777 (octal), both inclusive";

export function checkFileMode(value: unknown, path: string, errors: FieldError[]): void {
  const mode = readInteger(value, path, errors);
  if (typeof mode === "number" && (mode < 0 || mode > 0o777)) errors.push(invalid(path, mode, fileModeError));
}

/** `validateKeyToPath` per item; returns the item paths (for a projection's duplicate check). */
export function validateKeyToPaths(items: unknown, path: string, errors: FieldError[]): string[] {
  const paths: string[] = [];
  for (const [i, item] of objectItems(items, path, errors)) {
    const itemPath = `${path}[${i}]`;
    const key = readString(item.key, `${itemPath}.key`, errors);
    if (key === undefined || key === "") errors.push({ type: "Required", path: `${itemPath}.key` });
    errors.push(...validateItemPath(item.path, `${itemPath}.path`));
    checkFileMode(item.mode, `${itemPath}.mode`, errors);
    if (typeof item.path === "string" && item.path !== "") paths.push(item.path);
  }
  return paths;
}

/** `validateDownwardAPIVolumeFile` per item; returns the item paths. */
export function validateDownwardApiFiles(items: unknown, path: string, errors: FieldError[]): string[] {
  const paths: string[] = [];
  for (const [i, item] of objectItems(items, path, errors)) {
    const itemPath = `${path}[${i}]`;
    errors.push(...validateItemPath(item.path, `${itemPath}.path`));
    checkFileMode(item.mode, `${itemPath}.mode`, errors);
    if (typeof item.path === "string" && item.path !== "") paths.push(item.path);
    const fieldRef = readObject(item.fieldRef, `${itemPath}.fieldRef`, errors);
    const resourceRef = readObject(item.resourceFieldRef, `${itemPath}.resourceFieldRef`, errors);
    if (fieldRef)
      errors.push(...validateObjectFieldSelector(fieldRef, volumeFieldPaths, `${itemPath}.fieldRef`));
    if (fieldRef !== undefined && resourceRef !== undefined) {
      errors.push(
        invalid(itemPath, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"),
      );
    } else if (fieldRef === undefined && resourceRef === undefined) {
      errors.push({
        type: "Required",
        path: itemPath,
        detail: "one of fieldRef and resourceFieldRef is required",
      });
    }
  }
  return paths;
}

/** validateLocalNonReservedPath: relative, no `..` element, not starting with `..`. */
export function validateItemPath(value: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const target = readString(value, path, errors);
  if (target === undefined || target === "") return [{ type: "Required", path }];
  if (target === null) return errors;
  errors.push(...validateLocalDescendingPath(target, path));
  if (target.startsWith("..")) errors.push(invalid(path, target, "must not start with '..'"));
  return errors;
}

export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (target.startsWith("/")) errors.push(invalid(path, target, "must be a relative path"));
  if (target.split(/[\\/]/).includes("..")) errors.push(invalid(path, target, "must not contain '..'"));
  return errors;
}
