import { describe, expect, it } from "vitest";
import { PrometheusHistogram } from "./prometheus-histogram.js";

describe("PrometheusHistogram", () => {
  const histogram = () => new PrometheusHistogram("x_seconds", "Time spent.", "stage", [0.1, 1]);

  it("names the metric before the first observation", () => {
    expect(histogram().render()).toEqual(["# HELP x_seconds Time spent.", "# TYPE x_seconds histogram"]);
  });

  it("counts each observation in every bucket at or above it, with the sum and count per label value", () => {
    const h = histogram();
    h.observe("write", 0.5);
    h.observe("plan", 0.1);
    h.observe("write", 2);
    expect(h.render().slice(2)).toEqual([
      'x_seconds_bucket{stage="plan",le="0.1"} 1',
      'x_seconds_bucket{stage="plan",le="1"} 1',
      'x_seconds_bucket{stage="plan",le="+Inf"} 1',
      'x_seconds_sum{stage="plan"} 0.1',
      'x_seconds_count{stage="plan"} 1',
      'x_seconds_bucket{stage="write",le="0.1"} 0',
      'x_seconds_bucket{stage="write",le="1"} 1',
      'x_seconds_bucket{stage="write",le="+Inf"} 2',
      'x_seconds_sum{stage="write"} 2.5',
      'x_seconds_count{stage="write"} 2',
    ]);
  });
});
