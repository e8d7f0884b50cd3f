import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Clock } from "../../shared/index.js";
import type { LogSink, PodSandboxSpec } from "../port.js";
import { insideOf } from "../process/sandbox-volumes.js";
import { containerCreateBody, type ContainerCreateSpec } from "./container-config.js";
import type { EngineClient } from "./engine-client.js";
import type { EngineContainer } from "./engine-container.js";
import type { ImageInfo } from "./engine-images.js";
import { startEngineContainer } from "./start-engine-container.js";
import { createTerminationLog } from "./termination-log.js";

/** The pod a container is created in: what its infra container and host directories are. */
export interface PodOfContainer {
  spec: PodSandboxSpec;
  infraId: string;
  podDir: string;
  sharesProcessNamespace: boolean;
  volumeDirs: Readonly<Record<string, string>>;
}

export interface CreatePodContainerOptions {
  client: EngineClient;
  clock: Clock;
  engine: "podman" | "docker";
  run: { id: string; pid: number };
  instanceName: string;
  onGone: (id: string) => void;
}

/**
 * One container instance of a pod: its termination-message file and `subPath` directories made
 * on the host, its create body joined to the infra container's namespaces, then created, attached
 * and started (start-engine-container.ts).
 */
export async function createPodContainer(
  options: CreatePodContainerOptions,
  pod: PodOfContainer,
  spec: ContainerCreateSpec,
  image: ImageInfo,
  onLog: LogSink,
): Promise<EngineContainer> {
  const { client, clock, engine, run, instanceName } = options;
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
  for (const mount of spec.mounts) {
    const dir = pod.volumeDirs[mount.volume];
    if (dir !== undefined && mount.subPath)
      await mkdir(insideOf(dir, mount.subPath, `volumeMount "${mount.mountPath}" subPath`), {
        recursive: true,
      });
  }
  return startEngineContainer(client, clock, {
    name: spec.name,
    instanceName,
    body,
    stopSignal,
    onLog: termination?.sink ?? onLog,
    onGone: options.onGone,
    ...(termination ? { readMessage: termination.readMessage } : {}),
  });
}
