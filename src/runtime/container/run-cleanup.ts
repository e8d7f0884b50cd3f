import { ROLE_LABEL, RUN_LABEL, RUN_PID_LABEL } from "./container-config.js";
import { EngineError } from "./container-errors.js";
import type { EngineClient } from "./engine-client.js";
import { listLabelled, removeContainer } from "./pod-sandbox.js";

export interface CleanupReport {
  /** Runs found dead (their podvisor process is gone) and cleaned up. */
  runs: string[];
  /** Engine names of the containers removed (infra containers included). */
  containers: string[];
  networks: string[];
}

/**
 * Removes what podvisor runs that died (SIGKILL, power loss) left in the engine: every container
 * and network labelled with a run whose podvisor process no longer exists. Runs still alive —
 * this one, or another podvisor on the machine — are left alone. The caller says what was removed.
 */
export async function cleanupDeadRuns(
  client: EngineClient,
  isAlive: (pid: number) => boolean,
  currentRunId?: string,
): Promise<CleanupReport> {
  const report: CleanupReport = { runs: [], containers: [], networks: [] };
  const isDead = (labels: Record<string, string>): boolean => {
    const run = labels[RUN_LABEL];
    const pid = Number(labels[RUN_PID_LABEL]);
    if (run === undefined || run === currentRunId) return false;
    return !(Number.isInteger(pid) && pid > 0 && isAlive(pid));
  };
  // Both lists at once; the networks go after the containers that use them.
  const [labelled, networks] = await Promise.all([
    listLabelled(client, RUN_LABEL),
    client.json<{ Name: string; Labels?: Record<string, string> | null }[]>({
      method: "GET",
      path: "/networks",
      query: { filters: JSON.stringify({ label: [RUN_LABEL] }) },
    }),
  ]);
  // Infra containers last: an engine refuses to remove one that others still join.
  const infraLast = [...labelled].sort(
    (a, b) => Number(a.Labels[ROLE_LABEL] === "infra") - Number(b.Labels[ROLE_LABEL] === "infra"),
  );
  for (const container of infraLast) {
    if (!isDead(container.Labels)) continue;
    await removeContainer(client, container.Id);
    report.containers.push((container.Names?.[0] ?? container.Id).replace(/^\//, ""));
    const run = container.Labels[RUN_LABEL] ?? "";
    if (!report.runs.includes(run)) report.runs.push(run);
  }
  for (const network of networks) {
    if (!isDead({ [RUN_PID_LABEL]: "", ...network.Labels })) continue;
    if (!(await removeRunNetwork(client, network.Name))) continue;
    report.networks.push(network.Name);
    const run = network.Labels?.[RUN_LABEL] ?? "";
    if (!report.runs.includes(run)) report.runs.push(run);
  }
  return report;
}

/**
 * Removes a network; one already gone (404) or still in use stays as it is (Docker answers 409;
 * Podman 500 "network is being used").
 */
export async function removeRunNetwork(client: EngineClient, network: string): Promise<boolean> {
  try {
    await client.call({ method: "DELETE", path: `/networks/${encodeURIComponent(network)}` });
    return true;
  } catch (error) {
    if (error instanceof EngineError && [404, 409].includes(error.statusCode)) return false;
    if (error instanceof EngineError && /being used|in use|active endpoints/.test(error.engineMessage))
      return false;
    throw error;
  }
}

/** Whether a process with this pid exists on this machine (signal 0 probes without signalling). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}
