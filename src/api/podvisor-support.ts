/**
 * Valid Kubernetes that podvisor cannot run faithfully, reported with the validation problems so
 * the user hears about it before anything starts.
 */
import type { FieldError } from "./field-error.js";
import { isRecord } from "./validation/shape.js";
import { volumeSourceKinds } from "./validation/volumes.js";

export const supportedVolumeKinds = ["emptyDir", "hostPath", "configMap", "secret", "downwardAPI"];

export function checkPodvisorSupport(spec: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRecord(spec) || !Array.isArray(spec.volumes)) return errors;
  spec.volumes.forEach((volume: unknown, i) => {
    if (!isRecord(volume)) return;
    for (const kind of volumeSourceKinds) {
      if (volume[kind] !== undefined && volume[kind] !== null && !supportedVolumeKinds.includes(kind)) {
        errors.push({
          type: "Forbidden",
          path: `${path}.volumes[${i}].${kind}`,
          detail: `not supported by podvisor (supported volume types: ${supportedVolumeKinds.join(", ")})`,
        });
      }
    }
  });
  return errors;
}
