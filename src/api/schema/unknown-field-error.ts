import type { FieldError } from "../field-error.js";
import type { UnknownField } from "./find-unknown-fields.js";

/**
 * Strict decoding's unknown field, in kubectl's words (apimachinery `strict decoding error:
 * unknown field "x"`), with the near miss podvisor suggests.
 */
export function unknownFieldError({ path, suggestion }: UnknownField): FieldError {
  const field = path.slice(path.lastIndexOf(".") + 1);
  const meant = suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`;
  return {
    type: "UnknownField",
    path,
    detail: `strict decoding error: unknown field ${JSON.stringify(field)}${meant}`,
  };
}

/** The same, as `--validate=warn` prints it. */
export function unknownFieldWarning({ path, suggestion }: UnknownField): string {
  const meant = suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`;
  return `unknown field ${JSON.stringify(path)}${meant}`;
}
