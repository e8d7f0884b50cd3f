/** The pod a ReplicaSet (or ReplicationController) creates: its template with `generateName: <rs>-`. */
import type { Pod, PodTemplateSpec } from "../../api/index.js";
import { jobPodGenerateName } from "../job/index.js";
import { buildPodFromTemplate, type PodOwner } from "../workload-pods/index.js";

/** A ReplicaSet's (or ReplicationController's) pod: `generateName` is `<name>-`, cut as upstream cuts it. */
export function buildReplicaSetPod(owner: PodOwner, template: PodTemplateSpec, podName: string): Pod {
  return buildPodFromTemplate(owner, template, podName, jobPodGenerateName(owner.metadata.name ?? ""));
}
