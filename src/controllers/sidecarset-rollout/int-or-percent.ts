/**
 * `updateStrategy.partition` and `maxUnavailable` as absolute pod counts, with Kruise's rounding:
 * partition via `util.CalculatePartitionReplicas` (float percent, rounded up, "<100%" of more than
 * one pod leaves at least one pod to update, clamped to [0, total]); maxUnavailable via
 * apimachinery `intstr.GetValueFromIntOrPercent(…, roundUp=true)` (integer percent, rounded up).
 * A malformed value counts as 0, as Kruise ignores the error (validation refuses it anyway).
 */

export type IntOrPercent = number | string;

/** How many pods stay on their old revision this round, of `totalPods` managed ones. */
export function partitionPodCount(partition: IntOrPercent | undefined, totalPods: number): number {
  if (partition === undefined) return 0;
  let count: number;
  if (typeof partition === "number") {
    count = Math.trunc(partition);
  } else {
    const percent = parseFloatPercent(partition);
    if (percent === undefined) return 0;
    count = Math.ceil((percent * totalPods) / 100);
    // A partition under 100% keeps at least one pod moving.
    if (totalPods > 1 && count === totalPods && partition !== "100%") count = totalPods - 1;
  }
  return Math.max(Math.min(count, totalPods), 0);
}

/** The most pods that may be unavailable at once; default 1. */
export function maxUnavailablePodCount(maxUnavailable: IntOrPercent | undefined, totalPods: number): number {
  if (maxUnavailable === undefined) return 1;
  if (typeof maxUnavailable === "number") return Math.trunc(maxUnavailable);
  const percent = parseIntegerPercent(maxUnavailable);
  if (percent === undefined) return 0;
  return Math.ceil((percent * totalPods) / 100);
}

/** Go `strconv.ParseFloat` on the text before a required `%`. */
function parseFloatPercent(text: string): number | undefined {
  if (!text.endsWith("%")) return undefined;
  const number = text.slice(0, -1);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(number)) return undefined;
  return Number(number);
}

/** Go `strconv.Atoi` on the text before a required `%`. */
function parseIntegerPercent(text: string): number | undefined {
  if (!text.endsWith("%")) return undefined;
  const number = text.slice(0, -1);
  if (!/^[+-]?\d+$/.test(number)) return undefined;
  return Number(number);
}
