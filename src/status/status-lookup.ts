/**
 * A container's status by name, looked up in constant time. Status code asks once per container
 * on every sync; scanning the list each time made a sync quadratic and a 2000-container pod's
 * start cubic. The first status of a name wins, as `Array.find` did.
 */
import type { ContainerStatus } from "../api/index.js";

export function statusLookup(
  statuses: readonly ContainerStatus[],
): (name: string) => ContainerStatus | undefined {
  const byName = new Map<string, ContainerStatus>();
  for (const status of statuses) if (!byName.has(status.name)) byName.set(status.name, status);
  return (name) => byName.get(name);
}
