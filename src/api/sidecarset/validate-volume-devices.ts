/**
 * `volumeDevices` of the SidecarSet's sidecars, checked with the core rules Kruise applies through
 * its fake pod (`ValidatePodCreate` → `ValidateVolumeDevices`, kubernetes pkg/apis/core/validation):
 * each names a volume of the SidecarSet that is a PersistentVolumeClaim or an ephemeral volume, at
 * a unique absolute-or-relative path without `..`, neither name nor path also a volume mount's.
 * podvisor's own pod validation does not know block devices (the process backend cannot provide
 * them); this is where a SidecarSet's devices are checked.
 */
import type { FieldError } from "../field-error.js";
import { invalid, isRecord, objectItems, readString } from "../validation/shape.js";

export function validateSidecarVolumeDevices(
  containers: unknown,
  volumes: unknown,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const blockCapable = new Map<string, boolean>();
  for (const volume of Array.isArray(volumes) ? volumes : [])
    if (isRecord(volume) && typeof volume.name === "string")
      blockCapable.set(
        volume.name,
        volume.persistentVolumeClaim !== undefined || volume.ephemeral !== undefined,
      );
  for (const [i, container] of objectItems(containers, path, [])) {
    const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts.filter(isRecord) : [];
    const mountNames = new Set(mounts.map((m) => m.name));
    const mountPaths = new Set(mounts.map((m) => m.mountPath));
    const [names, paths] = [new Set<string>(), new Set<string>()];
    for (const [j, device] of objectItems(container.volumeDevices, `${path}[${i}].volumeDevices`, errors)) {
      const at = `${path}[${i}].volumeDevices[${j}]`;
      const name = readString(device.name, `${at}.name`, errors) ?? "";
      const devicePath = readString(device.devicePath, `${at}.devicePath`, errors) ?? "";
      if (name === "") errors.push({ type: "Required", path: `${at}.name` });
      if (names.has(name)) errors.push(invalid(`${at}.name`, name, "must be unique"));
      const capable = blockCapable.get(name);
      if (capable === false)
        errors.push(
          invalid(
            `${at}.name`,
            name,
            "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
          ),
        );
      if (capable === undefined && name !== "")
        errors.push({ type: "NotFound", path: `${at}.name`, value: name });
      if (devicePath === "") errors.push({ type: "Required", path: `${at}.devicePath` });
      if (paths.has(devicePath)) errors.push(invalid(`${at}.devicePath`, devicePath, "must be unique"));
      if (devicePath.split("/").includes(".."))
        errors.push(invalid(`${at}.devicePath`, devicePath, "can not contain backsteps ('..')"));
      else paths.add(devicePath);
      if (mountNames.has(name))
        errors.push(invalid(`${at}.name`, name, "must not already exist in volumeMounts"));
      if (mountPaths.has(devicePath))
        errors.push(
          invalid(`${at}.devicePath`, devicePath, "must not already exist as a path in volumeMounts"),
        );
      if (name !== "") names.add(name);
    }
  }
  return errors;
}
