/**
 * A failed request to the Kubernetes API, with the HTTP status and the `Status` object's reason
 * (apimachinery `StatusError`), so callers decide as client-go does: `isExpired` (410 Gone /
 * Expired: relist), `isTooLargeResourceVersion`, `isTooManyRequests` (back off).
 */
import { PodvisorError } from "../shared/index.js";

export class KubeApiError extends PodvisorError {
  readonly code = "KUBE_API_ERROR";
  constructor(
    message: string,
    /** HTTP status code; 0 when the request never got an answer (connection refused, reset). */
    readonly statusCode: number,
    /** `Status.reason` ("Expired", "NotFound", ...), when the API server sent one. */
    readonly statusReason: string | undefined,
    readonly causeTypes: readonly string[] = [],
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }

  /** From a `Status` object, as the API server returns it in a body or a watch ERROR event. */
  static fromStatus(status: unknown, fallbackCode: number, what: string): KubeApiError {
    const fields = typeof status === "object" && status !== null ? (status as Record<string, unknown>) : {};
    const code = typeof fields.code === "number" ? fields.code : fallbackCode;
    const reason = typeof fields.reason === "string" ? fields.reason : undefined;
    const message = typeof fields.message === "string" ? fields.message : `HTTP ${code}`;
    const details = fields.details as { causes?: { reason?: unknown }[] } | undefined;
    const causes = (details?.causes ?? [])
      .map((c) => c.reason)
      .filter((r): r is string => typeof r === "string");
    return new KubeApiError(`${what}: ${message}`, code, reason, causes);
  }
}

/** `statusReason` of a request the client's deadline ended (apimachinery's StatusReasonTimeout). */
export const timeoutReason = "Timeout";

/** A request the client gave up on after its request timeout (status 0: no answer). */
export function isRequestTimeout(error: unknown): boolean {
  return error instanceof KubeApiError && error.statusCode === 0 && error.statusReason === timeoutReason;
}

/** client-go `isExpiredError`: 410 with reason Expired, or Gone (servers before 1.18). */
export function isExpired(error: unknown): boolean {
  return (
    error instanceof KubeApiError &&
    (error.statusReason === "Expired" || error.statusReason === "Gone" || error.statusCode === 410)
  );
}

/** client-go `isTooLargeResourceVersionError`: the cause type the API server sets (1.18.6+). */
export function isTooLargeResourceVersion(error: unknown): boolean {
  return error instanceof KubeApiError && error.causeTypes.includes("ResourceVersionTooLarge");
}

export function isTooManyRequests(error: unknown): boolean {
  return error instanceof KubeApiError && error.statusCode === 429;
}

/** client-go `isWatchErrorRetriable`: the server is unreachable or throttling; back off and retry. */
export function isRetriableWatchStartError(error: unknown): boolean {
  return error instanceof KubeApiError && (error.statusCode === 0 || error.statusCode === 429);
}
