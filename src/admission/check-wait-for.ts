/**
 * podvisor's `podvisor.dev/wait-for` annotation (docs/ordering.md) checked on a validated pod or
 * pod template, so `podvisor run` refuses a bad one (exit 2) before anything starts, with every
 * problem at once on the annotation's field path.
 */
import {
  isRecord,
  resolveWaitFor,
  type FieldError,
  type Fields,
  type ObjectMeta,
  type PodSpec,
} from "../api/index.js";

/** `specPath`: where the pod spec is in `object` ("spec", "spec.template.spec"). */
export function checkWaitFor(object: Fields, specPath: string): FieldError[] {
  const templatePath = specPath.split(".").slice(0, -1);
  let holder: unknown = object;
  for (const key of templatePath) holder = isRecord(holder) ? holder[key] : undefined;
  if (!isRecord(holder) || !isRecord(holder.spec)) return [];
  const metadataPath = [...templatePath, "metadata"].join(".");
  // Validated before: the metadata and spec have the shapes their types describe.
  return resolveWaitFor(
    holder.metadata as ObjectMeta | undefined,
    holder.spec as unknown as PodSpec,
    metadataPath,
  ).errors;
}
