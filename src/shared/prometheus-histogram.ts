/**
 * A Prometheus histogram with one label, in the text exposition format 0.0.4: cumulative
 * `_bucket` series (each `le` counts every observation at or below it, `+Inf` all of them), then
 * `_sum` and `_count`, for each label value seen, in sorted order. HELP and TYPE are written even
 * before the first observation, so a scrape always names the metric.
 */
export class PrometheusHistogram {
  private readonly series = new Map<string, { buckets: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly label: string,
    /** Upper bounds, ascending. */
    readonly buckets: readonly number[],
  ) {}

  observe(labelValue: string, value: number): void {
    const series = this.series.get(labelValue) ?? { buckets: this.buckets.map(() => 0), sum: 0, count: 0 };
    this.buckets.forEach((le, i) => {
      if (value <= le) series.buckets[i] = (series.buckets[i] ?? 0) + 1;
    });
    series.sum += value;
    series.count++;
    this.series.set(labelValue, series);
  }

  /** The exposition lines, without a trailing newline. */
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [value, series] of [...this.series].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const labels = `${this.label}="${value}"`;
      this.buckets.forEach((le, i) =>
        lines.push(`${this.name}_bucket{${labels},le="${le}"} ${series.buckets[i] ?? 0}`),
      );
      lines.push(
        `${this.name}_bucket{${labels},le="+Inf"} ${series.count}`,
        `${this.name}_sum{${labels}} ${series.sum}`,
        `${this.name}_count{${labels}} ${series.count}`,
      );
    }
    return lines;
  }
}
