import type { Clock } from "../../shared/index.js";
import type { ImageStatus, RegistryAuth } from "../port.js";
import { ImagePullError } from "./container-errors.js";
import type { EngineClient } from "./engine-client.js";
import { ensureImage, inspectImage, pullImage, type EnsuredImage, type ImageInfo } from "./engine-images.js";
import type { PullPolicy } from "./image-pull-policy.js";

/**
 * The container backend's image calls (CRI ImageStatus, PullImage, and EnsureImageExists for its
 * own infra image), keeping what the latest inspect of each image found: the agent's image step
 * inspects an image just before it creates a container from it, and a second inspect per
 * container would only repeat it.
 */
export class EngineImageStore {
  private readonly inspected = new Map<string, ImageInfo>();

  constructor(
    private readonly client: EngineClient,
    private readonly clock: Clock,
  ) {}

  /** CRI ImageStatus: whether the engine has `image`, with its repo digest. */
  async imageStatus(image: string): Promise<ImageStatus> {
    const found = await this.inspect(image);
    return found ? { present: true, imageRef: found.imageRef } : { present: false };
  }

  /** CRI PullImage: the agent decided to pull (policy, logins and events are its part). */
  async pullImage(image: string, auth?: RegistryAuth): Promise<{ imageRef: string }> {
    await pullImage(this.client, image, auth, () => undefined);
    const pulled = await this.inspect(image);
    if (!pulled)
      throw new ImagePullError(`image "${image}" was pulled but the engine cannot find it`, "ErrImagePull");
    return { imageRef: pulled.imageRef };
  }

  /** Makes the image present per its pull policy; ImagePullError (ErrImagePull / ErrImageNeverPull) if not. */
  ensureImage(
    image: string,
    policy: PullPolicy,
    onProgress?: (status: string) => void,
  ): Promise<EnsuredImage> {
    return ensureImage(this.client, image, policy, () => this.clock.now(), onProgress);
  }

  /** What a container's create needs of its image: the last inspect's answer, else ensured now. */
  async forCreate(image: string, policy: PullPolicy): Promise<ImageInfo> {
    return this.inspected.get(image) ?? (await this.ensureImage(image, policy));
  }

  /** The image if the engine has it (the last inspect's answer, else an inspect now); never pulls. */
  async ifPresent(image: string): Promise<ImageInfo | undefined> {
    return this.inspected.get(image) ?? (await this.inspect(image));
  }

  private async inspect(image: string): Promise<ImageInfo | undefined> {
    const found = await inspectImage(this.client, image);
    if (found) this.inspected.set(image, found);
    else this.inspected.delete(image);
    return found;
  }
}
