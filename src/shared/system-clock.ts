import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "./clock.js";

/** The wall clock, for the composition root only. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(Math.max(0, ms), undefined, signal ? { signal } : undefined),
};
