import type { EngineClient } from "./engine-client.js";
import { EngineError } from "./container-errors.js";
import { podLabels, ROLE_LABEL, type PodIdentity } from "./container-config.js";

/**
 * The pod sandbox as dockershim built it: an infra container running the pause image owns the
 * pod's network namespace (its own address on the run's network), IPC namespace and UTS namespace
 * (hostname = pod name); the pod's containers join them. The infra process does nothing else.
 */

export interface InfraOptions {
  runId: string;
  runPid: number;
  /** The engine network every pod of this run joins (created by `ensureNetwork`). */
  network: string;
  pauseImage: string;
}

export interface StartedInfra {
  infraId: string;
  /** The pod's IP on `network` (status.podIP). */
  ip: string;
}

/** Creates the run's network unless it exists; returns whether this call created it. */
export async function ensureNetwork(
  client: EngineClient,
  network: string,
  labels: Record<string, string>,
): Promise<boolean> {
  try {
    await client.json({ method: "GET", path: `/networks/${encodeURIComponent(network)}` });
    return false;
  } catch (error) {
    if (!(error instanceof EngineError && error.statusCode === 404)) throw error;
  }
  await client.json({
    method: "POST",
    path: "/networks/create",
    body: { Name: network, Driver: "bridge", CheckDuplicate: true, Labels: labels },
  });
  return true;
}

export async function startInfra(
  client: EngineClient,
  options: InfraOptions,
  pod: PodIdentity & { sysctls?: Record<string, string> },
  containerName: string,
): Promise<StartedInfra> {
  const created = await client.json<{ Id: string }>({
    method: "POST",
    path: "/containers/create",
    query: { name: containerName },
    body: {
      Image: options.pauseImage,
      Hostname: pod.name,
      Labels: {
        ...podLabels(options.runId, options.runPid, pod),
        [ROLE_LABEL]: "infra",
        "io.kubernetes.docker.type": "podsandbox",
      },
      // Sysctls belong to the namespaces the infra container owns, as dockershim set them there.
      HostConfig: {
        NetworkMode: options.network,
        IpcMode: "shareable",
        ...(pod.sysctls !== undefined ? { Sysctls: pod.sysctls } : {}),
      },
    },
  });
  try {
    await client.call({ method: "POST", path: `/containers/${created.Id}/start` });
    const inspected = await client.json<{
      NetworkSettings?: { Networks?: Record<string, { IPAddress?: string }> };
    }>({ method: "GET", path: `/containers/${created.Id}/json` });
    const ip = inspected.NetworkSettings?.Networks?.[options.network]?.IPAddress ?? "";
    if (ip === "") throw new Error(`the infra container got no address on network "${options.network}"`);
    return { infraId: created.Id, ip };
  } catch (error) {
    await removeContainer(client, created.Id);
    throw error;
  }
}

/** Force-removes a container (killing it if it runs); a container already gone is fine. */
export async function removeContainer(client: EngineClient, id: string): Promise<void> {
  try {
    await client.call({ method: "DELETE", path: `/containers/${id}`, query: { force: true, v: true } });
  } catch (error) {
    if (error instanceof EngineError && (error.statusCode === 404 || error.statusCode === 409)) return;
    throw error;
  }
}

/** Containers (any state) carrying `label=value`; for a run's cleanup. */
export async function listLabelled(
  client: EngineClient,
  label: string,
  value?: string,
): Promise<{ Id: string; Labels: Record<string, string>; Names?: string[] }[]> {
  return client.json({
    method: "GET",
    path: "/containers/json",
    query: {
      all: true,
      filters: JSON.stringify({ label: [value === undefined ? label : `${label}=${value}`] }),
    },
  });
}
