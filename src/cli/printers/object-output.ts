/**
 * `kubectl get -o json|yaml|name|jsonpath=...` for pods, jobs, workloads and SidecarSets. One object named on the
 * command line prints alone; otherwise kubectl wraps the objects in a `v1 List`. JSON is
 * indented by 4 spaces and YAML lists sit at their key's indentation, with keys sorted, as kubectl
 * prints them (it marshals through unstructured maps, whose keys Go sorts).
 */
import { stringify } from "yaml";
import { executeJsonPath } from "./jsonpath.js";

/** What the printers need of an object: its kind and name; the rest is printed as it is. */
export interface PrintableObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string };
}

export type ObjectFormat =
  { kind: "json" } | { kind: "yaml" } | { kind: "name" } | { kind: "jsonpath"; template: string };

export function formatObjects(
  objects: readonly PrintableObject[],
  format: ObjectFormat,
  options: { single: boolean },
): string {
  if (format.kind === "name") return objects.map((o) => `${resourceName(o)}\n`).join("");
  const value: unknown =
    options.single && objects.length === 1
      ? objects[0]
      : { apiVersion: "v1", items: objects, kind: "List", metadata: { resourceVersion: "" } };
  const sorted = sortKeys(value);
  switch (format.kind) {
    case "json":
      return `${JSON.stringify(sorted, null, 4)}\n`;
    case "yaml":
      // YAML 1.1 rules quote what go-yaml quotes: timestamps, yes/no/on/off, octal-looking numbers.
      return stringify(sorted, { version: "1.1", indentSeq: false, lineWidth: 0 });
    case "jsonpath":
      return executeJsonPath(format.template, sorted);
  }
}

const resourceNames: Readonly<Record<string, string>> = {
  Pod: "pod",
  Job: "job.batch",
  SidecarSet: "sidecarset.apps.kruise.io",
};

/**
 * `pod/NAME`, `job.batch/NAME`, `deployment.apps/NAME`, `sidecarset.apps.kruise.io/NAME`, as
 * `kubectl get -o name`: the kind lower-cased with its API group, from the apiVersion where the
 * kind is not one of the known ones.
 */
export function resourceName(object: PrintableObject): string {
  const apiVersion = object.apiVersion ?? "";
  const group = apiVersion.includes("/") ? `.${apiVersion.split("/")[0] ?? ""}` : "";
  const resource = resourceNames[object.kind ?? ""] ?? `${(object.kind ?? "").toLowerCase()}${group}`;
  return `${resource}/${object.metadata.name ?? ""}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}
