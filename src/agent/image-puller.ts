/**
 * The kubelet's image step before a container is created (kuberuntime `EnsureImageExists`):
 * with the pull policy, ask the runtime whether the image is present, pull it if needed, and say
 * so in events (`Pulling`, `Pulled`, `Failed`, `ErrImageNeverPull`). A backend that pulls no
 * images (the process backend: `image` is only a label) skips the step, so it emits nothing.
 * A failed pull's outcome carries the runtime's own message, which the container's waiting state
 * shows (image_manager.go `evalCRIPullErr`); the engine then holds the image in back-off
 * (lifecycle/image-pull-backoff.ts). A pull sends the logins the kubelet's keyring finds for the
 * image in the pod's imagePullSecrets, one after another until one succeeds (kuberuntime_image.go
 * `PullImage`); with none it pulls anonymously.
 */
import type { Container, Secret } from "../api/index.js";
import {
  buildDockerKeyring,
  dockerConfigsOf,
  lookupDockerKeyring,
  normalizedRepository,
} from "../podspec/index.js";
import type { ContainerRuntime, RegistryAuth } from "../runtime/index.js";
import type { Clock } from "../shared/index.js";
import type { podEvents } from "./pod-events.js";

export type ImageOutcome =
  /** `imageRef`: the runtime's resolved reference (status `imageID`), when it gives one. */
  | { ok: true; imageRef?: string }
  /**
   * ErrImagePull moves the image's back-off (A18); any other reason (ErrImageNeverPull, a pull
   * secret the keyring cannot read) failed before a pull and is retried on the next sync.
   */
  | { ok: false; reason: string; message: string };

export async function ensureImage(
  runtime: ContainerRuntime,
  clock: Clock,
  container: Container,
  events: ReturnType<typeof podEvents>,
  pullSecrets: readonly Secret[] = [],
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
  // image_manager.go: the lookup's error is the sync's, with neither a pull nor its back-off.
  const read = dockerConfigsOf(pullSecrets);
  if ("error" in read) return { ok: false, reason: read.error, message: read.error };
  const logins = lookupDockerKeyring(buildDockerKeyring(read.configs), normalizedRepository(image));
  events.pulling(container, `Pulling image ${JSON.stringify(image)}`);
  const startedAtMs = clock.now();
  const pulled = await pullWithLogins(runtime, image, logins);
  if (!pulled.ok) {
    events.failed(container, `Failed to pull image ${JSON.stringify(image)}: ${pulled.message}`);
    return { ok: false, reason: "ErrImagePull", message: pulled.message };
  }
  const { imageRef } = pulled;
  const seconds = (clock.now() - startedAtMs) / 1000;
  events.pulled(container, `Successfully pulled image ${JSON.stringify(image)} in ${seconds}s`);
  return { ok: true, imageRef };
}

/**
 * kuberuntime_image.go `PullImage`: anonymous without logins, else each login in turn until a
 * pull succeeds; the failures joined as apimachinery's `NewAggregate` prints them (one as it is,
 * several as "[a, b]", repeats once).
 */
async function pullWithLogins(
  runtime: ContainerRuntime,
  image: string,
  logins: readonly RegistryAuth[],
): Promise<{ ok: true; imageRef: string } | { ok: false; message: string }> {
  const failures: string[] = [];
  for (const auth of logins.length > 0 ? logins : [undefined]) {
    try {
      return { ok: true, ...(await runtime.pullImage(image, auth)) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!failures.includes(message)) failures.push(message);
    }
  }
  return { ok: false, message: failures.length === 1 ? (failures[0] ?? "") : `[${failures.join(", ")}]` };
}
