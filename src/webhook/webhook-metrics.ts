/**
 * The webhook's Prometheus metrics, rendered in the text exposition format 0.0.4: admissions by
 * webhook and outcome, the admission latency histogram, cache sizes and whether each cache has
 * synced. Plain counters in memory; the server renders them on GET /metrics.
 */
import { PrometheusHistogram } from "../shared/index.js";

export const latencyBucketsSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export class WebhookMetrics {
  private readonly admissions = new Map<string, number>();
  private readonly latency = new PrometheusHistogram(
    "podvisor_admission_duration_seconds",
    "Time from request received to answer written.",
    "webhook",
    latencyBucketsSeconds,
  );

  constructor(private readonly caches: () => readonly { name: string; size: number; synced: boolean }[]) {}

  recordAdmission(webhook: string, outcome: string, seconds: number): void {
    const key = `${webhook}\u0000${outcome}`;
    this.admissions.set(key, (this.admissions.get(key) ?? 0) + 1);
    this.latency.observe(webhook, seconds);
  }

  admissionCount(webhook: string, outcome: string): number {
    return this.admissions.get(`${webhook}\u0000${outcome}`) ?? 0;
  }

  render(): string {
    const lines = [
      "# HELP podvisor_admission_requests_total Admission reviews answered, by webhook and outcome.",
      "# TYPE podvisor_admission_requests_total counter",
    ];
    for (const [key, value] of [...this.admissions].sort()) {
      const [webhook, outcome] = key.split("\u0000");
      lines.push(`podvisor_admission_requests_total{webhook="${webhook}",outcome="${outcome}"} ${value}`);
    }
    lines.push(...this.latency.render());
    const caches = this.caches();
    lines.push(
      "# HELP podvisor_cache_objects Objects in each informer cache.",
      "# TYPE podvisor_cache_objects gauge",
      ...caches.map((c) => `podvisor_cache_objects{resource="${c.name}"} ${c.size}`),
      "# HELP podvisor_cache_synced 1 once the cache's first list has completed.",
      "# TYPE podvisor_cache_synced gauge",
      ...caches.map((c) => `podvisor_cache_synced{resource="${c.name}"} ${c.synced ? 1 : 0}`),
    );
    return `${lines.join("\n")}\n`;
  }
}
