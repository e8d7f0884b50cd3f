/**
 * The pod a workload creates from its template (controller.GetPodFromTemplate): the template's
 * labels, annotations and spec, and a controller ownerReference to the workload.
 */
import type { Pod, PodTemplateSpec } from "../../api/index.js";
import { controllerRef } from "./owner-reference.js";

export interface PodOwner {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; uid?: string; namespace?: string };
}

export function buildPodFromTemplate(
  owner: PodOwner,
  template: PodTemplateSpec,
  name: string,
  generateName?: string,
): Pod {
  const metadata: Pod["metadata"] = {
    name,
    labels: { ...template.metadata?.labels },
    ownerReferences: [controllerRef(owner.apiVersion, owner.kind, owner.metadata)],
  };
  if (generateName !== undefined) metadata.generateName = generateName;
  if (template.metadata?.annotations !== undefined)
    metadata.annotations = { ...template.metadata.annotations };
  if (owner.metadata.namespace !== undefined) metadata.namespace = owner.metadata.namespace;
  return { apiVersion: "v1", kind: "Pod", metadata, spec: structuredClone(template.spec) };
}
