/**
 * Manifests for the benchmarks, as JSON (which is YAML). Every container's command carries the
 * run's token as `$0`, so a scan of /proc can prove that no process outlived the benchmark.
 * Timestamps come from the containers themselves: bash's `$EPOCHREALTIME` (a builtin variable,
 * microseconds of CLOCK_REALTIME, no fork).
 */
import { randomBytes } from "node:crypto";

export const TOKEN = `pvbench-${randomBytes(4).toString("hex")}`;

export type Json = Record<string, unknown>;

export function bash(name: string, script: string, extra: Json = {}): Json {
  return { name, image: "bench", command: ["bash", "-c", script, TOKEN], ...extra };
}

/**
 * A sidecar that stamps its first instruction (`S`) and its SIGTERM receipt (`T`), then exits 0.
 * The `trap` (a builtin, microseconds) comes first: a PID 1 without a handler ignores SIGTERM.
 */
export const SIDECAR_SCRIPT =
  'trap \'echo "T $EPOCHREALTIME"; exit 0\' TERM; echo "S $EPOCHREALTIME"; sleep 600 >/dev/null 2>&1 & wait';

export function pod(name: string, spec: Json): Json {
  return { apiVersion: "v1", kind: "Pod", metadata: { name }, spec };
}

export function toYaml(objects: readonly Json[]): string {
  return objects.map((o) => JSON.stringify(o)).join("\n---\n");
}

/** "S 1795367024.584319" → 1795367024584.319 (ms); undefined when the text has no stamp. */
export function stampMs(text: string): number | undefined {
  const match = /(\d{9,11})[.,](\d{6})/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return Number(match[1]) * 1000 + Number(match[2]) / 1000;
}
