/**
 * How far a difference of two p99s moves by chance: with 300 samples a p99 is the third-slowest,
 * so "p99(a) − p99(b)" shifts by milliseconds between identical runs on a shared machine. The
 * bootstrap resamples each side with replacement and reads the 5th and 95th percentiles of the
 * difference (a 90% interval). Seeded, so a run's interval is reproducible from its samples.
 */
export interface Interval {
  low: number;
  high: number;
}

export function p99DifferenceInterval(
  a: readonly number[],
  b: readonly number[],
  resamples = 1000,
  seed = 12,
): Interval | null {
  if (a.length === 0 || b.length === 0) return null;
  const random = mulberry32(seed);
  const p99OfResample = (values: readonly number[]) => {
    const drawn = Array.from(
      { length: values.length },
      () => values[Math.floor(random() * values.length)] ?? 0,
    );
    drawn.sort((x, y) => x - y);
    return drawn[Math.min(drawn.length - 1, Math.ceil(0.99 * drawn.length) - 1)] ?? 0;
  };
  const differences = Array.from({ length: resamples }, () => p99OfResample(a) - p99OfResample(b));
  differences.sort((x, y) => x - y);
  const at = (q: number) => Math.round((differences[Math.floor(q * (resamples - 1))] ?? 0) * 1000) / 1000;
  return { low: at(0.05), high: at(0.95) };
}

/** A small seeded generator (mulberry32): the bench's draws need reproducibility, not strength. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
