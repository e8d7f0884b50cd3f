/**
 * Container validation, after upstream `validateContainerCommon`, `validateContainers`,
 * `validateInitContainers`, `validateContainerPorts` (docs/rules/lifecycle.md §G1–G4, G7), with
 * ContainerRestartRules and RestartAllContainers on as in v1.36: container-level restartPolicy and
 * restartPolicyRules are checked in container-restart-policy.ts.
 */
import type { FieldError } from "../field-error.js";
import {
  validateContainerRestartPolicy,
  validateInitContainerRestartPolicy,
} from "./container-restart-policy.js";
import { validateEnv, validateEnvFrom } from "./env.js";
import { isDns1123Label, isValidPortName, isValidPortNum } from "./names.js";
import { validateLifecycle, validateProbe, type ProbeKind } from "./probe.js";
import {
  checkStringArray,
  invalid,
  objectItems,
  readBoolean,
  readInteger,
  readObject,
  readString,
  type Fields,
} from "./shape.js";
import { validateVolumeMounts } from "./volumes.js";

const probeKinds: ProbeKind[] = ["livenessProbe", "readinessProbe", "startupProbe"];
const initOnlyForbidden = "may not be set for init containers without restartPolicy=Always";

export interface ContainerContext {
  volumeNames: ReadonlySet<string>;
  graceSeconds: number | undefined;
  /** `spec.os.name`, which `lifecycle.stopSignal` requires. */
  osName: unknown;
  /**
   * false: the rules before ContainerRestartRules (alpha in v1.34, on from v1.35) — init
   * containers accept only `restartPolicy: Always`, regular containers none — for validators
   * vendoring an older Kubernetes (Kruise's SidecarSet webhook, v1.32). Default: the v1.36 rules.
   */
  allowContainerRestartRules?: boolean;
}

export function validateRegularContainers(
  containers: unknown,
  context: ContainerContext,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  if (
    containers === undefined ||
    containers === null ||
    (Array.isArray(containers) && containers.length === 0)
  ) {
    return [{ type: "Required", path }];
  }
  const names = new Set<unknown>();
  for (const [i, container] of objectItems(containers, path, errors)) {
    const itemPath = `${path}[${i}]`;
    errors.push(...validateContainerCommon(container, context, itemPath));
    if (typeof container.name === "string" && names.has(container.name))
      errors.push({ type: "Duplicate", path: `${itemPath}.name`, value: container.name });
    else names.add(container.name);
    errors.push(...validateProbesAndLifecycle(container, context, itemPath));
    if (context.allowContainerRestartRules !== false)
      errors.push(...validateContainerRestartPolicy(container, itemPath));
    else if (container.restartPolicy !== undefined && container.restartPolicy !== null)
      errors.push({
        type: "Forbidden",
        path: `${itemPath}.restartPolicy`,
        detail: "may not be set for non-init containers",
      });
  }
  return errors;
}

export function validateInitContainers(
  containers: unknown,
  regular: unknown,
  context: ContainerContext,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<unknown>(
    Array.isArray(regular) ? regular.map((c: unknown) => (c as Fields | null)?.name) : [],
  );
  for (const [i, container] of objectItems(containers, path, errors)) {
    const itemPath = `${path}[${i}]`;
    errors.push(...validateContainerCommon(container, context, itemPath));
    const policy = container.restartPolicy;
    if (context.allowContainerRestartRules !== false)
      errors.push(...validateInitContainerRestartPolicy(container, itemPath));
    else if (policy !== undefined && policy !== null && policy !== "Always")
      errors.push({
        type: "NotSupported",
        path: `${itemPath}.restartPolicy`,
        value: policy,
        detail: 'supported values: "Always"',
      });
    if (typeof container.name === "string" && names.has(container.name))
      errors.push({ type: "Duplicate", path: `${itemPath}.name`, value: container.name });
    else if (typeof container.name === "string" && container.name !== "") names.add(container.name);
    if (policy === "Always") {
      errors.push(...validateProbesAndLifecycle(container, context, itemPath));
    } else {
      for (const field of ["lifecycle", ...probeKinds]) {
        if (container[field] !== undefined && container[field] !== null)
          errors.push({ type: "Forbidden", path: `${itemPath}.${field}`, detail: initOnlyForbidden });
      }
    }
  }
  return errors;
}

