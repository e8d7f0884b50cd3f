/**
 * controllers/workload-pods/ holds what the workload controllers share: the view of a pod they own
 * (active, ready, available after minReadySeconds), upstream's deletion order, the controller
 * ownerReference, and the event shape.
 */
export { compareForDeletion, isPodActive, podAvailability, type OwnedPodView } from "./owned-pod-view.js";
export { WorkloadIdentityError, controllerRef } from "./owner-reference.js";
export type { WorkloadEvent } from "./workload-event.js";
export { buildPodFromTemplate, type PodOwner } from "./build-pod-from-template.js";
export { formatLabels, printWorkloadRow, type WorkloadRow } from "./workload-columns.js";
