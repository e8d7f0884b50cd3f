import { existsSync, readdirSync, readFileSync } from "node:fs";

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

/** Every live descendant of `pid` (Linux /proc, host pids), with its command line; leak tests only. */
export function descendantsOf(pid: number): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  const visit = (parent: number) => {
    let children: number[] = [];
    try {
      for (const task of readdirSync(`/proc/${parent}/task`)) {
        const text = readFileSync(`/proc/${parent}/task/${task}/children`, "utf8").trim();
        if (text !== "") children = children.concat(text.split(/\s+/).map(Number));
      }
    } catch {
      return; // gone
    }
    for (const child of children) {
      let cmdline = "";
      try {
        cmdline = readFileSync(`/proc/${child}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      } catch {
        continue;
      }
      found.push({ pid: child, cmdline });
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** Waits (bounded, polling every 50 ms) until none of `pids` exists; returns those left. */
export async function waitUntilGone(pids: readonly number[], timeoutMs = 5_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = pids.filter((pid) => existsSync(`/proc/${pid}`));
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
