/**
 * Polls a read-only check against the cluster until it yields a value, a bounded number of times.
 * For outcomes `kubectl wait` cannot express (an Event's appearance, a list reaching a size); the
 * error names what was awaited and the last thing seen.
 */
import { setTimeout as sleep } from "node:timers/promises";

export interface PollOptions {
  /** Gives up after this long; default 60 s (controllers on a loaded machine are slow). */
  timeoutMs?: number;
  intervalMs?: number;
}

/** `check` returns the awaited value, or undefined to try again; `describe` names it for errors. */
export async function pollUntil<T>(
  describe: string,
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 60_000, intervalMs = 500 }: PollOptions = {},
): Promise<T> {
  let lastError = "";
  for (let attempt = 0; attempt * intervalMs <= timeoutMs; attempt++) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = ` (last error: ${(error as Error).message})`;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe}${lastError}`);
}
