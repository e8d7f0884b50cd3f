/**
 * Every fault podvisor reports has a class, a stable `code`, and a `cause` when it wraps another
 * error. Where a user sees it as container state, it carries the Kubernetes reason string.
 * Expected outcomes (validation problems, container exits) are values, not exceptions.
 */
export abstract class PodvisorError extends Error {
  abstract readonly code: string;
  /** The Kubernetes reason shown to users (e.g. "CreateContainerError"), where one applies. */
  readonly reason: string | undefined;

  constructor(message: string, options?: { cause?: unknown; reason?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.reason = options?.reason;
  }
}

/** Input the user gave cannot be used (maps to exit code 2). */
export class InvalidInputError extends PodvisorError {
  readonly code = "INVALID_INPUT";
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A container could not be created or started; `reason` is the kubelet's waiting reason. */
export class ContainerStartError extends PodvisorError {
  readonly code = "CONTAINER_START_FAILED";
  constructor(
    message: string,
    reason: "CreateContainerError" | "CreateContainerConfigError" | "RunContainerError" | "StartError",
    cause?: unknown,
    /**
     * Set when the container was created and its start call failed, so the runtime keeps it as an
     * exited instance, as containerd does (docs/rules/lifecycle.md A17: exit code 128, StartError).
     */
    readonly leftExited?: { containerId?: string },
  ) {
    super(message, { reason, cause });
  }
}

/** An image could not be pulled; `reason` is the kubelet's waiting reason. */
export class ImagePullError extends PodvisorError {
  readonly code = "IMAGE_PULL_FAILED";
  constructor(message: string, cause?: unknown) {
    super(message, { reason: "ErrImagePull", cause });
  }
}

/** The host cannot provide what the pod needs (e.g. a mount namespace for volume mountPaths). */
export class PlatformError extends PodvisorError {
  readonly code = "PLATFORM_UNSUPPORTED";
}

/** Reading or writing podvisor's own state (state directory, status file) failed. */
export class StateError extends PodvisorError {
  readonly code = "STATE_ERROR";
}
