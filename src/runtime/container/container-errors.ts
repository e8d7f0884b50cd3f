import { PodvisorError } from "../../shared/index.js";

/**
 * The container backend's faults. ImagePullError and EngineNotFoundError belong in
 * shared/errors.ts once the runtime port pulls images (issue 9); they live here until then.
 */

/** The engine answered with an error status, or could not be reached (statusCode 0). */
export class EngineError extends PodvisorError {
  readonly code = "ENGINE_REQUEST_FAILED";

  constructor(
    readonly method: string,
    readonly path: string,
    readonly statusCode: number,
    readonly engineMessage: string,
    cause?: unknown,
  ) {
    super(
      statusCode === 0 ? engineMessage : `engine: ${method} ${path}: ${statusCode} ${engineMessage}`,
      cause === undefined ? undefined : { cause },
    );
  }
}

/** No container engine answered on any socket tried; the message names each and the fix. */
export class EngineNotFoundError extends PodvisorError {
  readonly code = "ENGINE_NOT_FOUND";
}

/** The image could not be had; `reason` is the kubelet's: ErrImagePull or ErrImageNeverPull. */
export class ImagePullError extends PodvisorError {
  readonly code = "IMAGE_PULL_FAILED";

  constructor(
    message: string,
    reason: "ErrImagePull" | "ErrImageNeverPull" | "InvalidImageName",
    cause?: unknown,
  ) {
    super(message, { reason, cause });
  }
}
