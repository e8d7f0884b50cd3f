/**
 * The rollout controller's Prometheus metrics in the text exposition format 0.0.4: reconciles by
 * outcome (controller-runtime's `controller_runtime_reconcile_total{result}` words: success,
 * error, requeue_after), the time reconciles spend by stage, pod changes seen (enqueued,
 * unmatched, ignored), pods updated in place, the queue depth, and whether this replica leads.
 */
import { PrometheusHistogram } from "../../shared/index.js";

export type ReconcileOutcome = "success" | "error" | "requeue_after";
/**
 * A pod change woke the SidecarSets that select or record the pod; concerned none; or changed
 * nothing a rollout plan reads.
 */
export type PodChangeOutcome = "enqueued" | "unmatched" | "ignored";
/**
 * `plan`: reading the caches and deciding the round (the pure planner). `write`: carrying the
 * plan out, one API request after another (revisions, status, pod patches, conditions, events);
 * nearly all of it is waiting for the API server's answers.
 */
export type ReconcileStage = "plan" | "write";

/** A subset of controller-runtime's `controller_runtime_reconcile_time_seconds` buckets (v0.20), 5 ms to a minute. */
const reconcileBucketsSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class ControllerMetrics {
  private readonly reconciles = new Map<ReconcileOutcome, number>();
  private podsUpdated = 0;
  private readonly podChanges = new Map<PodChangeOutcome, number>();
  private readonly reconcileTime = new PrometheusHistogram(
    "podvisor_sidecarset_reconcile_duration_seconds",
    "Time each reconcile spent deciding (plan) and carrying out its plan against the API server (write).",
    "stage",
    reconcileBucketsSeconds,
  );

  constructor(
    private readonly queueDepth: () => number,
    private readonly isLeader: () => boolean,
  ) {}

  recordReconcile(outcome: ReconcileOutcome): void {
    this.reconciles.set(outcome, (this.reconciles.get(outcome) ?? 0) + 1);
  }

  recordReconcileStage(stage: ReconcileStage, seconds: number): void {
    this.reconcileTime.observe(stage, seconds);
  }

  recordPodChange(outcome: PodChangeOutcome): void {
    this.podChanges.set(outcome, (this.podChanges.get(outcome) ?? 0) + 1);
  }

  recordPodUpdated(): void {
    this.podsUpdated++;
  }

  render(): string {
    const lines = [
      "# HELP podvisor_sidecarset_reconciles_total SidecarSet reconciles, by outcome.",
      "# TYPE podvisor_sidecarset_reconciles_total counter",
    ];
    for (const outcome of ["success", "error", "requeue_after"] as const)
      lines.push(
        `podvisor_sidecarset_reconciles_total{outcome="${outcome}"} ${this.reconciles.get(outcome) ?? 0}`,
      );
    lines.push(...this.reconcileTime.render());
    lines.push(
      "# HELP podvisor_sidecarset_pod_changes_total Pod changes seen: woke a SidecarSet (enqueued), concerned none (unmatched), or changed nothing a rollout plan reads (ignored).",
      "# TYPE podvisor_sidecarset_pod_changes_total counter",
    );
    for (const outcome of ["enqueued", "unmatched", "ignored"] as const)
      lines.push(
        `podvisor_sidecarset_pod_changes_total{outcome="${outcome}"} ${this.podChanges.get(outcome) ?? 0}`,
      );
    lines.push(
      "# HELP podvisor_sidecarset_pods_updated_total Pods whose sidecars were patched in place.",
      "# TYPE podvisor_sidecarset_pods_updated_total counter",
      `podvisor_sidecarset_pods_updated_total ${this.podsUpdated}`,
      "# HELP podvisor_sidecarset_queue_depth SidecarSets waiting to be reconciled.",
      "# TYPE podvisor_sidecarset_queue_depth gauge",
      `podvisor_sidecarset_queue_depth ${this.queueDepth()}`,
      "# HELP podvisor_leader Whether this replica holds the leader lease (1) or not (0).",
      "# TYPE podvisor_leader gauge",
      `podvisor_leader ${this.isLeader() ? 1 : 0}`,
    );
    return `${lines.join("\n")}\n`;
  }
}
