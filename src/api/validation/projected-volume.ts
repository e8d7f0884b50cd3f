/**
 * A projected volume's sources (upstream `validateProjectionSources`).
 */
import type { FieldError } from "../field-error.js";
import { volumeProjectionKinds } from "../types.js";
import { invalid, objectItems, readBoolean, readInteger, readObject, readString } from "./shape.js";
import { validateDownwardApiFiles, validateItemPath, validateKeyToPaths } from "./volume-files.js";

/**
 * Upstream `validateProjectionSources`: one kind per source, a name for secret and configMap,
 * no path written twice across the sources, and a serviceAccountToken that lives 10 min to 2^32 s
 * at a local path. (Upstream reports a duplicate and a missing token path at the volume's path.)
 */
export function validateProjectionSources(sources: unknown, path: string, errors: FieldError[]): void {
  const seen = new Set<string>();
  const claim = (paths: string[], value: unknown) => {
    for (const p of paths) {
      if (seen.has(p)) errors.push(invalid(path, value, "conflicting duplicate paths"));
      seen.add(p);
    }
  };
  for (const [i, source] of objectItems(sources, `${path}.sources`, errors)) {
    const sourcePath = `${path}.sources[${i}]`;
    const kinds = volumeProjectionKinds.filter((k) => source[k] !== undefined && source[k] !== null);
    if (kinds.length > 1)
      errors.push({
        type: "Forbidden",
        path: sourcePath,
        detail: "may not specify more than 1 volume type per source",
      });
    for (const kind of ["secret", "configMap"] as const) {
      const object = readObject(source[kind], `${sourcePath}.${kind}`, errors);
      if (!object) continue;
      const name = readString(object.name, `${sourcePath}.${kind}.name`, errors);
      if (name === undefined || name === "")
        errors.push({ type: "Required", path: `${sourcePath}.${kind}.name` });
      readBoolean(object.optional, `${sourcePath}.${kind}.optional`, errors);
      claim(validateKeyToPaths(object.items, `${sourcePath}.${kind}.items`, errors), object.name ?? "");
    }
    const downward = readObject(source.downwardAPI, `${sourcePath}.downwardAPI`, errors);
    if (downward) {
      const paths = validateDownwardApiFiles(downward.items, `${sourcePath}.downwardAPI.items`, errors);
      paths.forEach((p) => claim([p], p));
    }
    const token = readObject(source.serviceAccountToken, `${sourcePath}.serviceAccountToken`, errors);
    if (token) {
      const tokenPath = `${sourcePath}.serviceAccountToken`;
      readString(token.audience, `${tokenPath}.audience`, errors);
      const seconds = readInteger(token.expirationSeconds, `${tokenPath}.expirationSeconds`, errors);
      if (typeof seconds === "number" && seconds < 600)
        errors.push(
          invalid(
            `${tokenPath}.expirationSeconds`,
            seconds,
            "may not specify a duration less than 10 minutes",
          ),
        );
      if (typeof seconds === "number" && seconds > 2 ** 32)
        errors.push(
          invalid(
            `${tokenPath}.expirationSeconds`,
            seconds,
            "may not specify a duration larger than 2^32 seconds",
          ),
        );
      const tokenFile = readString(token.path, `${path}.path`, errors);
      if (tokenFile === undefined || tokenFile === "")
        errors.push({ type: "Required", path: `${path}.path` });
      else if (tokenFile !== null) errors.push(...validateItemPath(tokenFile, `${path}.path`));
    }
  }
}
