/**
 * Probe and lifecycle-hook validation, after upstream `validateProbe`, `validateLivenessProbe`,
 * `validateReadinessProbe`, `validateStartupProbe`, `validateHandler`, `validateSleepAction`
 * (pkg/apis/core/validation/validation.go; docs/rules/lifecycle.md §G5, §G6). Runs after defaulting, so
 * zeros have already become the E2 defaults.
 */
import type { FieldError } from "../field-error.js";
import { isHttpHeaderName, isValidPortName, isValidPortNum } from "./names.js";
import {
  checkStringArray,
  invalid,
  objectItems,
  readInteger,
  readObject,
  readString,
  type Fields,
} from "./shape.js";
import { LINUX_STOP_SIGNALS, WINDOWS_STOP_SIGNALS } from "../signals.js";

export type ProbeKind = "livenessProbe" | "readinessProbe" | "startupProbe";

const probeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"] as const;
const hookHandlers = ["exec", "httpGet", "tcpSocket", "sleep"] as const;

/** `probe` is the raw value of `<container>.<kind>`; `graceSeconds` the pod's terminationGracePeriodSeconds. */
export function validateProbe(
  probe: unknown,
  kind: ProbeKind,
  graceSeconds: number | undefined,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const fields = readObject(probe, path, errors);
  if (!fields) return errors;
  errors.push(...validateHandler(fields, probeHandlers, graceSeconds, path));
  for (const name of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
  ]) {
    const value = readInteger(fields[name], `${path}.${name}`, errors);
    if (typeof value === "number" && value < 0)
      errors.push(invalid(`${path}.${name}`, value, "must be greater than or equal to 0"));
  }
  const grace = readInteger(
    fields.terminationGracePeriodSeconds,
    `${path}.terminationGracePeriodSeconds`,
    errors,
  );
  if (typeof grace === "number" && grace <= 0)
    errors.push(invalid(`${path}.terminationGracePeriodSeconds`, grace, "must be greater than 0"));
  if (kind !== "readinessProbe") {
    const success = fields.successThreshold;
    if (typeof success === "number" && Number.isInteger(success) && success !== 1)
      errors.push(invalid(`${path}.successThreshold`, success, "must be 1"));
  } else if (typeof grace === "number") {
    errors.push(
      invalid(`${path}.terminationGracePeriodSeconds`, grace, "must not be set for readinessProbes"),
    );
  }
  return errors;
}

/** `lifecycle`: postStart and preStop handlers (sleep allowed), stopSignal. */
export function validateLifecycle(
  lifecycle: unknown,
  graceSeconds: number | undefined,
  osName: unknown,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const fields = readObject(lifecycle, path, errors);
  if (!fields) return errors;
  for (const hook of ["postStart", "preStop"]) {
    const handler = readObject(fields[hook], `${path}.${hook}`, errors);
    if (handler) errors.push(...validateHandler(handler, hookHandlers, graceSeconds, `${path}.${hook}`));
  }
  const signal = readString(fields.stopSignal, `${path}.stopSignal`, errors);
  if (typeof signal === "string") errors.push(...validateStopSignal(signal, osName, `${path}.stopSignal`));
  return errors;
}

function validateHandler(
  handler: Fields,
  kinds: readonly string[],
  graceSeconds: number | undefined,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  let count = 0;
  for (const kind of kinds) {
    const value = handler[kind];
    if (value === undefined || value === null) continue;
    const handlerPath = `${path}.${kind}`;
    if (count > 0) {
      errors.push({
        type: "Forbidden",
        path: handlerPath,
        detail: "may not specify more than 1 handler type",
      });
      continue;
    }
    count++;
    const action = readObject(value, handlerPath, errors);
    if (action) errors.push(...validateAction(kind, action, graceSeconds, handlerPath));
  }
  if (count === 0) errors.push({ type: "Required", path, detail: "must specify a handler type" });
  return errors;
}

function validateAction(
  kind: string,
  action: Fields,
  graceSeconds: number | undefined,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  switch (kind) {
    case "exec": {
      const command = checkStringArray(action.command, `${path}.command`, errors);
      if (action.command === undefined || command?.length === 0)
        errors.push({ type: "Required", path: `${path}.command` });
      break;
    }
    case "httpGet": {
      const httpPath = readString(action.path, `${path}.path`, errors);
      if (httpPath === undefined || httpPath === "") errors.push({ type: "Required", path: `${path}.path` });
      errors.push(...validatePortNumOrName(action.port, `${path}.port`));
      const scheme = action.scheme;
      if (scheme !== "HTTP" && scheme !== "HTTPS") {
        errors.push({
          type: "NotSupported",
          path: `${path}.scheme`,
          value: scheme ?? "",
          detail: 'supported values: "HTTP", "HTTPS"',
        });
      }
      for (const [i, header] of objectItems(action.httpHeaders, `${path}.httpHeaders`, errors)) {
        const name = readString(header.name, `${path}.httpHeaders[${i}].name`, errors);
        if (typeof name === "string")
          for (const msg of isHttpHeaderName(name)) errors.push(invalid(`${path}.httpHeaders`, name, msg));
      }
      break;
    }
    case "tcpSocket":
      errors.push(...validatePortNumOrName(action.port, `${path}.port`));
      break;
    case "grpc": {
      const port = readInteger(action.port, `${path}.port`, errors);
      if (port === undefined) errors.push({ type: "Required", path: `${path}.port` });
      else if (port !== null)
        for (const msg of isValidPortNum(port)) errors.push(invalid(`${path}.port`, port, msg));
      break;
    }
    case "sleep": {
      const seconds = readInteger(action.seconds, `${path}.seconds`, errors);
      if (seconds === undefined) errors.push({ type: "Required", path: `${path}.seconds` });
      // Upstream compares `seconds > grace`: seconds equal to the grace period is accepted (§G6).
      else if (seconds !== null && graceSeconds !== undefined && (seconds < 0 || seconds > graceSeconds)) {
        errors.push(
          invalid(
            path,
            seconds,
            `must be non-negative and less than terminationGracePeriodSeconds (${graceSeconds})`,
          ),
        );
      }
      break;
    }
  }
  return errors;
}

/** ValidatePortNumOrName: an IntOrString port. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === "number" && Number.isInteger(port))
    return isValidPortNum(port).map((msg) => invalid(path, port, msg));
  if (typeof port === "string") return isValidPortName(port).map((msg) => invalid(path, port, msg));
  if (port === undefined || port === null) return [{ type: "Required", path }];
  return [invalid(path, port, "must be an integer or a string")];
}

/**
 * `lifecycle.stopSignal` (KEP-4960 validateStopSignal): needs `spec.os.name`, and a signal that
 * OS supports (supportedStopSignalsLinux / supportedStopSignalsWindows, listed sorted).
 */
function validateStopSignal(signal: string, osName: unknown, path: string): FieldError[] {
  if (osName !== "linux" && osName !== "windows") {
    return [{ type: "Forbidden", path, detail: "may not be set for containers with empty `spec.os.name`" }];
  }
  const supported: readonly string[] = osName === "linux" ? LINUX_STOP_SIGNALS : WINDOWS_STOP_SIGNALS;
  if (supported.includes(signal)) return [];
  return [
    {
      type: "NotSupported",
      path,
      value: signal,
      detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`,
    },
  ];
}
