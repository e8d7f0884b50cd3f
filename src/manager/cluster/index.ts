/**
 * manager/cluster is the controller manager for a real cluster (`podvisor controller`): thin
 * shells that carry out the pure SidecarSet rollout planner (controllers/sidecarset-rollout)
 * against the API server. Informer caches of SidecarSets, pods, Namespaces and ControllerRevisions
 * feed a coalescing, rate-limited reconcile queue; one worker plans (revision history, then the
 * rollout) and writes (RolloutWriter: revisions, status, in-place pod patches, conditions,
 * Events); a Lease-based leader elector with client-go's semantics makes sure only one replica
 * acts. docs/sidecarsets.md ("Rollouts") and docs/architecture.md describe it.
 */
export { ControllerMetrics, type ReconcileOutcome } from "./controller-metrics.js";
export { controllerRbac, controllerName } from "./controller-rbac.js";
export { defaultLeaseTimings, LeaderElector, type LeaderElectionOptions } from "./leader-elector.js";
export { decideLease, observeLease, type LeaseDecision, type LeaseSpec } from "./lease-record.js";
export { startMetricsServer, type RunningMetricsServer } from "./metrics-server.js";
export { ReconcileQueue } from "./reconcile-queue.js";
export { SidecarSetController, type SidecarSetControllerOptions } from "./sidecarset-controller.js";
