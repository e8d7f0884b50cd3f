import { describe, expect, it } from "vitest";
import { ControllerMetrics } from "./controller-metrics.js";

describe("ControllerMetrics", () => {
  const metrics = () =>
    new ControllerMetrics(
      () => 2,
      () => true,
    );

  it("renders reconciles by outcome, pod changes, pods updated, the queue depth and leadership", () => {
    const m = metrics();
    m.recordReconcile("success");
    m.recordReconcile("success");
    m.recordReconcile("error");
    m.recordPodChange("ignored");
    m.recordPodUpdated();
    const text = m.render();
    expect(text).toContain('podvisor_sidecarset_reconciles_total{outcome="success"} 2\n');
    expect(text).toContain('podvisor_sidecarset_reconciles_total{outcome="error"} 1\n');
    expect(text).toContain('podvisor_sidecarset_reconciles_total{outcome="requeue_after"} 0\n');
    expect(text).toContain('podvisor_sidecarset_pod_changes_total{outcome="ignored"} 1\n');
    expect(text).toContain("podvisor_sidecarset_pods_updated_total 1\n");
    expect(text).toContain("podvisor_sidecarset_queue_depth 2\n");
    expect(text).toContain("podvisor_leader 1\n");
  });

  it("times each reconcile's stages in a histogram whose sums tell planning from waiting on the API server", () => {
    const m = metrics();
    m.recordReconcileStage("plan", 0.02);
    m.recordReconcileStage("write", 0.8);
    m.recordReconcileStage("plan", 0.03);
    m.recordReconcileStage("write", 0.004);
    const text = m.render();
    expect(text).toContain("# TYPE podvisor_sidecarset_reconcile_duration_seconds histogram\n");
    expect(text).toContain('podvisor_sidecarset_reconcile_duration_seconds_sum{stage="plan"} 0.05\n');
    expect(text).toContain('podvisor_sidecarset_reconcile_duration_seconds_count{stage="plan"} 2\n');
    expect(text).toContain('podvisor_sidecarset_reconcile_duration_seconds_sum{stage="write"} 0.804\n');
    expect(text).toContain(
      'podvisor_sidecarset_reconcile_duration_seconds_bucket{stage="write",le="0.005"} 1\n',
    );
    expect(text).toContain('podvisor_sidecarset_reconcile_duration_seconds_bucket{stage="write",le="1"} 2\n');
  });
});
