/**
 * The ReplicaSet a Deployment creates for its template (upstream `getNewReplicaSet`): named
 * `<deployment>-<pod-template-hash>`, the hash added to its selector, its template's labels and
 * so to every pod, `replicas` and the deployment.kubernetes.io annotations, owned by the Deployment.
 */
import type { Deployment, ReplicaSet } from "../../api/index.js";
import { computePodTemplateHash } from "../pod-template-hash/index.js";
import { controllerRef } from "../workload-pods/index.js";

export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";

export function buildDeploymentReplicaSet(deployment: Deployment, nowIso: string): ReplicaSet {
  const template = structuredClone(deployment.spec.template);
  const hash = computePodTemplateHash(template, deployment.status?.collisionCount);
  const replicas = deployment.spec.replicas ?? 1;
  const name = `${deployment.metadata.name ?? ""}-${hash}`;
  const labels = { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
  template.metadata = { ...template.metadata, labels };
  const rs: ReplicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name,
      labels,
      annotations: {
        [DESIRED_REPLICAS_ANNOTATION]: String(replicas),
        [MAX_REPLICAS_ANNOTATION]: String(replicas + maxSurge(deployment)),
        [REVISION_ANNOTATION]: "1",
      },
      ownerReferences: [controllerRef("apps/v1", "Deployment", deployment.metadata)],
      creationTimestamp: nowIso,
    },
    spec: {
      replicas,
      minReadySeconds: deployment.spec.minReadySeconds ?? 0,
      selector: {
        ...deployment.spec.selector,
        matchLabels: { ...deployment.spec.selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash },
      },
      template,
    },
  };
  if (deployment.metadata.namespace !== undefined) rs.metadata.namespace = deployment.metadata.namespace;
  return rs;
}

/** deploymentutil.ResolveFenceposts: surge rounds up, unavailable down; both 0 means unavailable 1. */
export function resolveFenceposts(deployment: Deployment): { surge: number; unavailable: number } {
  const strategy = deployment.spec.strategy;
  const desired = deployment.spec.replicas ?? 1;
  if (strategy?.type === "Recreate") return { surge: 0, unavailable: 0 };
  const surge = scaledValue(strategy?.rollingUpdate?.maxSurge ?? 0, desired, true);
  const unavailable = scaledValue(strategy?.rollingUpdate?.maxUnavailable ?? 0, desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

function maxSurge(deployment: Deployment): number {
  return resolveFenceposts(deployment).surge;
}

/** intstr.GetScaledValueFromIntOrPercent. */
function scaledValue(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const percent = Number(value.replace(/%$/, ""));
  if (!Number.isFinite(percent)) return 0;
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
