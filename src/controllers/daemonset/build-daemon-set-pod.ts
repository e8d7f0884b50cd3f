/**
 * The pod a DaemonSet creates for a node (upstream `CreatePods` with the template from
 * `util.CreatePodTemplate`): `generateName: <ds>-`, the labels `controller-revision-hash` and
 * `pod-template-generation`, the tolerations every daemon pod gets
 * (`AddOrUpdateDaemonPodTolerations`) and a required node affinity to that node's name
 * (`ReplaceDaemonSetPodNodeNameNodeAffinity`).
 */
import type { DaemonSet, Pod, Toleration } from "../../api/index.js";
import { jobPodGenerateName } from "../job/index.js";
import { buildPodFromTemplate } from "../workload-pods/index.js";

const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

export function buildDaemonSetPod(
  ds: DaemonSet,
  podName: string,
  nodeName: string,
  revisionHash: string,
): Pod {
  const pod = buildPodFromTemplate(ds, ds.spec.template, podName, jobPodGenerateName(ds.metadata.name ?? ""));
  pod.metadata.labels = {
    ...pod.metadata.labels,
    "controller-revision-hash": revisionHash,
    "pod-template-generation": String(ds.metadata.generation ?? 1),
  };
  const tolerations = [...(pod.spec.tolerations ?? [])];
  for (const toleration of DAEMON_TOLERATIONS)
    if (!tolerations.some((t) => t.key === toleration.key && t.effect === toleration.effect))
      tolerations.push(toleration);
  pod.spec.tolerations = tolerations;
  pod.spec.affinity = {
    ...pod.spec.affinity,
    nodeAffinity: {
      ...pod.spec.affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }],
      },
    },
  };
  return pod;
}
