/**
 * Valid Kubernetes volumes the runtime backend cannot provide, reported with the validation
 * problems so the user hears about it before anything starts. The backend says which volume
 * types it provides (runtime/ RuntimeCapabilities.volumeTypes); the caller passes them in.
 */
import { isRecord, volumeSourceKinds, type FieldError } from "../api/index.js";

export function checkSupportedVolumes(
  spec: unknown,
  path: string,
  volumeTypes: readonly string[],
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRecord(spec) || !Array.isArray(spec.volumes)) return errors;
  spec.volumes.forEach((volume: unknown, i) => {
    if (!isRecord(volume)) return;
    for (const kind of volumeSourceKinds) {
      if (volume[kind] !== undefined && volume[kind] !== null && !volumeTypes.includes(kind)) {
        errors.push({
          type: "Forbidden",
          path: `${path}.volumes[${i}].${kind}`,
          detail: `not supported by podvisor (supported volume types: ${volumeTypes.join(", ")})`,
        });
      }
    }
  });
  return errors;
}
