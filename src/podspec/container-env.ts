/**
 * A container's environment, as the kubelet's `makeEnvironmentVariables` builds it
 * (pkg/kubelet/kubelet_pods.go): `envFrom` sources first (prefix applied, keys that are not valid
 * variable names skipped and reported), then `env` in order, each value `$(VAR)`-expanded against
 * what came before. Pure. Service-link variables are not produced (podvisor has no Services).
 * A missing required ConfigMap/Secret or key yields the kubelet's CreateContainerConfigError text.
 */
import {
  decodeBase64,
  podFieldValue,
  resourceFieldValue,
  type Container,
  type Pod,
  isRelaxedEnvVarName,
} from "../api/index.js";
import type { ObjectLookup } from "./object-lookup.js";

export interface EnvSources {
  /** The ConfigMaps and Secrets that env and envFrom read. */
  objects: ObjectLookup;
  podIP: string;
  hostIP: string;
  nodeName: string;
  /** Used for `limits.*` when the container sets no limit (the kubelet uses node allocatable). */
  nodeAllocatable?: Record<string, string | number>;
}

export type EnvResult =
  | {
      env: [string, string][];
      /** `InvalidEnvironmentVariableNames` warnings, one per envFrom source with skipped keys. */
      warnings: string[];
    }
  | { error: string };

export function resolveContainerEnv(pod: Pod, container: Container, sources: EnvSources): EnvResult {
  const namespace = pod.metadata.namespace ?? "default";
  const values = new Map<string, string>();
  const warnings: string[] = [];

  for (const envFrom of container.envFrom ?? []) {
    const prefix = envFrom.prefix ?? "";
    let data: Record<string, string>;
    let label: string;
    if (envFrom.configMapRef) {
      const name = envFrom.configMapRef.name ?? "";
      const configMap = sources.objects.configMap(namespace, name);
      if (!configMap) {
        if (envFrom.configMapRef.optional === true) continue;
        return { error: `configmap "${name}" not found` };
      }
      data = configMap.data ?? {};
      label = `configMap ${namespace}/${name}`;
    } else if (envFrom.secretRef) {
      const name = envFrom.secretRef.name ?? "";
      const secret = sources.objects.secret(namespace, name);
      if (!secret) {
        if (envFrom.secretRef.optional === true) continue;
        return { error: `secret "${name}" not found` };
      }
      data = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, decodeText(v)]));
      label = `secret ${namespace}/${name}`;
    } else {
      continue;
    }
    const invalidKeys: string[] = [];
    for (const [key, value] of Object.entries(data)) {
      const name = prefix + key;
      if (isRelaxedEnvVarName(name).length > 0) invalidKeys.push(name);
      else values.set(name, value);
    }
    if (invalidKeys.length > 0) {
      warnings.push(
        `Keys [${invalidKeys.sort().join(", ")}] from the EnvFrom ${label} were skipped since they are considered invalid environment variable names.`,
      );
    }
  }

  for (const envVar of container.env ?? []) {
    let value = envVar.value ?? "";
    if (value !== "") {
      value = expandVariables(value, (name) => values.get(name));
    } else if (envVar.valueFrom) {
      const from = envVar.valueFrom;
      if (from.fieldRef) {
        value = podFieldValue(pod, from.fieldRef, sources);
      } else if (from.resourceFieldRef) {
        value = resourceFieldValue(pod, container, from.resourceFieldRef, sources.nodeAllocatable);
      } else if (from.configMapKeyRef) {
        const { name = "", key, optional } = from.configMapKeyRef;
        const configMap = sources.objects.configMap(namespace, name);
        if (!configMap) {
          if (optional === true) continue;
          return { error: `configmap "${name}" not found` };
        }
        const found = configMap.data?.[key];
        if (found === undefined) {
          if (optional === true) continue;
          return { error: `couldn't find key ${key} in ConfigMap ${namespace}/${name}` };
        }
        value = found;
      } else if (from.secretKeyRef) {
        const { name = "", key, optional } = from.secretKeyRef;
        const secret = sources.objects.secret(namespace, name);
        if (!secret) {
          if (optional === true) continue;
          return { error: `secret "${name}" not found` };
        }
        const found = secret.data?.[key];
        if (found === undefined) {
          if (optional === true) continue;
          return { error: `couldn't find key ${key} in Secret ${namespace}/${name}` };
        }
        value = decodeText(found);
      }
    }
    values.set(envVar.name, value);
  }
  return { env: [...values.entries()], warnings };
}

/**
 * `$(VAR)` expansion, a port of k8s.io/kubernetes third_party/forked/golang/expansion `Expand`:
 * `$$` is an escaped `$`; a reference whose name `lookup` does not know, an unterminated `$(`, and
 * a `$` before anything else are all left as written.
 */
export function expandVariables(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === "$") {
      out += "$";
    } else if (rest[0] === "(") {
      const close = rest.indexOf(")", 1);
      if (close < 0) {
        out += "$(";
      } else {
        const name = rest.slice(1, close);
        out += lookup(name) ?? `$(${name})`;
        advance = close + 1;
      }
    } else {
      out += `$${rest[0] ?? ""}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

function decodeText(base64: string): string {
  const bytes = decodeBase64(base64);
  return bytes ? new TextDecoder().decode(bytes) : "";
}
