/**
 * The API server's ServiceAccount admission adds a projected volume `kube-api-access-<suffix>`
 * (a bound token, kube-root-ca.crt, the namespace) to every pod and mounts it at
 * /var/run/secrets/kubernetes.io/serviceaccount. podvisor node does not yet request tokens
 * (TokenRequest) nor serve projected volumes, so it runs the pod without that volume: in-cluster
 * API access from the pod's containers is not available (docs/node.md). Any other projected
 * volume still makes the pod unsupported.
 */
import { isRecord, type Pod } from "../api/index.js";

const serviceAccountVolumePrefix = "kube-api-access-";

function isServiceAccountVolume(volume: unknown): volume is { name: string } {
  return (
    isRecord(volume) &&
    typeof volume.name === "string" &&
    volume.name.startsWith(serviceAccountVolumePrefix) &&
    isRecord(volume.projected)
  );
}

/** The pod without the ServiceAccount admission's token volume and its mounts; `dropped` names it. */
export function withoutServiceAccountVolume(pod: Pod): { pod: Pod; dropped: string[] } {
  const volumes = (pod.spec.volumes ?? []) as unknown[];
  const dropped = volumes.filter(isServiceAccountVolume).map((v) => v.name);
  if (dropped.length === 0) return { pod, dropped };
  const unmount = <C extends { volumeMounts?: { name: string }[] }>(container: C): C =>
    container.volumeMounts
      ? { ...container, volumeMounts: container.volumeMounts.filter((m) => !dropped.includes(m.name)) }
      : container;
  return {
    pod: {
      ...pod,
      spec: {
        ...pod.spec,
        volumes: (pod.spec.volumes ?? []).filter((v) => !dropped.includes(v.name)),
        containers: pod.spec.containers.map(unmount),
        ...(pod.spec.initContainers ? { initContainers: pod.spec.initContainers.map(unmount) } : {}),
      },
    },
    dropped,
  };
}
