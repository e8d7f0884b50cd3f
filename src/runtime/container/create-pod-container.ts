import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Clock } from "../../shared/index.js";
import type { LogSink, PodSandboxSpec } from "../port.js";
import { insideOf } from "../process/sandbox-volumes.js";
import { containerCreateBody, type ContainerCreateSpec } from "./container-config.js";
import type { EngineClient } from "./engine-client.js";
import type { EngineContainer } from "./engine-container.js";
import type { ImageInfo } from "./engine-images.js";
import { isSameCreateBody } from "./is-same-create-body.js";
import type { PreparedEngineContainer } from "./prepared-engine-container.js";
import {
  prepareEngineContainer,
  startEngineContainer,
  startPreparedContainer,
} from "./start-engine-container.js";
import { createTerminationLog } from "./termination-log.js";

/** The pod a container is created in: what its infra container and host directories are. */
export interface PodOfContainer {
  spec: PodSandboxSpec;
  infraId: string;
  podDir: string;
  sharesProcessNamespace: boolean;
  volumeDirs: Readonly<Record<string, string>>;
}

export interface PreparePodContainerOptions {
  client: EngineClient;
  clock: Clock;
  engine: "podman" | "docker";
  run: { id: string; pid: number };
  instanceName: string;
}

export interface CreatePodContainerOptions extends PreparePodContainerOptions {
  onGone: (id: string) => void;
  /**
   * The container made ahead of its turn under `instanceName` (prepared-containers.ts): started
   * if the body computed now is the one it was created with, else removed and created afresh.
   */
  prepared?: PreparedEngineContainer;
}

/**
 * One container instance of a pod: its termination-message file and `subPath` directories made
 * on the host, its create body joined to the infra container's namespaces, then created, attached
 * and started (start-engine-container.ts) — or the prepared one started, when its body is the same.
 */
export async function createPodContainer(
  options: CreatePodContainerOptions,
  pod: PodOfContainer,
  spec: ContainerCreateSpec,
  image: ImageInfo,
  onLog: LogSink,
): Promise<EngineContainer> {
  const { client, clock, instanceName, prepared } = options;
  const { body, stopSignal, termination } = await podContainerBody(options, pod, spec, image, onLog);
  for (const mount of spec.mounts) {
    const dir = pod.volumeDirs[mount.volume];
    if (dir !== undefined && mount.subPath)
      await mkdir(insideOf(dir, mount.subPath, `volumeMount "${mount.mountPath}" subPath`), {
        recursive: true,
      });
  }
  const launch = {
    stopSignal,
    onLog: termination?.sink ?? onLog,
    onGone: options.onGone,
    ...(termination ? { readMessage: termination.readMessage } : {}),
  };
  if (prepared?.isIntact && isSameCreateBody(prepared.body, body))
    return startPreparedContainer(client, clock, prepared, launch);
  // A removal that fails leaves the name taken: the create below then says so, as any would.
  await prepared?.discard().catch(() => undefined);
  return startEngineContainer(client, clock, { ...launch, instanceName, body });
}

/**
 * A pod's container created, attached and its exit waited for, ahead of its turn; not started.
 * Its termination-log file is made as at the turn (the turn makes it empty again); `subPath`
 * directories are not: containers with them are not prepared (docs/container-backend.md).
 */
export async function preparePodContainer(
  options: PreparePodContainerOptions,
  pod: PodOfContainer,
  spec: ContainerCreateSpec,
  image: ImageInfo,
): Promise<PreparedEngineContainer> {
  const { body } = await podContainerBody(options, pod, spec, image, () => undefined);
  return prepareEngineContainer(options.client, options.clock, {
    instanceName: options.instanceName,
    body,
  });
}

async function podContainerBody(
  options: PreparePodContainerOptions,
  pod: PodOfContainer,
  spec: ContainerCreateSpec,
  image: ImageInfo,
  onLog: LogSink,
) {
  const { engine, run, instanceName } = options;
  const termination = spec.terminationMessagePath
    ? await createTerminationLog(join(pod.podDir, "containers", instanceName), spec, onLog)
    : undefined;
  const { body, stopSignal } = containerCreateBody({
    spec,
    image,
    pod: pod.spec,
    run,
    namespaces: {
      infraId: pod.infraId,
      sharesProcessNamespace: pod.sharesProcessNamespace,
      canJoinUts: engine === "podman",
    },
    volumeDirs: pod.volumeDirs,
    ...(termination ? { terminationLogFile: termination.file } : {}),
  });
  return { body, stopSignal, termination };
}
