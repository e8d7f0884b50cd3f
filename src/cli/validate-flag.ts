/**
 * kubectl's `--validate` flag, shared by the commands that read manifests (`run`, `inject`):
 * what unknown and duplicate fields are — errors (strict, the default), warnings, or ignored.
 */
import type { FieldValidation } from "../api/index.js";
import { InvalidInputError } from "../shared/index.js";

export const validateFlagHelp =
  "unknown and duplicate fields: strict (or true) refuses them, warn prints a warning, ignore (or false) drops them silently — as kubectl";

/** kubectl's --validate values (`kubectl/pkg/cmd/util.GetValidationDirective`). */
export function parseValidateFlag(value: string): FieldValidation {
  const mode = value.toLowerCase();
  if (mode === "true" || mode === "strict") return "strict";
  if (mode === "false" || mode === "ignore") return "ignore";
  if (mode === "warn") return "warn";
  throw new InvalidInputError(
    `invalid - validate option ${JSON.stringify(value)}; must be one of: strict (or true), warn, ignore (or false)`,
  );
}
