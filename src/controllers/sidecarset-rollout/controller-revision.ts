/**
 * A SidecarSet's revision as a ControllerRevision, built as Kruise's history control builds it
 * (pkg/control/sidecarcontrol/history_control.go `NewRevision`, `getPatch`; kubernetes
 * pkg/controller/history `NewControllerRevision`, `HashControllerRevision`): the data is a
 * strategic-merge patch replacing the spec's volumes, containers, initContainers,
 * imagePullSecrets and patchPodMetadata, marshalled by Go from a generic map (keys sorted at every
 * level, HTML characters escaped); the name is `<sidecarset>-<hash>`, the hash FNV-32 of the data
 * and the collision count, safe-encoded. `injectionStrategy.revision` restores from it.
 */
import type { SidecarSet } from "../../api/index.js";
import { canonicalJson } from "../../sidecarset/index.js";
import { encodeSidecarContainer } from "../../sidecarset/index.js";
import { safeEncodeString } from "../../sidecarset/index.js";

export const sidecarSetNameLabel = "kruise.io/sidecarset-name";
export const customVersionLabel = "apps.kruise.io/sidecarset-custom-version";
export const revisionHashLabel = "controller.kubernetes.io/hash";

export interface ControllerRevision {
  apiVersion: "apps/v1";
  kind: "ControllerRevision";
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    ownerReferences: {
      apiVersion: string;
      kind: string;
      name: string;
      uid: string;
      controller: true;
      blockOwnerDeletion: true;
    }[];
  };
  data: unknown;
  revision: number;
}

/** The revision's data, exactly as Kruise's bytes (`json.Marshal` of the generic map). */
export function revisionDataText(sidecarSet: SidecarSet): string {
  const spec = sidecarSet.spec as unknown as Record<string, unknown>;
  const containers = (list: unknown) =>
    Array.isArray(list) ? list.map((c) => JSON.parse(encodeSidecarContainer(c)) as unknown) : null;
  const data = {
    spec: {
      $patch: "replace",
      containers: containers(spec.containers),
      imagePullSecrets: spec.imagePullSecrets ?? null,
      initContainers: containers(spec.initContainers),
      patchPodMetadata: spec.patchPodMetadata ?? null,
      volumes: spec.volumes ?? null,
    },
  };
  return goMapJson(data);
}

/**
 * Go's `json.Marshal` of a generic map: keys sorted at every level, and `<`, `>`, `&`, U+2028,
 * U+2029 escaped (they only ever occur inside strings).
 */
export function goMapJson(value: unknown): string {
  return canonicalJson(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `HashControllerRevision`: FNV-32 (not 32a) of the data, then of the collision count's digits. */
export function controllerRevisionHash(dataText: string, collisionCount: number | undefined): string {
  let hash = 0x811c9dc5;
  const write = (bytes: Uint8Array) => {
    for (const byte of bytes) hash = (Math.imul(hash, 0x01000193) ^ byte) >>> 0;
  };
  write(new TextEncoder().encode(dataText));
  if (collisionCount !== undefined) write(new TextEncoder().encode(String(Math.trunc(collisionCount))));
  return safeEncodeString(String(hash >>> 0));
}

/** `ControllerRevisionName`: the parent's name (at most 223 characters), a dash, the hash. */
export function controllerRevisionName(sidecarSetName: string, hash: string): string {
  return `${sidecarSetName.slice(0, 223)}-${hash}`;
}

/** Kruise `NewRevision` for `revision` (its number), in the namespace Kruise keeps them in. */
export function newControllerRevision(
  sidecarSet: SidecarSet,
  namespace: string,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  const dataText = revisionDataText(sidecarSet);
  const hash = controllerRevisionHash(dataText, collisionCount);
  const name = sidecarSet.metadata.name ?? "";
  const labels: Record<string, string> = { ...(sidecarSet.metadata.labels ?? {}), [revisionHashLabel]: hash };
  if (sidecarSet.spec.customVersion) labels[customVersionLabel] = sidecarSet.spec.customVersion;
  labels[sidecarSetNameLabel] = name;
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: controllerRevisionName(name, hash),
      namespace,
      labels,
      annotations: { ...(sidecarSet.metadata.annotations ?? {}) },
      ownerReferences: [
        {
          apiVersion: sidecarSet.apiVersion,
          kind: "SidecarSet",
          name,
          uid: sidecarSet.metadata.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    data: JSON.parse(dataText) as unknown,
    revision,
  };
}
