/**
 * Volume contents, resolved before the sandbox exists (the kubelet's volume plugins for
 * configMap, secret and downwardAPI, in one pure step). Files get `items[].mode`, else the
 * volume's `defaultMode`, else 0644. Downward API maps are written in the kubelet's
 * `key="value"` line format. A missing optional object or key yields no file; required objects
 * are guaranteed present by loadRunInput (a missing required item key is skipped here).
 */
import { decodeBase64, type KeyToPath, type Pod, podFieldValue, resourceFieldValue } from "../api/index.js";
import { parseQuantity, scaledQuantityValue } from "../api/quantity/index.js";
import type { ObjectLookup } from "./object-lookup.js";
import type { ResolvedFile, ResolvedVolume } from "./container-launch-spec.js";

const defaultFileMode = 0o644;

export function resolveVolumes(pod: Pod, objects: ObjectLookup): ResolvedVolume[] {
  const namespace = pod.metadata.namespace ?? "default";
  const encoder = new TextEncoder();
  const volumes: ResolvedVolume[] = [];
  for (const volume of pod.spec.volumes ?? []) {
    if (volume.hostPath) {
      volumes.push(
        volume.hostPath.type
          ? { name: volume.name, kind: "hostPath", path: volume.hostPath.path, type: volume.hostPath.type }
          : { name: volume.name, kind: "hostPath", path: volume.hostPath.path },
      );
    } else if (volume.configMap) {
      const source = volume.configMap;
      const configMap = source.name === undefined ? undefined : objects.configMap(namespace, source.name);
      const data = new Map<string, Uint8Array>();
      for (const [key, value] of Object.entries(configMap?.data ?? {})) data.set(key, encoder.encode(value));
      for (const [key, value] of Object.entries(configMap?.binaryData ?? {}))
        data.set(key, decodeBase64(value) ?? new Uint8Array());
      volumes.push({
        name: volume.name,
        kind: "files",
        files: projectKeys(data, source.items, source.defaultMode),
      });
    } else if (volume.secret) {
      const source = volume.secret;
      const secret =
        source.secretName === undefined ? undefined : objects.secret(namespace, source.secretName);
      const data = new Map<string, Uint8Array>();
      for (const [key, value] of Object.entries(secret?.data ?? {}))
        data.set(key, decodeBase64(value) ?? new Uint8Array());
      volumes.push({
        name: volume.name,
        kind: "files",
        files: projectKeys(data, source.items, source.defaultMode),
      });
    } else if (volume.downwardAPI) {
      const mode = volume.downwardAPI.defaultMode ?? defaultFileMode;
      const files: ResolvedFile[] = [];
      for (const item of volume.downwardAPI.items ?? []) {
        let text = "";
        if (item.fieldRef)
          text = podFieldValue(pod, item.fieldRef, {
            podIP: "",
            hostIP: "",
            nodeName: pod.spec.nodeName ?? "",
          });
        else if (item.resourceFieldRef) {
          const container =
            pod.spec.containers.find((c) => c.name === item.resourceFieldRef?.containerName) ??
            pod.spec.containers[0];
          if (container) text = resourceFieldValue(pod, container, item.resourceFieldRef);
        }
        files.push({ path: item.path, data: encoder.encode(text), mode: item.mode ?? mode });
      }
      volumes.push({ name: volume.name, kind: "files", files });
    } else {
      // emptyDir, and anything loadRunInput let through as emptyDir-like scratch space.
      const sizeLimitBytes = quantityBytes(volume.emptyDir?.sizeLimit);
      volumes.push({
        name: volume.name,
        kind: "emptyDir",
        ...(volume.emptyDir?.medium === "Memory" ? { medium: "Memory" as const } : {}),
        ...(sizeLimitBytes !== undefined && sizeLimitBytes > 0 ? { sizeLimitBytes } : {}),
      });
    }
  }
  return volumes;
}

/** `Quantity.Value()`: whole bytes, rounded up. */
function quantityBytes(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseQuantity(text);
  return parsed.ok ? Number(scaledQuantityValue(parsed.quantity, 0)) : undefined;
}

function projectKeys(
  data: Map<string, Uint8Array>,
  items: KeyToPath[] | undefined,
  defaultMode: number | undefined,
): ResolvedFile[] {
  const mode = defaultMode ?? defaultFileMode;
  if (!items || items.length === 0) {
    return [...data.keys()]
      .sort()
      .map((key) => ({ path: key, data: data.get(key) ?? new Uint8Array(), mode }));
  }
  const files: ResolvedFile[] = [];
  for (const item of items) {
    const bytes = data.get(item.key);
    if (bytes) files.push({ path: item.path, data: bytes, mode: item.mode ?? mode });
  }
  return files;
}
