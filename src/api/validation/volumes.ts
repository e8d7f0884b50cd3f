/**
 * `spec.volumes` and `volumeMounts`, after upstream `ValidateVolumes`, `validateVolumeSource`,
 * `validateKeyToPath`, `ValidateVolumeMounts`. A volume with any error is left out of the name set,
 * so mounts that use it also report `Not found`, as upstream does.
 */
import type { FieldError } from "../field-error.js";
import { validateProjectionSources } from "./projected-volume.js";
import {
  fileModeError,
  validateDownwardApiFiles,
  validateKeyToPaths,
  validateLocalDescendingPath,
} from "./volume-files.js";
import { isDns1123Label, isDns1123Subdomain } from "./names.js";
import {
  invalid,
  objectItems,
  readBoolean,
  readInteger,
  readObject,
  readString,
  type Fields,
} from "./shape.js";

/** Every volume source the core API knows; podvisor runs only some (see podvisor-support.ts). */
export const volumeSourceKinds = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "quobyte",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image",
];

export function validateVolumes(
  volumes: unknown,
  path: string,
): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  for (const [i, volume] of objectItems(volumes, path, errors)) {
    const itemPath = `${path}[${i}]`;
    const own: FieldError[] = validateVolumeSource(volume, itemPath);
    const name = readString(volume.name, `${itemPath}.name`, own);
    if (name === undefined || name === "") own.push({ type: "Required", path: `${itemPath}.name` });
    else if (name !== null)
      for (const msg of isDns1123Label(name)) own.push(invalid(`${itemPath}.name`, name, msg));
    if (typeof name === "string" && names.has(name))
      own.push({ type: "Duplicate", path: `${itemPath}.name`, value: name });
    if (own.length === 0 && typeof name === "string") names.add(name);
    errors.push(...own);
  }
  return { errors, names };
}

function validateVolumeSource(volume: Fields, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let count = 0;
  for (const kind of volumeSourceKinds) {
    if (volume[kind] === undefined || volume[kind] === null) continue;
    if (count++ > 0) {
      errors.push({
        type: "Forbidden",
        path: `${path}.${kind}`,
        detail: "may not specify more than 1 volume type",
      });
      continue;
    }
    const source = readObject(volume[kind], `${path}.${kind}`, errors);
    if (source) errors.push(...validateSource(kind, source, `${path}.${kind}`));
  }
  if (count === 0) errors.push({ type: "Required", path, detail: "must specify a volume type" });
  return errors;
}

function validateSource(kind: string, source: Fields, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const checkMode = (value: unknown, modePath: string) => {
    const mode = readInteger(value, modePath, errors);
    if (typeof mode === "number" && (mode < 0 || mode > 0o777))
      errors.push(invalid(modePath, mode, fileModeError));
  };
  switch (kind) {
    case "hostPath": {
      const hostPath = readString(source.path, `${path}.path`, errors);
      if (hostPath === undefined || hostPath === "") errors.push({ type: "Required", path: `${path}.path` });
      break;
    }
    case "configMap":
    case "secret": {
      const nameField = kind === "configMap" ? "name" : "secretName";
      const name = readString(source[nameField], `${path}.${nameField}`, errors);
      if (name === undefined || name === "") errors.push({ type: "Required", path: `${path}.${nameField}` });
      else if (kind === "secret" && name !== null)
        for (const msg of isDns1123Subdomain(name)) errors.push(invalid(`${path}.${nameField}`, name, msg));
      checkMode(source.defaultMode, `${path}.defaultMode`);
      readBoolean(source.optional, `${path}.optional`, errors);
      validateKeyToPaths(source.items, `${path}.items`, errors);
      break;
    }
    case "downwardAPI": {
      checkMode(source.defaultMode, `${path}.defaultMode`);
      validateDownwardApiFiles(source.items, `${path}.items`, errors);
      break;
    }
    case "projected": {
      checkMode(source.defaultMode, `${path}.defaultMode`);
      validateProjectionSources(source.sources, path, errors);
      break;
    }
  }
  return errors;
}

export function validateVolumeMounts(
  mounts: unknown,
  volumeNames: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const mountPaths = new Set<string>();
  for (const [i, mount] of objectItems(mounts, path, errors)) {
    const itemPath = `${path}[${i}]`;
    const name = readString(mount.name, `${itemPath}.name`, errors);
    if (name === undefined || name === "") errors.push({ type: "Required", path: `${itemPath}.name` });
    if (typeof name === "string" && !volumeNames.has(name))
      errors.push({ type: "NotFound", path: `${itemPath}.name`, value: name });
    const mountPath = readString(mount.mountPath, `${itemPath}.mountPath`, errors);
    if (mountPath === undefined || mountPath === "")
      errors.push({ type: "Required", path: `${itemPath}.mountPath` });
    if (typeof mountPath === "string") {
      if (mountPaths.has(mountPath))
        errors.push(invalid(`${itemPath}.mountPath`, mountPath, "must be unique"));
      mountPaths.add(mountPath);
    }
    readBoolean(mount.readOnly, `${itemPath}.readOnly`, errors);
    const subPath = readString(mount.subPath, `${itemPath}.subPath`, errors);
    if (subPath) errors.push(...validateLocalDescendingPath(subPath, `${itemPath}.subPath`));
    const subPathExpr = readString(mount.subPathExpr, `${itemPath}.subPathExpr`, errors);
    if (subPathExpr) {
      if (subPath)
        errors.push(
          invalid(`${itemPath}.subPathExpr`, subPathExpr, "subPathExpr and subPath are mutually exclusive"),
        );
      errors.push(...validateLocalDescendingPath(subPathExpr, `${itemPath}.subPathExpr`));
    }
  }
  return errors;
}
