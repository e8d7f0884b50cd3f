/**
 * `kubectl get -o json|yaml|name|jsonpath=...` for pods and jobs. One object named on the
 * command line prints alone; otherwise kubectl wraps the objects in a `v1 List`. JSON is
 * indented by 4 spaces and YAML lists sit at their key's indentation, with keys sorted, as kubectl
 * prints them (it marshals through unstructured maps, whose keys Go sorts).
 */
import { stringify } from "yaml";
import type { Job, Pod, Workload } from "../../api/index.js";
import { executeJsonPath } from "./jsonpath.js";

export type ObjectFormat =
  { kind: "json" } | { kind: "yaml" } | { kind: "name" } | { kind: "jsonpath"; template: string };

export function formatObjects(
  objects: readonly (Pod | Job | Workload)[],
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

/** `pod/NAME`, `job.batch/NAME`, `deployment.apps/NAME`, as `kubectl get -o name`. */
export function resourceName(object: Pod | Job | Workload): string {
  const group = object.apiVersion.includes("/") ? `.${object.apiVersion.split("/")[0] ?? ""}` : "";
  return `${object.kind.toLowerCase()}${group}/${object.metadata.name ?? ""}`;
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
