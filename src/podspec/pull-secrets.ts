/**
 * A pod's imagePullSecrets as the kubelet reads them: the Secrets it can find
 * (kubelet_pods.go `getPullSecretsForPod`) and the docker configs in them
 * (credentialprovider/secrets `MakeDockerKeyring`, config.go's decoding).
 */
import { decodeBase64 } from "../api/index.js";
import type { Pod, Secret } from "../api/index.js";
import { decodeAuthField, type DockerConfig, type RegistryAuth } from "./docker-keyring.js";
import type { ObjectLookup } from "./object-lookup.js";

export interface PodPullSecrets {
  secrets: Secret[];
  /**
   * Names the lookup could not find. The kubelet pulls without them and says so in a Warning
   * `FailedToRetrieveImagePullSecret` event (`pullSecretsWarning`).
   */
  missing: string[];
}

/** getPullSecretsForPod: each named Secret in the pod's namespace; an empty name is skipped. */
export function resolvePullSecrets(pod: Pod, objects: ObjectLookup): PodPullSecrets {
  const namespace = pod.metadata.namespace ?? "default";
  const secrets: Secret[] = [];
  const missing: string[] = [];
  for (const { name } of pod.spec.imagePullSecrets ?? []) {
    if (!name) continue;
    const secret = objects.secret(namespace, name);
    if (secret) secrets.push(secret);
    else missing.push(name);
  }
  return { secrets, missing };
}

/** The kubelet's event message for imagePullSecrets it could not retrieve. */
export function pullSecretsWarning(missing: readonly string[]): string {
  return `Unable to retrieve some image pull secrets (${missing.join(", ")}); attempting to pull the image may not succeed.`;
}

/**
 * `secretsToTrackedDockerConfigs`: a `kubernetes.io/dockerconfigjson` Secret's `.dockerconfigjson`
 * (its `auths`) or a `kubernetes.io/dockercfg` Secret's `.dockercfg`, each only from a Secret of
 * that type and only when non-empty; other Secrets are passed over. A config that does not decode
 * fails the whole lookup (the kubelet returns that error from the pull), named here with its Secret.
 */
export function dockerConfigsOf(secrets: readonly Secret[]): { configs: DockerConfig[] } | { error: string } {
  const configs: DockerConfig[] = [];
  for (const secret of secrets) {
    const isJson = secret.type === "kubernetes.io/dockerconfigjson";
    const key = isJson ? ".dockerconfigjson" : ".dockercfg";
    if (!isJson && secret.type !== "kubernetes.io/dockercfg") continue;
    const bytes = decodeBase64(secret.data?.[key] ?? "");
    if (bytes === undefined || bytes.length === 0) continue;
    const config = decodeDockerConfig(new TextDecoder().decode(bytes), isJson);
    if (typeof config === "string")
      return { error: `imagePullSecrets "${secret.metadata.name ?? ""}": ${key}: ${config}` };
    configs.push(config);
  }
  return { configs };
}

/** The config's entries, or what is wrong with it. */
function decodeDockerConfig(text: string, hasAuths: boolean): DockerConfig | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const entries = hasAuths && isObject(parsed) ? parsed.auths : parsed;
  if (hasAuths && entries == null) return {};
  if (!isObject(entries)) return hasAuths ? '"auths" is not an object' : "not a JSON object";
  const config: DockerConfig = {};
  for (const [server, entry] of Object.entries(entries)) {
    const auth = decodeEntry(entry);
    if (typeof auth === "string") return `${JSON.stringify(server)}: ${auth}`;
    config[server] = auth;
  }
  return config;
}

/** config.go `DockerConfigEntry.UnmarshalJSON`: `auth`, when set, overrides username and password. */
function decodeEntry(entry: unknown): RegistryAuth | string {
  if (!isObject(entry)) return "not a JSON object";
  const fields: Record<string, string> = {};
  for (const name of ["username", "password", "email", "auth"]) {
    const value = entry[name];
    if (value == null) continue;
    if (typeof value !== "string") return `"${name}" is not a string`;
    fields[name] = value;
  }
  const { username = "", password = "", email, auth } = fields;
  const decoded = auth ? decodeAuthField(auth) : { username, password };
  if (!decoded) return "unable to parse auth field, must be formatted as base64(username:password)";
  return { ...decoded, ...(email ? { email } : {}) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
