/**
 * Pod defaults as the API server applies them (pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec,
 * _Container, _Probe, _HTTPGetAction, _ContainerPort, _Volume, _ObjectFieldSelector; docs/rules/lifecycle.md
 * §E2). Mutates a decoded object in place and leaves wrongly typed fields alone for validation.
 */
import { isRecord, type Fields } from "../validation/shape.js";
import type { DefaultingContext } from "./defaulting-context.js";
import { defaultObjectMeta } from "./object-meta-defaults.js";

/** The API server's default `terminationGracePeriodSeconds` (core/v1 DefaultTerminationGracePeriodSeconds). */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

export function defaultPod(pod: Fields, context: DefaultingContext): void {
  defaultObjectMeta(pod, context);
  if (isRecord(pod.spec)) defaultPodSpec(pod.spec, { isJobTemplate: false });
}

/**
 * `isJobTemplate`: leave `restartPolicy` unset, so the Job's own check reports it (the Job API
 * requires OnFailure or Never; upstream defaults Always and then rejects that the same way).
 */
export function defaultPodSpec(spec: Fields, options: { isJobTemplate: boolean }): void {
  setIfEmpty(spec, "restartPolicy", options.isJobTemplate ? undefined : "Always");
  setIfEmpty(spec, "terminationGracePeriodSeconds", DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
  setIfEmpty(spec, "dnsPolicy", "ClusterFirst");
  setIfEmpty(spec, "schedulerName", "default-scheduler");
  for (const list of [spec.initContainers, spec.containers]) {
    if (Array.isArray(list))
      for (const container of list) if (isRecord(container)) defaultContainer(container);
  }
  if (Array.isArray(spec.volumes))
    for (const volume of spec.volumes) if (isRecord(volume)) defaultVolume(volume);
}

function defaultContainer(container: Fields): void {
  setIfEmpty(container, "terminationMessagePath", "/dev/termination-log");
  setIfEmpty(container, "terminationMessagePolicy", "File");
  // An absent image parses to no tag upstream (the parse error is ignored): IfNotPresent.
  setIfEmpty(
    container,
    "imagePullPolicy",
    typeof container.image === "string" && container.image !== ""
      ? defaultPullPolicy(container.image)
      : "IfNotPresent",
  );
  if (Array.isArray(container.ports))
    for (const port of container.ports) if (isRecord(port)) setIfEmpty(port, "protocol", "TCP");
  for (const kind of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    const probe = container[kind];
    if (!isRecord(probe)) continue;
    // Zero counts as unset here: the fields are int32 with `omitempty` upstream.
    setIfZero(probe, "timeoutSeconds", 1);
    setIfZero(probe, "periodSeconds", 10);
    setIfZero(probe, "successThreshold", 1);
    setIfZero(probe, "failureThreshold", 3);
    defaultHttpGet(probe.httpGet);
  }
  if (isRecord(container.lifecycle)) {
    for (const hook of [container.lifecycle.postStart, container.lifecycle.preStop])
      if (isRecord(hook)) defaultHttpGet(hook.httpGet);
  }
  if (Array.isArray(container.env)) {
    for (const envVar of container.env) {
      if (isRecord(envVar) && isRecord(envVar.valueFrom) && isRecord(envVar.valueFrom.fieldRef))
        setIfEmpty(envVar.valueFrom.fieldRef, "apiVersion", "v1");
    }
  }
}

/** `:latest` or no tag (and no digest) → Always, else IfNotPresent (parsers.ParseImageName). */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  if (image.includes("@")) return "IfNotPresent";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  const tag = colon < 0 ? "latest" : lastSegment.slice(colon + 1);
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultHttpGet(action: unknown): void {
  if (!isRecord(action)) return;
  setIfEmpty(action, "path", "/");
  setIfEmpty(action, "scheme", "HTTP");
}

const volumeSourceless = (volume: Fields) => Object.keys(volume).every((key) => key === "name");

function defaultVolume(volume: Fields): void {
  if (volumeSourceless(volume)) volume.emptyDir = {};
  for (const kind of ["configMap", "secret", "downwardAPI"]) {
    const source = volume[kind];
    if (isRecord(source)) setIfEmpty(source, "defaultMode", 0o644);
  }
  if (isRecord(volume.downwardAPI) && Array.isArray(volume.downwardAPI.items)) {
    for (const item of volume.downwardAPI.items)
      if (isRecord(item) && isRecord(item.fieldRef)) setIfEmpty(item.fieldRef, "apiVersion", "v1");
  }
}

function setIfEmpty(fields: Fields, key: string, value: unknown): void {
  if (value !== undefined && (fields[key] === undefined || fields[key] === null || fields[key] === ""))
    fields[key] = value;
}

function setIfZero(fields: Fields, key: string, value: number): void {
  if (fields[key] === undefined || fields[key] === null || fields[key] === 0) fields[key] = value;
}
