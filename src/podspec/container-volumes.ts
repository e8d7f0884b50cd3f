/**
 * Volume contents, resolved before the sandbox exists (the kubelet's volume plugins for
 * configMap, secret, downwardAPI and projected, in one pure step). Files get `items[].mode`, else
 * the volume's `defaultMode`, else 0644. Downward API maps are written in the kubelet's
 * `key="value"` line format. A missing optional object or key yields no file; required objects
 * are guaranteed present by loadRunInput (a missing required item key is skipped here).
 *
 * A projected volume (pkg/volume/projected `collectData`) is the union of its sources' files, each
 * with the projected volume's `defaultMode` unless its item says otherwise; a serviceAccountToken
 * source is the file `path` holding the pod's token for its audience and expirationSeconds, as the
 * node fetched it (ObjectLookup.serviceAccountToken); without one the file is left out.
 */
import {
  decodeBase64,
  type DownwardAPIVolumeFile,
  type KeyToPath,
  type Pod,
  podFieldValue,
  resourceFieldValue,
} from "../api/index.js";
import { parseQuantity, scaledQuantityValue } from "../api/quantity/index.js";
import { defaultTokenExpirationSeconds, type ObjectLookup, type TokenRequestKey } from "./object-lookup.js";
import type { ResolvedFile, ResolvedVolume } from "./container-launch-spec.js";

const defaultFileMode = 0o644;
const encoder = new TextEncoder();

export function resolveVolumes(pod: Pod, objects: ObjectLookup): ResolvedVolume[] {
  const namespace = pod.metadata.namespace ?? "default";
  const configMapData = (name: string | undefined) => {
    const configMap = name === undefined ? undefined : objects.configMap(namespace, name);
    const data = new Map<string, Uint8Array>();
    for (const [key, value] of Object.entries(configMap?.data ?? {})) data.set(key, encoder.encode(value));
    for (const [key, value] of Object.entries(configMap?.binaryData ?? {}))
      data.set(key, decodeBase64(value) ?? new Uint8Array());
    return data;
  };
  const secretData = (name: string | undefined) => {
    const secret = name === undefined ? undefined : objects.secret(namespace, name);
    const data = new Map<string, Uint8Array>();
    for (const [key, value] of Object.entries(secret?.data ?? {}))
      data.set(key, decodeBase64(value) ?? new Uint8Array());
    return data;
  };
  const volumes: ResolvedVolume[] = [];
  for (const volume of pod.spec.volumes ?? []) {
    const filesVolume = (files: ResolvedFile[]) => volumes.push({ name: volume.name, kind: "files", files });
    if (volume.hostPath) {
      volumes.push(
        volume.hostPath.type
          ? { name: volume.name, kind: "hostPath", path: volume.hostPath.path, type: volume.hostPath.type }
          : { name: volume.name, kind: "hostPath", path: volume.hostPath.path },
      );
    } else if (volume.configMap) {
      const source = volume.configMap;
      filesVolume(projectKeys(configMapData(source.name), source.items, source.defaultMode));
    } else if (volume.secret) {
      const source = volume.secret;
      filesVolume(projectKeys(secretData(source.secretName), source.items, source.defaultMode));
    } else if (volume.downwardAPI) {
      filesVolume(downwardApiFiles(pod, volume.downwardAPI.items, volume.downwardAPI.defaultMode));
    } else if (volume.projected) {
      const mode = volume.projected.defaultMode;
      const files = new Map<string, ResolvedFile>();
      const add = (list: ResolvedFile[]) => list.forEach((file) => files.set(file.path, file));
      for (const source of volume.projected.sources ?? []) {
        if (source.configMap)
          add(projectKeys(configMapData(source.configMap.name), source.configMap.items, mode));
        else if (source.secret) add(projectKeys(secretData(source.secret.name), source.secret.items, mode));
        else if (source.downwardAPI) add(downwardApiFiles(pod, source.downwardAPI.items, mode));
        else if (source.serviceAccountToken) {
          const token = objects.serviceAccountToken(tokenRequestKey(source.serviceAccountToken));
          if (token !== undefined)
            add([
              {
                path: source.serviceAccountToken.path,
                data: encoder.encode(token),
                mode: mode ?? defaultFileMode,
              },
            ]);
        }
      }
      filesVolume([...files.values()]);
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

/** The tokens a pod's projected volumes hold, one per distinct audience and lifetime. */
export function tokenRequestKeys(pod: Pod): TokenRequestKey[] {
  const keys = new Map<string, TokenRequestKey>();
  for (const volume of pod.spec.volumes ?? [])
    for (const source of volume.projected?.sources ?? [])
      if (source.serviceAccountToken) {
        const key = tokenRequestKey(source.serviceAccountToken);
        keys.set(`${key.audience}/${key.expirationSeconds}`, key);
      }
  return [...keys.values()];
}

function tokenRequestKey(source: { audience?: string; expirationSeconds?: number }): TokenRequestKey {
  return {
    audience: source.audience ?? "",
    expirationSeconds: source.expirationSeconds ?? defaultTokenExpirationSeconds,
  };
}

function downwardApiFiles(
  pod: Pod,
  items: DownwardAPIVolumeFile[] | undefined,
  defaultMode: number | undefined,
): ResolvedFile[] {
  const mode = defaultMode ?? defaultFileMode;
  const files: ResolvedFile[] = [];
  for (const item of items ?? []) {
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
  return files;
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
