/**
 * Durations as kubectl and Go spell them: "300ms", "10s", "1m30s", "2h". A bare number is seconds.
 */
import { InvalidInputError } from "../shared/index.js";

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDurationMs(text: string, flag: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(pattern)) {
    total += Number(match[1]) * (units[match[2] ?? "s"] ?? 1000);
    consumed += match[0].length;
  }
  if (consumed === 0 || consumed !== trimmed.length) {
    throw new InvalidInputError(`invalid duration for ${flag}: "${text}" (use e.g. 500ms, 10s, 1m30s, 2h)`);
  }
  return Math.round(total);
}
