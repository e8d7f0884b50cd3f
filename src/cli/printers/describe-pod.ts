/**
 * `kubectl describe pod`, laid out as kubectl's describePod prints it (describe.go): the pod's
 * identity, status and IPs, the init and regular containers, conditions, volumes, QoS class,
 * and the events table; then one podvisor addition, the pod's effective requests and limits
 * (KEP-753, resources/), in a section of its own so the kubectl lines stay comparable, and, when
 * it ran into one, the pitfalls that explain what it did (status/pitfalls.ts). Pure:
 * the pod, its events and `now` in, text out.
 */
import type { Pod } from "../../api/index.js";
import type { PodvisorEvent } from "../../shared/index.js";
import { explainPitfalls, getQosClass, humanDuration } from "../../status/index.js";
import { podLimits, podRequests } from "../../resources/index.js";
import { writeContainers } from "./describe-containers.js";
import { formatEventsTable } from "./describe-events.js";
import {
  DescribeWriter,
  formatRfc1123z,
  localOffsetMinutes,
  writeAnnotations,
  writeLabels,
} from "./describe-format.js";
import { DESCRIBE, alignTabs } from "./tabwriter.js";

export interface DescribePodOptions {
  /** Epoch milliseconds ages are measured from. */
  now: number;
  /** Minutes east of UTC for a time (default: the host's zone, as kubectl prints local time). */
  utcOffsetMinutes?: (ms: number) => number;
}

