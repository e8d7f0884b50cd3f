import type { EngineClient } from "./engine-client.js";
import { EngineError, ImagePullError } from "./container-errors.js";
import type { RegistryAuth } from "../port.js";
import { decideImagePull, type PullPolicy } from "./image-pull-policy.js";

/** What the engine knows of an image, as far as a container's creation needs it. */
export interface ImageInfo {
  /** The engine's id, "sha256:…". */
  id: string;
  /** The status's `imageID`: a repo digest where the image came from a registry, else its id. */
  imageRef: string;
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  env: string[];
  /** As the image config says it: a name ("SIGQUIT") or Podman's number ("3"); absent if unset. */
  stopSignal?: string;
  /** USER: "" when unset (root). */
  user: string;
}

export interface EnsuredImage extends ImageInfo {
  /** True when this call pulled it (the kubelet's Pulled event differs: "already present"). */
  wasPulled: boolean;
  pullMs: number;
}

interface InspectedImage {
  Id: string;
  RepoDigests?: string[] | null;
  Config?: {
    Entrypoint?: string[] | string | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Env?: string[] | null;
    StopSignal?: string | number;
    User?: string;
  };
}

export async function inspectImage(client: EngineClient, image: string): Promise<ImageInfo | undefined> {
  try {
    const found = await client.json<InspectedImage>({
      method: "GET",
      path: `/images/${encodeURIComponent(image)}/json`,
    });
    const config = found.Config ?? {};
    const entrypoint = config.Entrypoint;
    return {
      id: found.Id.startsWith("sha256:") ? found.Id : `sha256:${found.Id}`,
      imageRef: found.RepoDigests?.[0] ?? (found.Id.startsWith("sha256:") ? found.Id : `sha256:${found.Id}`),
      entrypoint: typeof entrypoint === "string" ? [entrypoint] : (entrypoint ?? []),
      cmd: config.Cmd ?? [],
      workingDir: config.WorkingDir ?? "",
      env: config.Env ?? [],
      user: config.User ?? "",
      ...(config.StopSignal !== undefined && config.StopSignal !== ""
        ? { stopSignal: String(config.StopSignal) }
        : {}),
    };
  } catch (error) {
    if (error instanceof EngineError && error.statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * Makes the image present according to its pull policy (kubelet EnsureImageExists) for the
 * backend's own images (the infra image) and its tests; a pod's images go through the agent's
 * image step and `pullImage`. Failures are ErrImagePull / ErrImageNeverPull.
 */
export async function ensureImage(
  client: EngineClient,
  image: string,
  policy: PullPolicy,
  now: () => number,
  onProgress: (status: string) => void = () => undefined,
): Promise<EnsuredImage> {
  const present = await inspectImage(client, image);
  const decision = decideImagePull(image, policy, present !== undefined);
  if (decision.kind === "neverPull") throw new ImagePullError(decision.message, "ErrImageNeverPull");
  if (decision.kind === "usePresent" && present) return { ...present, wasPulled: false, pullMs: 0 };
  const startedMs = now();
  await pullImage(client, image, undefined, onProgress);
  const pulled = await inspectImage(client, image);
  if (!pulled)
    throw new ImagePullError(`image "${image}" was pulled but the engine cannot find it`, "ErrImagePull");
  return { ...pulled, wasPulled: true, pullMs: now() - startedMs };
}

/**
 * POST /images/create with the registry login, if any, in the X-Registry-Auth header: base64url of
 * the Engine API's AuthConfig JSON. Its fields are the kubelet's AuthConfig as the keyring fills
 * it (username, password, email; no serveraddress — the engine pulls from the image's registry).
 * `onProgress` receives the engine's progress lines.
 */
export async function pullImage(
  client: EngineClient,
  image: string,
  auth: RegistryAuth | undefined,
  onProgress: (status: string) => void,
): Promise<void> {
  const fail = (detail: string, cause?: unknown) =>
    new ImagePullError(`failed to pull image "${image}": ${detail}`, "ErrImagePull", cause);
  try {
    const res = await client.stream({
      method: "POST",
      path: "/images/create",
      query: { fromImage: image },
      headers: auth ? { "X-Registry-Auth": registryAuthHeader(auth) } : {},
    });
    // The answer is 200 even when the pull fails: the failure is an {"error": …} line in the stream.
    let pending = "";
    let failure: string | undefined;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) failure ??= readProgress(line, onProgress);
    }
    failure ??= readProgress(pending, onProgress);
    if (failure !== undefined) throw fail(failure);
  } catch (error) {
    if (error instanceof ImagePullError) throw error;
    throw fail(error instanceof EngineError ? error.engineMessage : String(error), error);
  }
}

/** Hands a progress line to `onProgress`; returns the error text if the line reports one. */
function readProgress(line: string, onProgress: (status: string) => void): string | undefined {
  if (line.trim() === "") return undefined;
  try {
    const event = JSON.parse(line) as { error?: string; status?: string; progress?: string; id?: string };
    if (event.error) return event.error;
    if (event.status) onProgress([event.id, event.status, event.progress].filter(Boolean).join(" "));
  } catch {
    onProgress(line);
  }
  return undefined;
}

/** The Engine API's AuthConfig for a login, as X-Registry-Auth carries it. */
export function registryAuthHeader(auth: RegistryAuth): string {
  const config = {
    username: auth.username,
    password: auth.password,
    ...(auth.email ? { email: auth.email } : {}),
  };
  return Buffer.from(JSON.stringify(config)).toString("base64url");
}
