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

/**
 * Whether the engine refused a signal or stop because the container is not running (anymore):
 * Docker answers 409, Podman 4 answers 500 "can only kill running containers. … container state
 * improper", and a container already removed is 404. For a kill, each means the work is done.
 */
export function isNotRunningRefusal(error: unknown): boolean {
  if (!(error instanceof EngineError)) return false;
  if (error.statusCode === 404 || error.statusCode === 409) return true;
  return error.statusCode === 500 && /container state improper|is not running/.test(error.engineMessage);
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
