import { SLEEP_ABORTED, type Clock } from "./clock.js";

/**
 * The longest delay a Node timer honours: a longer one fires after 1 ms (TimeoutOverflowWarning).
 * Sleeps longer than this re-arm in chunks, so `--timeout 720h` and a large
 * `activeDeadlineSeconds` wait as long as they say.
 */
export const maxTimerDelayMs = 2 ** 31 - 1;

/** The wall clock, for the composition root only. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    const wakeAtMs = Date.now() + Math.max(0, ms);
    do await sleepOnce(Math.min(maxTimerDelayMs, wakeAtMs - Date.now()), signal);
    while (Date.now() < wakeAtMs);
  },
  setTimer: (ms, onTimer) => {
    const wakeAtMs = Date.now() + Math.max(0, ms);
    const arm = (delayMs: number): NodeJS.Timeout =>
      setTimeout(() => {
        const leftMs = wakeAtMs - Date.now();
        if (leftMs > 0) timer = arm(Math.min(maxTimerDelayMs, leftMs));
        else onTimer();
      }, delayMs);
    let timer = arm(Math.min(maxTimerDelayMs, Math.max(0, ms)));
    return () => clearTimeout(timer);
  },
};

function sleepOnce(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => reject(SLEEP_ABORTED);
    if (signal?.aborted) {
      aborted();
      return;
    }
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(timer);
      aborted();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
