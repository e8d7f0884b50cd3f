import { decodeBase64 } from "../../api/index.js";
import type { Secret } from "../../api/index.js";
import type { RegistryCredential } from "./image-pull-policy.js";

/**
 * The registry logins in a pod's imagePullSecrets, as the kubelet's credential provider reads
 * them (pkg/credentialprovider/secrets MakeDockerKeyring): a `kubernetes.io/dockerconfigjson`
 * Secret's `.dockerconfigjson` (`{"auths": {server: {...}}}`) or a legacy
 * `kubernetes.io/dockercfg` Secret's `.dockercfg` (`{server: {...}}`), each key read only from a
 * Secret of its type. A missing Secret is skipped and named in `problems` (the kubelet warns and
 * pulls without it); for one whose JSON is broken the kubelet fails the pull, so the caller should
 * turn that problem into ErrImagePull.
 */
export function registryCredentials(
  pullSecretNames: readonly string[],
  secrets: readonly Secret[],
): { credentials: RegistryCredential[]; problems: string[] } {
  const credentials: RegistryCredential[] = [];
  const problems: string[] = [];
  for (const name of pullSecretNames) {
    const secret = secrets.find((s) => s.metadata.name === name);
    const config =
      secret?.type === "kubernetes.io/dockerconfigjson"
        ? readKey(secret, ".dockerconfigjson")
        : secret?.type === "kubernetes.io/dockercfg"
          ? readKey(secret, ".dockercfg")
          : undefined;
    if (!secret || config === undefined) {
      problems.push(
        `imagePullSecrets "${name}": no Secret of type kubernetes.io/dockerconfigjson (or dockercfg) with its key in the input`,
      );
      continue;
    }
    try {
      const parsed = JSON.parse(config) as { auths?: Record<string, unknown> } & Record<string, unknown>;
      const auths = parsed.auths ?? parsed;
      for (const [server, entry] of Object.entries(auths)) {
        const e = entry as { username?: unknown; password?: unknown; auth?: unknown };
        credentials.push({
          server,
          ...(typeof e.username === "string" ? { username: e.username } : {}),
          ...(typeof e.password === "string" ? { password: e.password } : {}),
          ...(typeof e.auth === "string" ? { auth: e.auth } : {}),
        });
      }
    } catch {
      problems.push(`imagePullSecrets "${name}": its docker config is not valid JSON`);
    }
  }
  return { credentials, problems };
}

function readKey(secret: Secret, key: string): string | undefined {
  const text = secret.stringData?.[key];
  if (text !== undefined) return text;
  const data = secret.data?.[key];
  const bytes = data === undefined ? undefined : decodeBase64(data);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}
