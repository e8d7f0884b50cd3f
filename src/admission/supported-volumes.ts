/**
 * Valid Kubernetes volumes the runtime backend cannot provide, reported with the validation
 * problems so the user hears about it before anything starts. The backend says which volume
 * types it provides (runtime/ RuntimeCapabilities.volumeTypes); the caller passes them in. A
 * projected volume is as good as its sources: secret, configMap and downwardAPI are files any
 * front-end writes; a serviceAccountToken needs an API server to request the token from, so only
 * `podvisor node` adds it (`nodeProjectionSources`); clusterTrustBundle and podCertificate are
 * not served.
 */
import {
  isRecord,
  volumeProjectionKinds,
  volumeSourceKinds,
  type FieldError,
  type VolumeProjectionKind,
} from "../api/index.js";

/** The projection sources every front-end serves (`podvisor run` has no API server for tokens). */
export const localProjectionSources: readonly VolumeProjectionKind[] = ["secret", "configMap", "downwardAPI"];
/** `podvisor node` also requests ServiceAccount tokens (TokenRequest). */
export const nodeProjectionSources: readonly VolumeProjectionKind[] = [
  ...localProjectionSources,
  "serviceAccountToken",
];

export function checkSupportedVolumes(
  spec: unknown,
  path: string,
  volumeTypes: readonly string[],
  projectionSources: readonly VolumeProjectionKind[] = localProjectionSources,
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRecord(spec) || !Array.isArray(spec.volumes)) return errors;
  const isSet = (value: unknown) => value !== undefined && value !== null;
  spec.volumes.forEach((volume: unknown, i) => {
    if (!isRecord(volume)) return;
    for (const kind of volumeSourceKinds) {
      if (isSet(volume[kind]) && !volumeTypes.includes(kind)) {
        errors.push({
          type: "Forbidden",
          path: `${path}.volumes[${i}].${kind}`,
          detail: `not supported by podvisor (supported volume types: ${volumeTypes.join(", ")})`,
        });
      }
    }
    const projected = volume.projected;
    if (!volumeTypes.includes("projected") || !isRecord(projected) || !Array.isArray(projected.sources))
      return;
    projected.sources.forEach((source: unknown, j) => {
      if (!isRecord(source)) return;
      for (const kind of volumeProjectionKinds)
        if (isSet(source[kind]) && !projectionSources.includes(kind))
          errors.push({
            type: "Forbidden",
            path: `${path}.volumes[${i}].projected.sources[${j}].${kind}`,
            detail:
              kind === "serviceAccountToken"
                ? "podvisor run has no API server to request a ServiceAccount token from (podvisor node serves it)"
                : `not supported by podvisor (supported projection sources: ${projectionSources.join(", ")})`,
          });
    });
  });
  return errors;
}
