/**
 * Reads one feature gate from a component's /metrics (Prometheus text format): the
 * `kubernetes_feature_enabled{name="<gate>",stage="<stage>"} 1|0` series component-base exposes
 * for every gate — what the tutorial greps for with `kubectl get --raw /metrics`.
 */
import type { GateReading } from "./cluster-facts.js";

const seriesPattern = /^kubernetes_feature_enabled\{([^}]*)\}\s+(\S+)/;
const labelPattern = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export function readFeatureGate(metricsText: string, gate: string): GateReading {
  for (const line of metricsText.split("\n")) {
    const match = seriesPattern.exec(line);
    if (!match) continue;
    const labels = new Map<string, string>();
    for (const [, key, value] of (match[1] ?? "").matchAll(labelPattern))
      if (key !== undefined && value !== undefined) labels.set(key, value);
    if (labels.get("name") !== gate) continue;
    return { kind: "read", enabled: Number(match[2]) === 1, stage: labels.get("stage") ?? "" };
  }
  return { kind: "absent" };
}
