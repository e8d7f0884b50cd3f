import { readdirSync, readFileSync } from "node:fs";

/** Host pids whose environment contains PV_LEAK_TOKEN=token (Linux /proc; leak tests only). */
export function processesWithToken(token: string): number[] {
  const needle = `PV_LEAK_TOKEN=${token}`;
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "latin1");
      if (environ.split("\0").includes(needle)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Waits (bounded, polling /proc every 50 ms) until no process carries the token; returns those left. */
export async function waitUntilNoProcessWithToken(token: string, timeoutMs = 5_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesWithToken(token);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
