import { readFile } from "node:fs/promises";
import type { EngineClient } from "./engine-client.js";

/**
 * Whether the kernel's OOM killer ended a container, from its memory cgroup, for engines that do
 * not say so in `State.OOMKilled` (Podman 4.3 with conmon 2.1 on a cgroup v1 host never does).
 * The counter is `oom_kill` in `memory.oom_control` (cgroup v1) or `memory.events` (v2) of the
 * container's own cgroup, found through `/proc/<pid>/cgroup` of its first process, so only an
 * engine on this machine whose cgroups podvisor can read. The engine removes that cgroup as part
 * of the container's cleanup, which on this CI's Podman is done before the wait API answers; the
 * attached output stream ends when the container's process does, before it, so the counter is
 * read then. A read that loses that race finds nothing, and the exit is then plain `Error`.
 */
export interface OomKillWatch {
  /** Resolves when `outputEnded` does: true if the counter was above zero then. */
  readonly wasOomKilled: Promise<boolean>;
}

export function watchOomKills(
  client: EngineClient,
  containerId: string,
  outputEnded: Promise<void>,
  cgroupRoot = "/sys/fs/cgroup",
): OomKillWatch {
  const counterFile = locateCounter(client, containerId, cgroupRoot).catch(() => undefined);
  const wasOomKilled = outputEnded.then(async () => {
    const file = await counterFile;
    if (file === undefined) return false;
    return (await readOomKills(file)) > 0;
  });
  return { wasOomKilled: wasOomKilled.catch(() => false) };
}

async function locateCounter(
  client: EngineClient,
  containerId: string,
  cgroupRoot: string,
): Promise<string | undefined> {
  const inspected = await client.json<{ State?: { Pid?: number } }>({
    method: "GET",
    path: `/containers/${containerId}/json`,
  });
  const pid = inspected.State?.Pid;
  if (!pid) return undefined;
  return counterFileOf(await readFile(`/proc/${pid}/cgroup`, "utf8"), cgroupRoot);
}

/** The OOM-kill counter's file for a process, from its `/proc/<pid>/cgroup` (v1 memory line, else v2). */
export function counterFileOf(procCgroup: string, cgroupRoot: string): string | undefined {
  const lines = procCgroup.split("\n").map((line) => line.split(":"));
  const v1 = lines.find(([, controllers]) => controllers?.split(",").includes("memory"));
  if (v1?.[2] !== undefined) return `${cgroupRoot}/memory${v1[2]}/memory.oom_control`;
  const v2 = lines.find(([id, controllers]) => id === "0" && controllers === "");
  if (v2?.[2] !== undefined) return `${cgroupRoot}${v2[2]}/memory.events`;
  return undefined;
}

/** `oom_kill N` from either file; 0 when the file or the line is missing. */
export async function readOomKills(file: string): Promise<number> {
  const text = await readFile(file, "utf8").catch(() => "");
  const match = /^oom_kill (\d+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}
