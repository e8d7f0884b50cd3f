/**
 * `kubectl get` columns of the workload kinds, as upstream's printers fill them
 * (pkg/printers/internalversion/printers.go printDeployment, printReplicaSet,
 * printReplicationController, printStatefulSet, printDaemonSet, printCronJob). Pure: `now` is an
 * input; AGE is `translateTimestampSince` of the creation time.
 */
import { parseTime, type Workload } from "../../api/index.js";
import { humanDuration } from "../../status/index.js";

export type WorkloadRow = Record<string, string>;

export function printWorkloadRow(workload: Workload, options: { now: number }): WorkloadRow {
  const name = workload.metadata.name ?? "";
  const age = since(workload.metadata.creationTimestamp, options.now);
  switch (workload.kind) {
    case "Deployment": {
      const status = workload.status ?? {};
      return {
        NAME: name,
        READY: `${status.readyReplicas ?? 0}/${workload.spec.replicas ?? 0}`,
        "UP-TO-DATE": String(status.updatedReplicas ?? 0),
        AVAILABLE: String(status.availableReplicas ?? 0),
        AGE: age,
      };
    }
    case "ReplicaSet":
    case "ReplicationController":
      return {
        NAME: name,
        DESIRED: String(workload.spec.replicas ?? 0),
        CURRENT: String(workload.status?.replicas ?? 0),
        READY: String(workload.status?.readyReplicas ?? 0),
        AGE: age,
      };
    case "StatefulSet":
      return {
        NAME: name,
        READY: `${workload.status?.readyReplicas ?? 0}/${workload.spec.replicas ?? 0}`,
        AGE: age,
      };
    case "DaemonSet": {
      const status = workload.status;
      return {
        NAME: name,
        DESIRED: String(status?.desiredNumberScheduled ?? 0),
        CURRENT: String(status?.currentNumberScheduled ?? 0),
        READY: String(status?.numberReady ?? 0),
        "UP-TO-DATE": String(status?.updatedNumberScheduled ?? 0),
        AVAILABLE: String(status?.numberAvailable ?? 0),
        "NODE SELECTOR": formatLabels(workload.spec.template.spec.nodeSelector),
        AGE: age,
      };
    }
    case "CronJob": {
      const last = workload.status?.lastScheduleTime;
      return {
        NAME: name,
        SCHEDULE: workload.spec.schedule,
        TIMEZONE: workload.spec.timeZone ?? "<none>",
        SUSPEND: workload.spec.suspend === undefined ? "<unset>" : workload.spec.suspend ? "True" : "False",
        ACTIVE: String(workload.status?.active?.length ?? 0),
        "LAST SCHEDULE": last === undefined ? "<none>" : since(last, options.now),
        AGE: age,
      };
    }
  }
}

function since(timestamp: string | undefined, nowMs: number): string {
  const ms = parseTime(timestamp);
  return ms === undefined ? "<unknown>" : humanDuration(nowMs - ms);
}

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? "<none>" : entries.map(([key, value]) => `${key}=${value}`).join(",");
}
