/**
 * Pod and pod-spec validation: every problem at once, as `field.ErrorList` (upstream
 * `ValidatePodCreate` → `ValidatePodSpec`; docs/rules/lifecycle.md §G). Expects a defaulted object
 * (defaults/pod-defaults.ts), as the API server validates after defaulting.
 */
import type { FieldError } from "../field-error.js";
import { validateInitContainers, validateRegularContainers, validateEnum } from "./container.js";
import { isDns1123Label, isDns1123Subdomain } from "./names.js";
import { validateObjectMeta } from "./object-meta.js";
import { invalid, isRecord, readBoolean, readInteger, readObject, readString } from "./shape.js";
import { validateVolumes } from "./volumes.js";

/**
 * `path` prefixes every field path: "" for a Pod, "spec.template" for a Job's pod template
 * (whose metadata needs no name).
 */
export function validatePod(pod: unknown, path = ""): FieldError[] {
  const errors: FieldError[] = [];
  const prefix = path ? `${path}.` : "";
  const fields = readObject(pod, path || "<root>", errors);
  if (!fields) return errors;
  errors.push(...validateObjectMeta(fields.metadata, `${prefix}metadata`, { requireName: path === "" }));
  errors.push(...validatePodSpec(fields.spec, `${prefix}spec`, { isTemplate: path !== "" }));
  return errors;
}

/** `isTemplate`: an unset restartPolicy is left to the owner (a Job reports it itself). */
export function validatePodSpec(
  spec: unknown,
  path: string,
  options: { isTemplate: boolean } = { isTemplate: false },
): FieldError[] {
  const errors: FieldError[] = [];
  const fields = readObject(spec, path, errors);
  if (fields === null) return errors;
  if (fields === undefined) return [{ type: "Required", path: `${path}.containers` }];

  const volumes = validateVolumes(fields.volumes, `${path}.volumes`);
  errors.push(...volumes.errors);
  const grace = readInteger(
    fields.terminationGracePeriodSeconds,
    `${path}.terminationGracePeriodSeconds`,
    errors,
  );
  const osName = isRecord(fields.os) ? fields.os.name : undefined;
  const context = {
    volumeNames: volumes.names,
    graceSeconds: typeof grace === "number" ? grace : undefined,
    osName,
  };
  errors.push(...validateRegularContainers(fields.containers, context, `${path}.containers`));
  errors.push(
    ...validateInitContainers(fields.initContainers, fields.containers, context, `${path}.initContainers`),
  );
  if (!(options.isTemplate && (fields.restartPolicy === undefined || fields.restartPolicy === ""))) {
    errors.push(
      ...validateEnum(fields.restartPolicy, ["Always", "OnFailure", "Never"], `${path}.restartPolicy`),
    );
  }
  errors.push(
    ...validateEnum(
      fields.dnsPolicy,
      ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
      `${path}.dnsPolicy`,
    ),
  );

  const deadline = readInteger(fields.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`, errors);
  if (typeof deadline === "number" && (deadline < 1 || deadline > 2147483647)) {
    errors.push(
      invalid(`${path}.activeDeadlineSeconds`, deadline, "must be between 1 and 2147483647, inclusive"),
    );
  }
  if (typeof grace === "number" && grace < 0)
    errors.push(
      invalid(`${path}.terminationGracePeriodSeconds`, grace, "must be greater than or equal to 0"),
    );

  for (const field of ["hostname", "subdomain"]) {
    const value = readString(fields[field], `${path}.${field}`, errors);
    if (value) for (const msg of isDns1123Label(value)) errors.push(invalid(`${path}.${field}`, value, msg));
  }
  for (const field of ["nodeName", "serviceAccountName"]) {
    const value = readString(fields[field], `${path}.${field}`, errors);
    if (value)
      for (const msg of isDns1123Subdomain(value)) errors.push(invalid(`${path}.${field}`, value, msg));
  }
  readString(fields.schedulerName, `${path}.schedulerName`, errors);
  readBoolean(fields.shareProcessNamespace, `${path}.shareProcessNamespace`, errors);
  return errors;
}
