/**
 * The CRD conversion webhook for SidecarSets (ConversionReview apiextensions.k8s.io/v1), with
 * Kruise's rules (apis/apps/v1alpha1/sidecarset_conversion.go). v1beta1 is the hub and storage
 * version:
 * - v1alpha1 → v1beta1: `spec.namespace: X` becomes `spec.namespaceSelector.matchLabels
 *   {kubernetes.io/metadata.name: X}` (it wins over a namespaceSelector); the label
 *   `apps.kruise.io/sidecarset-custom-version` becomes `spec.customVersion` and is removed;
 * - v1beta1 → v1alpha1: `namespaceSelector` stays; `spec.customVersion` becomes that label.
 * Everything else is carried over as it is, fields podvisor does not know included.
 */
import { isRecord, type Fields } from "../api/index.js";
import { namespaceNameLabel } from "../sidecarset/index.js";

export const customVersionLabel = "apps.kruise.io/sidecarset-custom-version";
const group = "apps.kruise.io";

export interface ConversionReviewResponse {
  apiVersion: "apiextensions.k8s.io/v1";
  kind: "ConversionReview";
  response: {
    uid: string;
    convertedObjects: Fields[];
    result: { status: "Success" } | { status: "Failure"; message: string };
  };
}

export function reviewConversion(body: unknown): ConversionReviewResponse | { error: string } {
  if (!isRecord(body) || body.kind !== "ConversionReview" || !isRecord(body.request))
    return { error: "expected a ConversionReview with a request" };
  const { uid, desiredAPIVersion, objects } = body.request;
  if (typeof uid !== "string" || typeof desiredAPIVersion !== "string" || !Array.isArray(objects))
    return { error: "request.uid, request.desiredAPIVersion and request.objects: Required value" };
  const answer = (
    result: ConversionReviewResponse["response"]["result"],
    convertedObjects: Fields[] = [],
  ) => ({
    apiVersion: "apiextensions.k8s.io/v1" as const,
    kind: "ConversionReview" as const,
    response: { uid, convertedObjects, result },
  });
  const converted: Fields[] = [];
  for (const object of objects) {
    const result = isRecord(object) ? convertSidecarSet(object, desiredAPIVersion) : "not an object";
    if (typeof result === "string") return answer({ status: "Failure", message: result });
    converted.push(result);
  }
  return answer({ status: "Success" }, converted);
}

/** The object at `desiredAPIVersion`, or why it cannot be converted. */
export function convertSidecarSet(object: Fields, desiredAPIVersion: string): Fields | string {
  const from = object.apiVersion;
  const versions = [`${group}/v1alpha1`, `${group}/v1beta1`];
  if (typeof from !== "string" || !versions.includes(from) || !versions.includes(desiredAPIVersion))
    return `cannot convert ${String(from)} to ${desiredAPIVersion}: only ${versions.join(" and ")} SidecarSets`;
  const copy = structuredClone(object);
  copy.apiVersion = desiredAPIVersion;
  if (from === desiredAPIVersion) return copy;
  const meta: Fields = isRecord(copy.metadata) ? copy.metadata : (copy.metadata = {});
  const spec: Fields = isRecord(copy.spec) ? copy.spec : (copy.spec = {});
  const labels = isRecord(meta.labels) ? meta.labels : undefined;
  if (desiredAPIVersion.endsWith("/v1beta1")) {
    if (typeof spec.namespace === "string" && spec.namespace !== "")
      spec.namespaceSelector = { matchLabels: { [namespaceNameLabel]: spec.namespace } };
    delete spec.namespace;
    if (labels && typeof labels[customVersionLabel] === "string") {
      spec.customVersion = labels[customVersionLabel];
      delete labels[customVersionLabel];
    }
  } else {
    if (typeof spec.customVersion === "string" && spec.customVersion !== "")
      meta.labels = { ...(labels ?? {}), [customVersionLabel]: spec.customVersion };
    delete spec.customVersion;
  }
  return copy;
}
