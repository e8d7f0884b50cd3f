/**
 * kubelet status manager `needsReconcile` / `isPodStatusByKubeletEqual`
 * (pkg/kubelet/status/status_manager.go, v1.36.3), reduced to what another writer changes: the
 * node lifecycle controller sets Ready=False on the pods of a node it lost (MarkPodsNotReady),
 * while the node, unaware, still holds them Ready. Each condition the node reports must be in
 * the API's copy with the same status, reason and message; conditions only the API has
 * (DisruptionTarget, a readiness gate's) and the heartbeat-like times do not count, so a status
 * the node wrote itself always agrees and writing it again cannot loop.
 */
import { isRecord, type Fields } from "../api/index.js";

export function needsReconcile(apiStatus: Fields, nodeStatus: Fields): boolean {
  const apiConditions = conditionsOf(apiStatus);
  return conditionsOf(nodeStatus).some((reported) => {
    const stored = apiConditions.find((c) => c.type === reported.type);
    return (
      !stored ||
      stored.status !== reported.status ||
      (stored.reason ?? "") !== (reported.reason ?? "") ||
      (stored.message ?? "") !== (reported.message ?? "")
    );
  });
}

function conditionsOf(status: Fields): Fields[] {
  return Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
}
