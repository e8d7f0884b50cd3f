/**
 * The ServiceAccount admission plugin's token mount, done by the pod webhook to the containers it
 * injected (plugin/pkg/admission/serviceaccount/admission.go `mountServiceAccountToken`): where the
 * plugin already gave the pod its `kube-api-access-*` volume (it runs before the webhooks), every
 * container without a mount at /var/run/secrets/kubernetes.io/serviceaccount gets one, read-only,
 * appended to its volumeMounts.
 *
 * The API server re-runs its own plugins after a webhook changed the pod, and calls a webhook with
 * `reinvocationPolicy: IfNeeded` again when they changed it in turn (mutating/dispatcher.go,
 * reinvocationcontext.go). The plugin would add exactly this mount to each injected sidecar, so
 * every injected pod cost a second review that injected nothing (issue 12's bench: ~1 ms p50 of the
 * added latency). With the mount already there the plugin changes nothing: the stored pod is the
 * same, and podvisor is called once.
 */
import { isRecord, type Fields } from "../api/index.js";

const volumePrefix = "kube-api-access-";
const mountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The pod with the plugin's mount in each container that lacks one; the same pod when none needs it. */
export function mountServiceAccountToken(pod: Fields): Fields {
  const spec = isRecord(pod.spec) ? pod.spec : undefined;
  // shouldAutomount: the pod's own preference wins (the ServiceAccount's is not known here, but
  // without automount the plugin added no volume, and then nothing is done below either).
  if (!spec || spec.automountServiceAccountToken === false) return pod;
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  const tokenVolume = volumes.find(
    (v): v is Fields => isRecord(v) && typeof v.name === "string" && v.name.startsWith(volumePrefix),
  );
  if (!tokenVolume) return pod;
  const mount = { name: tokenVolume.name, readOnly: true, mountPath };
  const withMount = (containers: unknown): unknown =>
    Array.isArray(containers)
      ? containers.map((c: unknown) => {
          if (!isRecord(c)) return c;
          const mounts: unknown[] = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
          if (mounts.some((m) => isRecord(m) && m.mountPath === mountPath)) return c;
          return { ...c, volumeMounts: [...mounts, { ...mount }] };
        })
      : containers;
  return {
    ...pod,
    spec: {
      ...spec,
      ...(spec.initContainers !== undefined ? { initContainers: withMount(spec.initContainers) } : {}),
      ...(spec.containers !== undefined ? { containers: withMount(spec.containers) } : {}),
    },
  };
}
