/**
 * Validation problems as values, one per field, reported all at once — apimachinery's
 * `field.ErrorList`. Rendered as `<field.path>: <Type>: <detail>` exactly as the API server does.
 */
import { excerptValue } from "./manifest-limits.js";

export type FieldErrorType =
  | "Required"
  | "Invalid"
  | "NotSupported"
  | "Forbidden"
  | "Duplicate"
  | "NotFound"
  | "TooLong"
  | "TooMany"
  /** Strict field validation: a field the kind's schema does not know (not an apimachinery field.ErrorType). */
  | "UnknownField";

export interface FieldError {
  type: FieldErrorType;
  /** e.g. "spec.initContainers[1].restartPolicy" */
  path: string;
  value?: unknown;
  detail?: string;
}

const typeText: Record<FieldErrorType, string> = {
  Required: "Required value",
  Invalid: "Invalid value",
  NotSupported: "Unsupported value",
  Forbidden: "Forbidden",
  Duplicate: "Duplicate value",
  NotFound: "Not found",
  TooLong: "Too long",
  TooMany: "Too many",
  UnknownField: "Unknown field",
};

/** `spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"` */
export function formatFieldError(error: FieldError): string {
  const parts = [error.path, typeText[error.type]];
  let text = `${parts[0]}: ${parts[1]}`;
  // apimachinery's ErrorBody omits the value only for Required, Forbidden, TooLong and Internal.
  const showsValue =
    error.type === "Invalid" ||
    error.type === "NotSupported" ||
    error.type === "Duplicate" ||
    error.type === "NotFound" ||
    error.type === "TooMany";
  if (showsValue && error.value !== undefined) text += `: ${excerptValue(error.value)}`; // never more than an excerpt of user input
  if (error.detail) text += `: ${error.detail}`;
  return text;
}

export function fieldPath(base: string, ...parts: (string | number)[]): string {
  let path = base;
  for (const part of parts) path += typeof part === "number" ? `[${part}]` : path ? `.${part}` : part;
  return path;
}