function validateProbesAndLifecycle(
  container: Fields,
  context: ContainerContext,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  if (container.lifecycle !== undefined && container.lifecycle !== null)
    errors.push(
      ...validateLifecycle(container.lifecycle, context.graceSeconds, context.osName, `${path}.lifecycle`),
    );
  for (const kind of probeKinds)
    errors.push(...validateProbe(container[kind], kind, context.graceSeconds, `${path}.${kind}`));
  return errors;
}

function validateContainerCommon(container: Fields, context: ContainerContext, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = readString(container.name, `${path}.name`, errors);
  if (name === undefined || name === "") errors.push({ type: "Required", path: `${path}.name` });
  else if (name !== null)
    for (const msg of isDns1123Label(name)) errors.push(invalid(`${path}.name`, name, msg));
  const image = readString(container.image, `${path}.image`, errors);
  if (image === undefined || image === "") errors.push({ type: "Required", path: `${path}.image` });
  else if (image !== null && image.trim() !== image)
    errors.push(invalid(`${path}.image`, image, "must not have leading or trailing whitespace"));
  checkStringArray(container.command, `${path}.command`, errors);
  checkStringArray(container.args, `${path}.args`, errors);
  readString(container.workingDir, `${path}.workingDir`, errors);
  readBoolean(container.stdin, `${path}.stdin`, errors);
  readBoolean(container.tty, `${path}.tty`, errors);
  readObject(container.resources, `${path}.resources`, errors);
  readObject(container.securityContext, `${path}.securityContext`, errors);
  errors.push(
    ...validateEnum(
      container.terminationMessagePolicy,
      ["File", "FallbackToLogsOnError"],
      `${path}.terminationMessagePolicy`,
    ),
  );
  errors.push(...validatePorts(container.ports, `${path}.ports`));
  errors.push(...validateEnv(container.env, `${path}.env`));
  errors.push(...validateEnvFrom(container.envFrom, `${path}.envFrom`));
  errors.push(...validateVolumeMounts(container.volumeMounts, context.volumeNames, `${path}.volumeMounts`));
  errors.push(
    ...validateEnum(
      container.imagePullPolicy,
      ["Always", "IfNotPresent", "Never"],
      `${path}.imagePullPolicy`,
    ),
  );
  return errors;
}

/** Required when empty (defaulting fills it), else one of `supported` (upstream order). */
export function validateEnum(value: unknown, supported: readonly string[], path: string): FieldError[] {
  if (value === undefined || value === null || value === "") return [{ type: "Required", path }];
  if (typeof value === "string" && supported.includes(value)) return [];
  return [
    {
      type: "NotSupported",
      path,
      value,
      detail: `supported values: ${supported.map((v) => JSON.stringify(v)).join(", ")}`,
    },
  ];
}

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  for (const [i, port] of objectItems(ports, path, errors)) {
    const itemPath = `${path}[${i}]`;
    const name = readString(port.name, `${itemPath}.name`, errors);
    if (name) {
      const messages = isValidPortName(name);
      for (const msg of messages) errors.push(invalid(`${itemPath}.name`, name, msg));
      if (messages.length === 0 && names.has(name))
        errors.push({ type: "Duplicate", path: `${itemPath}.name`, value: name });
      names.add(name);
    }
    const containerPort = readInteger(port.containerPort, `${itemPath}.containerPort`, errors);
    if (containerPort === undefined || containerPort === 0)
      errors.push({ type: "Required", path: `${itemPath}.containerPort` });
    else if (containerPort !== null)
      for (const msg of isValidPortNum(containerPort))
        errors.push(invalid(`${itemPath}.containerPort`, containerPort, msg));
    const hostPort = readInteger(port.hostPort, `${itemPath}.hostPort`, errors);
    if (typeof hostPort === "number" && hostPort !== 0)
      for (const msg of isValidPortNum(hostPort)) errors.push(invalid(`${itemPath}.hostPort`, hostPort, msg));
    errors.push(...validateEnum(port.protocol, ["SCTP", "TCP", "UDP"], `${itemPath}.protocol`));
  }
  return errors;
}
