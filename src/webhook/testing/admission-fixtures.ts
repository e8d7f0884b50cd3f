/**
 * AdmissionReview requests as the API server sends them, for the webhook's unit tests.
 */
import { decodeBase64 } from "../../api/index.js";
import type { Fields } from "../../api/index.js";
import { applyJsonPatch, type JsonPatchOperation } from "../../sidecarset/index.js";
import type { AdmissionRequest, AdmissionResponse } from "../admission-review.js";

let next = 0;

export function podCreate(pod: Fields, namespace = "default"): AdmissionRequest {
  return {
    uid: `uid-${++next}`,
    kind: { group: "", version: "v1", kind: "Pod" },
    resource: { group: "", version: "v1", resource: "pods" },
    namespace,
    operation: "CREATE",
    object: pod,
  };
}

export function sidecarSetRequest(
  object: Fields,
  operation: "CREATE" | "UPDATE" = "CREATE",
): AdmissionRequest {
  const version = typeof object.apiVersion === "string" ? (object.apiVersion.split("/")[1] ?? "") : "";
  return {
    uid: `uid-${++next}`,
    kind: { group: "apps.kruise.io", version, kind: "SidecarSet" },
    resource: { group: "apps.kruise.io", version, resource: "sidecarsets" },
    name:
      typeof (object.metadata as Fields | undefined)?.name === "string"
        ? ((object.metadata as Fields).name as string)
        : "",
    operation,
    object,
  };
}

export function patchOf(response: AdmissionResponse): JsonPatchOperation[] {
  if (!response.patch) return [];
  const bytes = decodeBase64(response.patch);
  if (!bytes) throw new Error("patch is not base64");
  return JSON.parse(new TextDecoder().decode(bytes)) as JsonPatchOperation[];
}

/** The object the API server stores: the patch applied to what it sent. */
export function patched(request: AdmissionRequest, response: AdmissionResponse): Fields {
  return applyJsonPatch(request.object, patchOf(response)) as Fields;
}
