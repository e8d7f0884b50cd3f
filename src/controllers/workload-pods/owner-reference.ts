/** The controller ownerReference a workload puts on what it creates (metav1.NewControllerRef). */
import type { ObjectMeta, OwnerReference } from "../../api/index.js";
import { PodvisorError } from "../../shared/index.js";

/** The workload lacks the name or uid its pods' ownerReference needs (admission assigns the uid). */
export class WorkloadIdentityError extends PodvisorError {
  readonly code = "WORKLOAD_IDENTITY_MISSING";
}

export function controllerRef(apiVersion: string, kind: string, meta: ObjectMeta): OwnerReference {
  if (meta.name === undefined || meta.uid === undefined)
    throw new WorkloadIdentityError(
      `${kind} ${meta.name ?? "<unnamed>"} has no metadata.${meta.name === undefined ? "name" : "uid"}; podvisor sets it when it admits the object`,
    );
  return { apiVersion, kind, name: meta.name, uid: meta.uid, controller: true, blockOwnerDeletion: true };
}
