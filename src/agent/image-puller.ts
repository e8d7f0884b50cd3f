/**
 * The kubelet's image step before a container is created (kuberuntime `EnsureImageExists`):
 * with the pull policy, ask the runtime whether the image is present, pull it if needed, and say
 * so in events (`Pulling`, `Pulled`, `Failed`, `ErrImageNeverPull`). A backend that pulls no
 * images (the process backend: `image` is only a label) skips the step, so it emits nothing.
 * A failed pull's outcome carries the runtime's own message, which the container's waiting state
 * shows (image_manager.go `evalCRIPullErr`); the engine then holds the image in back-off
 * (lifecycle/image-pull-backoff.ts).
 */
import type { Container } from "../api/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import type { Clock } from "../shared/index.js";
import type { podEvents } from "./pod-events.js";

export type ImageOutcome =
  /** `imageRef`: the runtime's resolved reference (status `imageID`), when it gives one. */
  | { ok: true; imageRef?: string }
  | { ok: false; reason: "ErrImagePull" | "ErrImageNeverPull"; message: string };

export async function ensureImage(
  runtime: ContainerRuntime,
  clock: Clock,
  container: Container,
  events: ReturnType<typeof podEvents>,
): Promise<ImageOutcome> {
  if (!runtime.capabilities.pullsImages) return { ok: true };
  const image = container.image ?? "";
  const policy = container.imagePullPolicy ?? "IfNotPresent";
  const status = await runtime.imageStatus(image);
  if (status.present && policy !== "Always") {
    events.pulled(container, `Container image ${JSON.stringify(image)} already present on machine`);
    return status.imageRef !== undefined ? { ok: true, imageRef: status.imageRef } : { ok: true };
  }
  if (policy === "Never") {
    const message = `Container image ${JSON.stringify(image)} is not present with pull policy of Never`;
    events.imageNeverPull(container, message);
    return { ok: false, reason: "ErrImageNeverPull", message };
  }
  events.pulling(container, `Pulling image ${JSON.stringify(image)}`);
  const startedAtMs = clock.now();
  let imageRef: string;
  try {
    ({ imageRef } = await runtime.pullImage(image));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    events.failed(container, `Failed to pull image ${JSON.stringify(image)}: ${message}`);
    return { ok: false, reason: "ErrImagePull", message };
  }
  const seconds = (clock.now() - startedAtMs) / 1000;
  events.pulled(container, `Successfully pulled image ${JSON.stringify(image)} in ${seconds}s`);
  return { ok: true, imageRef };
}
