/**
 * ConfigMaps and Secrets a pod spec names, with the field that names them. podvisor has no
 * cluster to fetch them from, so a required one missing from the input is a load-time error
 * (the kubelet would sit in CreateContainerConfigError / ContainerCreating forever).
 */
import type { FieldError } from "./field-error.js";
import { isRecord, type Fields } from "./validation/shape.js";

export interface ObjectReference {
  kind: "ConfigMap" | "Secret";
  name: string;
  /** The field holding the name, e.g. "spec.containers[0].envFrom[0].configMapRef.name". */
  path: string;
  optional: boolean;
}

export function listObjectReferences(spec: unknown, path: string): ObjectReference[] {
  if (!isRecord(spec)) return [];
  const refs: ObjectReference[] = [];
  const add = (kind: ObjectReference["kind"], holder: unknown, nameField: string, refPath: string) => {
    if (isRecord(holder) && typeof holder[nameField] === "string") {
      refs.push({
        kind,
        name: holder[nameField],
        path: `${refPath}.${nameField}`,
        optional: holder.optional === true,
      });
    }
  };
  for (const list of ["initContainers", "containers"]) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container: unknown, i) => {
      if (!isRecord(container)) return;
      const base = `${path}.${list}[${i}]`;
      eachRecord(container.envFrom, (source, j) => {
        add("ConfigMap", source.configMapRef, "name", `${base}.envFrom[${j}].configMapRef`);
        add("Secret", source.secretRef, "name", `${base}.envFrom[${j}].secretRef`);
      });
      eachRecord(container.env, (envVar, j) => {
        const from = envVar.valueFrom;
        if (!isRecord(from)) return;
        add("ConfigMap", from.configMapKeyRef, "name", `${base}.env[${j}].valueFrom.configMapKeyRef`);
        add("Secret", from.secretKeyRef, "name", `${base}.env[${j}].valueFrom.secretKeyRef`);
      });
    });
  }
  eachRecord(spec.volumes, (volume, i) => {
    add("ConfigMap", volume.configMap, "name", `${path}.volumes[${i}].configMap`);
    add("Secret", volume.secret, "secretName", `${path}.volumes[${i}].secret`);
    const projected = volume.projected;
    if (isRecord(projected))
      eachRecord(projected.sources, (source, j) => {
        const base = `${path}.volumes[${i}].projected.sources[${j}]`;
        add("ConfigMap", source.configMap, "name", `${base}.configMap`);
        add("Secret", source.secret, "name", `${base}.secret`);
      });
  });
  return refs;
}

function eachRecord(list: unknown, visit: (item: Fields, index: number) => void): void {
  if (Array.isArray(list)) list.forEach((item: unknown, i) => isRecord(item) && visit(item, i));
}

/** One NotFound per required reference whose object is not in `available` ("<namespace>/<name>"). */
export function checkObjectReferences(
  spec: unknown,
  path: string,
  namespace: string,
  available: { configMaps: ReadonlySet<string>; secrets: ReadonlySet<string> },
): FieldError[] {
  const errors: FieldError[] = [];
  for (const ref of listObjectReferences(spec, path)) {
    const present = (ref.kind === "ConfigMap" ? available.configMaps : available.secrets).has(
      `${namespace}/${ref.name}`,
    );
    if (present || ref.optional) continue;
    errors.push({
      type: "NotFound",
      path: ref.path,
      value: ref.name,
      detail: `${ref.kind} ${namespace}/${ref.name} is not in the input and podvisor has no cluster to fetch it from: add the ${ref.kind} to the input, or set optional: true`,
    });
  }
  return errors;
}
