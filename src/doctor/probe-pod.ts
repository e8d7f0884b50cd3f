/**
 * The probe pod doctor creates with `dryRun=All` in each namespace it checks: one native sidecar
 * and one app container. Admission runs in full (defaulting, every mutating webhook, validation)
 * and nothing is stored. If the answer's sidecar lost `restartPolicy: Always`, something in
 * admission dropped the field: the pod would run it as a plain init container and never start
 * its app ("Adopting Sidecar Containers", the tutorial's webhook problem).
 */
import { isRecord, type Fields } from "../api/index.js";

export const probeSidecarName = "doctor-probe-sidecar";
/** Labels the probe carries, so webhooks that select by `app.kubernetes.io/*` see a typical pod. */
export const probeLabels: Readonly<Record<string, string>> = {
  "app.kubernetes.io/name": "podvisor-doctor-probe",
};

export function probePod(namespace: string): Fields {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { generateName: "podvisor-doctor-probe-", namespace, labels: { ...probeLabels } },
    spec: {
      initContainers: [
        {
          name: probeSidecarName,
          image: "registry.invalid/podvisor/doctor-probe:1",
          restartPolicy: "Always",
        },
      ],
      containers: [{ name: "app", image: "registry.invalid/podvisor/doctor-probe:1" }],
    },
  };
}

/** Did `restartPolicy: Always` survive admission? (False as well when the sidecar was removed.) */
export function sidecarSurvived(admitted: Fields): boolean {
  const spec = isRecord(admitted.spec) ? admitted.spec : {};
  const initContainers = Array.isArray(spec.initContainers) ? spec.initContainers.filter(isRecord) : [];
  return initContainers.some((c) => c.name === probeSidecarName && c.restartPolicy === "Always");
}

/** Label and annotation keys on the admitted probe that the probe did not carry: what mutators added. */
export function addedMetadataKeys(admitted: Fields): string[] {
  const meta = isRecord(admitted.metadata) ? admitted.metadata : {};
  const keys = [
    ...Object.keys(isRecord(meta.labels) ? meta.labels : {}),
    ...Object.keys(isRecord(meta.annotations) ? meta.annotations : {}),
  ];
  return keys.filter((key) => !Object.hasOwn(probeLabels, key));
}
