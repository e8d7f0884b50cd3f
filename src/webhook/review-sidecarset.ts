/**
 * SidecarSet admission, as Kruise's SidecarSet webhooks (pkg/webhook/sidecarset/{mutating,
 * validating}): the mutating one applies Kruise's defaults (src/api/sidecarset) and stamps the
 * revision hashes `kruise.io/sidecarset-hash` and `-without-image` on the SidecarSet, answering
 * with a JSON patch; the validating one refuses an invalid SidecarSet with every problem, each
 * as `podvisor inject` prints it (`sidecarset/<name>: <field>: <Type>: <detail>`), and one whose
 * containers, volumes or patched annotations clash with another SidecarSet selecting the same
 * pods (sidecarset-overlap.ts). The
 * patchPodMetadata whitelist is the ConfigMap kruise-system/kruise-configuration from the cache.
 */
import { defaultedSidecarSet } from "../api/index.js";
import { kruiseAnnotations } from "../api/index.js";
import { validateSidecarSet } from "../api/index.js";
import { formatFieldError, type FieldError } from "../api/index.js";
import { isRecord, type Fields, type SidecarSet } from "../api/index.js";
import { createJsonPatch } from "../sidecarset/index.js";
import { validatePatchMetadataWhitelist } from "../sidecarset/index.js";
import { sidecarSetHash, sidecarSetHashWithoutImage } from "../sidecarset/index.js";
import { validateSidecarSetOverlap } from "./sidecarset-overlap.js";
import { allow, deny, type AdmissionRequest, type AdmissionResponse } from "./admission-review.js";

export type SidecarSetAdmissionOutcome = "defaulted" | "unchanged" | "valid" | "refused" | "skipped";

export interface SidecarSetReview {
  response: AdmissionResponse;
  outcome: SidecarSetAdmissionOutcome;
}

export function isSidecarSetRequest(request: AdmissionRequest): boolean {
  return (
    request.resource.group === "apps.kruise.io" &&
    request.resource.resource === "sidecarsets" &&
    !request.subResource &&
    (request.operation === "CREATE" || request.operation === "UPDATE")
  );
}

export function mutateSidecarSet(request: AdmissionRequest): SidecarSetReview {
  if (!isSidecarSetRequest(request) || !request.object)
    return { response: allow(request.uid), outcome: "skipped" };
  const object = request.object;
  const defaulted = defaultedSidecarSet(object);
  if (isRecord(defaulted.spec)) {
    const meta = defaulted.metadata as Fields;
    meta.annotations = {
      ...(isRecord(meta.annotations) ? meta.annotations : {}),
      [kruiseAnnotations.sidecarSetHash]: sidecarSetHash(defaulted.spec),
      [kruiseAnnotations.sidecarSetHashWithoutImage]: sidecarSetHashWithoutImage(defaulted.spec),
    };
  }
  const patch = createJsonPatch(object, defaulted);
  return { response: allow(request.uid, patch), outcome: patch.length > 0 ? "defaulted" : "unchanged" };
}

export function validateSidecarSetRequest(
  request: AdmissionRequest,
  whitelistText: string | undefined,
  /** The cluster's SidecarSets (the cache), for the conflict check across SidecarSets. */
  clusterSidecarSets: readonly SidecarSet[] = [],
): SidecarSetReview {
  if (!isSidecarSetRequest(request) || !request.object)
    return { response: allow(request.uid), outcome: "skipped" };
  // Validation expects defaults; they are already there unless the mutating webhook was skipped.
  const object = defaultedSidecarSet(request.object);
  const errors = [
    ...validateSidecarSet(object),
    ...validatePatchMetadataWhitelist(object, whitelistText),
    ...(request.operation === "UPDATE" && request.oldObject
      ? validateUpgradeTypeUnchanged(object, request.oldObject)
      : []),
  ];
  // Kruise looks at the other SidecarSets only once the SidecarSet is valid in itself.
  if (errors.length === 0)
    errors.push(...validateSidecarSetOverlap(object as unknown as SidecarSet, clusterSidecarSets));
  if (errors.length === 0) return { response: allow(request.uid), outcome: "valid" };
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const name = typeof meta.name === "string" ? meta.name : (request.name ?? "");
  const message = errors.map((e) => `sidecarset/${name}: ${formatFieldError(e)}`).join("\n");
  return { response: deny(request.uid, message), outcome: "refused" };
}

/**
 * On update, a container's `upgradeStrategy.upgradeType` cannot change (Kruise
 * `validateSidecarContainerConflict`: "container X upgradeType is immutable").
 */
function validateUpgradeTypeUnchanged(object: Fields, oldObject: Fields): FieldError[] {
  const upgradeTypes = (sidecarSet: Fields) => {
    const spec = isRecord(sidecarSet.spec) ? sidecarSet.spec : {};
    const containers = Array.isArray(spec.containers) ? spec.containers.filter(isRecord) : [];
    return containers.map((c) => ({
      name: typeof c.name === "string" ? c.name : "",
      upgradeType:
        isRecord(c.upgradeStrategy) && typeof c.upgradeStrategy.upgradeType === "string"
          ? c.upgradeStrategy.upgradeType
          : "",
    }));
  };
  const before = new Map(upgradeTypes(oldObject).map((c) => [c.name, c.upgradeType]));
  return upgradeTypes(object).flatMap((c, i) => {
    const old = before.get(c.name);
    return old && old !== c.upgradeType
      ? [
          {
            type: "Invalid" as const,
            path: `spec.containers[${i}].upgradeStrategy.upgradeType`,
            value: c.upgradeType,
            detail: `container ${c.name} upgradeType is immutable (was ${old})`,
          },
        ]
      : [];
  });
}