export function describePod(pod: Pod, events: readonly PodvisorEvent[], options: DescribePodOptions): string {
  const offset = options.utcOffsetMinutes ?? localOffsetMinutes;
  const status = pod.status ?? {};
  const w = new DescribeWriter();
  w.write(0, `Name:\t${pod.metadata.name ?? ""}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace ?? "default"}\n`);
  if (pod.spec.serviceAccountName) w.write(0, `Service Account:\t${pod.spec.serviceAccountName}\n`);
  w.write(0, pod.spec.nodeName ? `Node:\t${pod.spec.nodeName}/${status.hostIP ?? ""}\n` : "Node:\t<none>\n");
  if (status.startTime) w.write(0, `Start Time:\t${formatRfc1123z(status.startTime, offset)}\n`);
  writeLabels(w, "Labels", pod.metadata.labels);
  writeAnnotations(w, pod.metadata.annotations);
  const deletion = pod.metadata.deletionTimestamp;
  if (deletion !== undefined && status.phase !== "Failed" && status.phase !== "Succeeded") {
    w.write(0, `Status:\tTerminating (lasts ${since(deletion, options.now)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(0, `Status:\t${status.phase ?? ""}\n`);
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ""}\n`);
  const ips = status.podIPs ?? [];
  if (ips.length === 0) w.write(0, "IPs:\t<none>\n");
  else {
    w.write(0, "IPs:\n");
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const controller = pod.metadata.ownerReferences?.find((o) => o.controller === true);
  if (controller) w.write(0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  const initContainers = pod.spec.initContainers ?? [];
  if (initContainers.length > 0) {
    writeContainers(w, "Init Containers", pod, initContainers, status.initContainerStatuses ?? [], offset);
  }
  writeContainers(w, "Containers", pod, pod.spec.containers, status.containerStatuses ?? [], offset);
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length > 0) {
    w.write(0, "Readiness Gates:\n  Type\tStatus\n");
    for (const gate of gates) {
      const condition = status.conditions?.find((c) => c.type === gate.conditionType);
      w.write(1, `${gate.conditionType} \t${condition?.status ?? "<none>"} \n`);
    }
  }
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, "Conditions:\n  Type\tStatus\n");
    for (const c of conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  writeVolumes(w, pod);
  w.write(0, `QoS Class:\t${status.qosClass ?? getQosClass(pod)}\n`);
  w.write(0, "Node-Selectors:\t<none>\n");
  w.write(0, "Tolerations:\t<none>\n");
  writeEffectiveResources(w, pod);
  writeHints(w, pod, events, options.now);
  // kubectl flushes the tabwriter before the events table, so it aligns on its own.
  const head = alignTabs(w.text(), DESCRIBE);
  return head + alignTabs(eventsTable(pod, events, options.now), DESCRIBE);
}

function writeVolumes(w: DescribeWriter, pod: Pod): void {
  const volumes = pod.spec.volumes ?? [];
  if (volumes.length === 0) {
    w.write(0, "Volumes:\t<none>\n");
    return;
  }
  w.write(0, "Volumes:\n");
  for (const volume of volumes) {
    w.write(1, `${volume.name}:\n`);
    if (volume.hostPath) {
      w.write(2, "Type:\tHostPath (bare host directory volume)\n");
      w.write(2, `Path:\t${volume.hostPath.path}\n`);
      w.write(2, `HostPathType:\t${volume.hostPath.type ?? ""}\n`);
    } else if (volume.emptyDir) {
      w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
      w.write(2, `Medium:\t${volume.emptyDir.medium ?? ""}\n`);
      w.write(2, `SizeLimit:\t${volume.emptyDir.sizeLimit ?? "<unset>"}\n`);
    } else if (volume.secret) {
      w.write(2, "Type:\tSecret (a volume populated by a Secret)\n");
      w.write(2, `SecretName:\t${volume.secret.secretName ?? ""}\n`);
      w.write(2, `Optional:\t${volume.secret.optional === true}\n`);
    } else if (volume.configMap) {
      w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n");
      w.write(2, `Name:\t${volume.configMap.name ?? ""}\n`);
      w.write(2, `Optional:\t${volume.configMap.optional === true}\n`);
    } else if (volume.downwardAPI) {
      w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n");
      w.write(2, "Items:\n");
      for (const item of volume.downwardAPI.items ?? []) {
        const source = item.fieldRef?.fieldPath ?? item.resourceFieldRef?.resource ?? "";
        w.write(3, `${source} -> ${item.path}\n`);
      }
    } else {
      w.write(1, "<unknown>\n");
    }
  }
}

/** podvisor's addition, only when there is one: the pitfalls the pod ran into (status/pitfalls.ts). */
function writeHints(w: DescribeWriter, pod: Pod, events: readonly PodvisorEvent[], nowMs: number): void {
  const hints = explainPitfalls(pod, events, nowMs);
  if (hints.length === 0) return;
  w.write(0, "Hints (podvisor):\n");
  for (const hint of hints) w.write(1, `${hint.message}\n`);
}

/** podvisor's addition: the pod's effective requests/limits (KEP-753, with sidecars and overhead). */
function writeEffectiveResources(w: DescribeWriter, pod: Pod): void {
  w.write(0, "Effective Resources (podvisor, KEP-753):\n");
  for (const [title, compute] of [
    ["Requests", podRequests],
    ["Limits", podLimits],
  ] as const) {
    let text: string;
    try {
      const list = compute(pod);
      const names = Object.keys(list);
      text = names.length === 0 ? "<none>" : names.map((n) => `${n}=${list[n] ?? ""}`).join(", ");
    } catch (error) {
      text = `<invalid: ${(error as Error).message}>`;
    }
    w.write(1, `${title}:\t${text}\n`);
  }
}

interface AggregatedEvent {
  event: PodvisorEvent;
  count: number;
  firstMs: number;
  lastMs: number;
}

/**
 * The events table. The kubelet's recorder folds repeats of one event (same object, type,
 * reason, message, source) into a count, which kubectl shows as `5s (x3 over 2m)`.
 */
function eventsTable(pod: Pod, events: readonly PodvisorEvent[], now: number): string {
  const mine = events.filter(
    (e) =>
      e.involvedObject.kind === "Pod" &&
      e.involvedObject.name === pod.metadata.name &&
      e.involvedObject.namespace === (pod.metadata.namespace ?? "default"),
  );
  const byKey = new Map<string, AggregatedEvent>();
  for (const event of mine) {
    const key = JSON.stringify([
      event.involvedObject.fieldPath ?? "",
      event.type,
      event.reason,
      event.message,
      event.source,
    ]);
    const seen = byKey.get(key);
    if (seen) {
      seen.count++;
      seen.lastMs = Math.max(seen.lastMs, event.timeMs);
    } else byKey.set(key, { event, count: 1, firstMs: event.timeMs, lastMs: event.timeMs });
  }
  const rows = [...byKey.values()].sort((a, b) => a.lastMs - b.lastMs);
  return formatEventsTable(
    rows.map(({ event, count, firstMs, lastMs }) => ({
      type: event.type,
      reason: event.reason,
      source: event.source,
      message: event.message,
      count,
      firstMs,
      lastMs,
    })),
    now,
  );
}

function since(time: string, now: number): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? "<unknown>" : humanDuration(now - ms);
}
