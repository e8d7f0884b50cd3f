/**
 * AdmissionReview `admission.k8s.io/v1` as the API server sends it to a webhook and expects it
 * back (k8s.io/api/admission/v1 types.go): decoded once here, answered with the request's `uid`,
 * `allowed`, an optional base64 JSONPatch, `warnings`, and a `status` when refused.
 */
import { encodeBase64Text } from "../api/index.js";
import { isRecord, type Fields } from "../api/index.js";
import type { JsonPatchOperation } from "../sidecarset/index.js";

export type AdmissionOperation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: GroupVersionResource;
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: AdmissionOperation;
  /** The object as the API server received it (after earlier mutating webhooks). */
  object?: Fields;
  oldObject?: Fields;
  dryRun?: boolean;
}

export interface AdmissionStatus {
  code: number;
  /** metav1.StatusReason: "Invalid", "BadRequest", "InternalError", ... */
  reason: string;
  message: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  patchType?: "JSONPatch";
  /** base64 of the JSON array of operations. */
  patch?: string;
  warnings?: string[];
  status?: AdmissionStatus;
}

export interface AdmissionReview {
  apiVersion: "admission.k8s.io/v1";
  kind: "AdmissionReview";
  response: AdmissionResponse;
}

export type DecodedReview = { request: AdmissionRequest } | { error: string };

/** The request of an AdmissionReview body, or why it is not one (answered 400). */
export function decodeAdmissionReview(body: unknown): DecodedReview {
  if (!isRecord(body)) return { error: "the body is not a JSON object" };
  if (body.apiVersion !== "admission.k8s.io/v1" || body.kind !== "AdmissionReview")
    return {
      error: `expected apiVersion admission.k8s.io/v1, kind AdmissionReview; got ${String(body.apiVersion)} ${String(body.kind)}`,
    };
  const request = body.request;
  if (!isRecord(request)) return { error: "request: Required value" };
  if (typeof request.uid !== "string" || request.uid === "") return { error: "request.uid: Required value" };
  if (!isRecord(request.kind) || !isRecord(request.resource))
    return { error: "request.kind and request.resource: Required value" };
  const operation = request.operation;
  if (operation !== "CREATE" && operation !== "UPDATE" && operation !== "DELETE" && operation !== "CONNECT")
    return { error: `request.operation: Unsupported value: ${JSON.stringify(operation)}` };
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return {
    request: {
      uid: request.uid,
      kind: {
        group: text(request.kind.group),
        version: text(request.kind.version),
        kind: text(request.kind.kind),
      },
      resource: {
        group: text(request.resource.group),
        version: text(request.resource.version),
        resource: text(request.resource.resource),
      },
      ...(text(request.subResource) ? { subResource: text(request.subResource) } : {}),
      ...(text(request.name) ? { name: text(request.name) } : {}),
      ...(text(request.namespace) ? { namespace: text(request.namespace) } : {}),
      operation,
      ...(isRecord(request.object) ? { object: request.object } : {}),
      ...(isRecord(request.oldObject) ? { oldObject: request.oldObject } : {}),
      ...(request.dryRun === true ? { dryRun: true } : {}),
    },
  };
}

export function allow(
  uid: string,
  patch: readonly JsonPatchOperation[] = [],
  warnings: readonly string[] = [],
): AdmissionResponse {
  return {
    uid,
    allowed: true,
    ...(patch.length > 0
      ? { patchType: "JSONPatch" as const, patch: encodeBase64Text(asciiJson(JSON.stringify(patch))) }
      : {}),
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
  };
}

/**
 * JSON text with every non-ASCII character as a `\uXXXX` escape (the same JSON to any decoder):
 * ASCII base64-encodes as it is, while the UTF-8 route made several times the patch's size in
 * garbage per admission (podvisor.dev/injection carries "→"; issue 12).
 */
function asciiJson(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A refusal the API server shows as `admission webhook "<name>" denied the request: <message>`. */
export function deny(uid: string, message: string, code = 422, reason = "Invalid"): AdmissionResponse {
  return { uid, allowed: false, status: { code, reason, message } };
}

export function reviewResponse(response: AdmissionResponse): AdmissionReview {
  return { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response };
}
