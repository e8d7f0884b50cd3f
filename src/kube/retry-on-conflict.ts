/**
 * client-go's `retry.RetryOnConflict` (util/retry/util.go, wait.ExponentialBackoff): `fn` runs at
 * most `steps` times while it fails with a Conflict (409, reason Conflict — errors.IsConflict);
 * between tries it sleeps `durationMs`, then × `factor` each time, each sleep stretched by up to
 * `jitter` × itself. Any other error, or the last conflict, is thrown.
 */
import type { Clock } from "../shared/index.js";
import { KubeApiError } from "./kube-api-error.js";

export interface RetryBackoff {
  steps: number;
  durationMs: number;
  factor: number;
  jitter: number;
}

/** client-go `retry.DefaultBackoff`: 4 tries, 10 ms, 50 ms and 250 ms apart (+ up to 10 %). */
export const defaultConflictBackoff: RetryBackoff = { steps: 4, durationMs: 10, factor: 5, jitter: 0.1 };

/** apimachinery `errors.IsConflict`: the reason, not the code (AlreadyExists is a 409 too). */
export function isConflict(error: unknown): boolean {
  return error instanceof KubeApiError && error.statusReason === "Conflict";
}

export async function retryOnConflict<T>(
  backoff: RetryBackoff,
  deps: { clock: Clock; random: () => number; signal?: AbortSignal },
  fn: () => Promise<T>,
): Promise<T> {
  let delayMs = backoff.durationMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isConflict(error) || attempt >= backoff.steps) throw error;
    }
    await deps.clock.sleep(delayMs * (1 + deps.random() * backoff.jitter), deps.signal);
    delayMs *= backoff.factor;
  }
}
