import { join } from "node:path";
import type { Clock } from "../../shared/index.js";
import type { PodSandbox, PodSandboxSpec } from "../port.js";
import { materializeVolumes, removePodDir } from "../process/sandbox-volumes.js";
import type { PodOfContainer } from "./create-pod-container.js";
import type { EngineClient } from "./engine-client.js";
import { removeContainer, startInfra, type InfraOptions } from "./pod-sandbox.js";
import { setUpPodVolumes, tearDownPodVolumes } from "./pod-volumes.js";
import { PreparedContainers } from "./prepared-containers.js";

/** What the backend keeps of one pod sandbox until it is removed. */
export interface SandboxState extends PodOfContainer {
  sandbox: PodSandbox;
  /** The pod's memory emptyDirs, unmounted before its directory goes. */
  tmpfsDirs: string[];
  containerIds: Set<string>;
  /** Its containers created ahead of their turn, not yet started. */
  prepared: PreparedContainers;
}

export interface SetUpSandboxOptions {
  client: EngineClient;
  clock: Clock;
  /** podvisor's state directory; pod volumes live under `<stateDir>/pods/<uid>/volumes/<name>`. */
  stateDir: string;
  infra: InfraOptions;
  /** The infra container's engine name. */
  infraName: string;
}

/**
 * A pod's volumes made on the host (with their tmpfs and ownership), then its infra container
 * started on the run's network; the tmpfs mounts are undone if the infra cannot start.
 */
export async function setUpSandbox(
  options: SetUpSandboxOptions,
  spec: PodSandboxSpec,
): Promise<SandboxState> {
  const podDir = join(options.stateDir, "pods", spec.uid);
  const volumeDirs = await materializeVolumes(podDir, spec.volumes, options.clock.now());
  const tmpfsDirs = await setUpPodVolumes(spec, volumeDirs);
  const infra = await startInfra(options.client, options.infra, spec, options.infraName).catch(
    async (error: unknown) => {
      await tearDownPodVolumes(tmpfsDirs);
      throw error;
    },
  );
  return {
    sandbox: { id: infra.infraId, ip: infra.ip, volumeDirs },
    spec,
    infraId: infra.infraId,
    podDir,
    volumeDirs,
    tmpfsDirs,
    sharesProcessNamespace: spec.shareProcessNamespace === true,
    containerIds: new Set(),
    prepared: new PreparedContainers(),
  };
}

/**
 * After the pod's started containers are gone: the ones prepared and never started (they join the
 * infra container's namespaces, so they go first), its infra container, its tmpfs mounts, then
 * its directory.
 */
export async function tearDownSandbox(client: EngineClient, state: SandboxState): Promise<void> {
  await state.prepared.discardAll();
  await removeContainer(client, state.infraId);
  await tearDownPodVolumes(state.tmpfsDirs);
  await removePodDir(state.podDir);
}
