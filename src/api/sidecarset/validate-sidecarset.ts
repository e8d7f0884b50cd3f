/**
 * SidecarSet validation, after Kruise's validating webhook
 * (pkg/webhook/sidecarset/validating/sidecarset_create_update_handler.go): name, selector,
 * namespace scope, strategies, volumes, and the sidecar containers checked with the core pod rules
 * as Kruise does through a fake pod. Paths point at the field itself
 * (`spec.containers[0].podInjectPolicy`) where Kruise's say `spec.container.podInjectPolicy`.
 * Expects a defaulted object (sidecarset-defaults.ts). Cross-SidecarSet conflicts are checked
 * where both meet a pod (sidecarset/check-conflicts.ts), since offline there is no cluster list.
 */
import type { FieldError } from "../field-error.js";
import { validateInitContainers, validateRegularContainers } from "../validation/container.js";
import { isValidLabelValue } from "../validation/names.js";
import { validateObjectMeta } from "../validation/object-meta.js";
import {
  invalid,
  isRecord,
  objectItems,
  readBoolean,
  readObject,
  readString,
  type Fields,
} from "../validation/shape.js";
import { validateVolumes } from "../validation/volumes.js";
import { sidecarModeAnnotation, sidecarModes } from "./sidecarset-types.js";
import { validateSidecarVolumeDevices } from "./validate-volume-devices.js";
import {
  validateInjectionRevision,
  validatePatchPodMetadata,
  validateSelector,
  validateSidecarFields,
  validateUpdateStrategy,
} from "./validate-sidecarset-parts.js";

const nameFormat = "^[a-zA-Z0-9\\-]+$";

export function validateSidecarSet(sidecarSet: Fields): FieldError[] {
  const errors: FieldError[] = [];
  errors.push(...validateSidecarSetMeta(sidecarSet.metadata));
  const spec = readObject(sidecarSet.spec, "spec", errors);
  if (spec === undefined) errors.push({ type: "Required", path: "spec" });
  if (!spec) return errors;

  const selector = readObject(spec.selector, "spec.selector", errors);
  if (selector === undefined)
    errors.push({ type: "Required", path: "spec.selector", detail: "no selector defined for SidecarSet" });
  else if (selector) errors.push(...validateSelector(selector, "spec.selector"));

  errors.push(...validateNamespaceScope(spec, sidecarSet.apiVersion === "apps.kruise.io/v1beta1"));

  const injection = readObject(spec.injectionStrategy, "spec.injectionStrategy", errors);
  if (injection) {
    readBoolean(injection.paused, "spec.injectionStrategy.paused", errors);
    errors.push(...validateInjectionRevision(injection.revision));
  }
  errors.push(...validateUpdateStrategy(spec.updateStrategy));

  const initContainers = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  // Kruise refuses a native sidecar under RollingUpdate ("The initContainer in-place upgrade is
  // not currently supported"); podvisor's rollout upgrades it in place (docs/sidecarsets.md).

  const volumes = validateVolumes(spec.volumes, "spec.volumes");
  errors.push(...volumes.errors);
  if (initContainers.length === 0 && containers.length === 0) {
    if (spec.containers !== undefined && spec.containers !== null && !Array.isArray(spec.containers))
      errors.push(invalid("spec.containers", spec.containers, "must be an array"));
    else
      errors.push({
        type: "Required",
        path: "spec",
        detail: "no initContainer or container defined for SidecarSet",
      });
  } else {
    // Kruise validates through the Kubernetes it pins (v1.32), older than ContainerRestartRules.
    const context = {
      volumeNames: volumes.names,
      graceSeconds: undefined,
      osName: undefined,
      allowContainerRestartRules: false,
    };
    if (containers.length > 0)
      errors.push(...validateRegularContainers(spec.containers, context, "spec.containers"));
    else if (spec.containers !== undefined && spec.containers !== null && !Array.isArray(spec.containers))
      errors.push(invalid("spec.containers", spec.containers, "must be an array"));
    errors.push(
      ...validateInitContainers(spec.initContainers, spec.containers, context, "spec.initContainers"),
    );
    for (const list of ["initContainers", "containers"])
      errors.push(...validateSidecarVolumeDevices(spec[list], spec.volumes, `spec.${list}`));
    errors.push(...validateSidecarFields(spec.containers, "spec.containers"));
    errors.push(...validateSidecarFields(spec.initContainers, "spec.initContainers"));
  }

  for (const [i, secret] of objectItems(spec.imagePullSecrets, "spec.imagePullSecrets", errors)) {
    const name = readString(secret.name, `spec.imagePullSecrets[${i}].name`, errors);
    if (name === undefined || name === "")
      errors.push({ type: "Required", path: `spec.imagePullSecrets[${i}].name` });
  }
  errors.push(...validatePatchPodMetadata(spec.patchPodMetadata));
  return errors;
}

/**
 * Kruise 1.9 validates the v1beta1 form: a v1alpha1 `namespace` becomes a `namespaceSelector`
 * matching the name label (and wins over one given too), so it is checked as a label value.
 * v1beta1 has no `namespace`: kubectl's strict field validation refuses it, and so does podvisor.
 */
function validateNamespaceScope(spec: Fields, isV1beta1: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const namespace = readString(spec.namespace, "spec.namespace", errors);
  const namespaceSelector = readObject(spec.namespaceSelector, "spec.namespaceSelector", errors);
  for (const field of isV1beta1 ? ["namespace", "specificNamespace"] : [])
    if (spec[field] !== undefined && spec[field] !== null)
      errors.push({
        type: "Forbidden",
        path: `spec.${field}`,
        detail:
          "not a field of apps.kruise.io/v1beta1 SidecarSet: use spec.namespaceSelector (matchLabels kubernetes.io/metadata.name: <namespace> for one namespace)",
      });
  if (namespace && !isV1beta1) {
    for (const msg of isValidLabelValue(namespace)) errors.push(invalid("spec.namespace", namespace, msg));
  } else if (namespaceSelector) {
    errors.push(...validateSelector(namespaceSelector, "spec.namespaceSelector"));
  }
  return errors;
}

function validateSidecarSetMeta(metadata: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const meta = readObject(metadata, "metadata", errors);
  if (meta === null) return errors;
  if (meta === undefined)
    return [{ type: "Required", path: "metadata.name", detail: "name or generateName is required" }];
  // The name follows Kruise's own rule, not the DNS-subdomain one: validate the rest without it.
  errors.push(
    ...validateObjectMeta({ ...meta, name: undefined, generateName: undefined }, "metadata", {
      requireName: false,
    }),
  );
  const name = readString(meta.name, "metadata.name", errors);
  if (name === undefined || name === "") {
    errors.push({ type: "Required", path: "metadata.name", detail: "name or generateName is required" });
  } else if (name !== null) {
    if (!new RegExp(nameFormat).test(name))
      errors.push(
        invalid(
          "metadata.name",
          name,
          `sidecarset name must consist of alphanumeric characters or '-' (e.g. 'example-com', regex used for validation is '${nameFormat}')`,
        ),
      );
    if (name.length > 63) errors.push(invalid("metadata.name", name, "must be no more than 63 characters"));
  }
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const mode = annotations[sidecarModeAnnotation];
  if (mode !== undefined && !(typeof mode === "string" && (sidecarModes as readonly string[]).includes(mode)))
    errors.push({
      type: "NotSupported",
      path: `metadata.annotations[${sidecarModeAnnotation}]`,
      value: mode,
      detail: `supported values: ${sidecarModes.map((m) => JSON.stringify(m)).join(", ")}`,
    });
  return errors;
}
